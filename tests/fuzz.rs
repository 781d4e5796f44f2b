//! Property-based fuzzing of the pure core (issue 6), with proptest: the URL normaliser,
//! the input checks, request building, response classification, field rules, products,
//! the error messages and the cache. Every target first replays the seed corpus in
//! `tests/fuzz-corpus/`, then runs random cases (some mutated from the corpus). Each
//! property says "never panics" plus the invariants the rest of the SDK relies on.
//!
//! `FUZZ_CASES` random cases per target (default 64: the test command's short run, a few
//! seconds); `FUZZ_SEED` picks the random sequence (default fixed, so a failure
//! reproduces). `scripts/fuzz.sh` is the long run. Each target prints its executions; run
//! with `--nocapture` to see them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::Instant;

use connect_sdk_client_wasm::core::cache::{Cache, CAPACITY};
use connect_sdk_client_wasm::core::details::{is_loopback, normalise_api_url, RawSessionDetails};
use connect_sdk_client_wasm::core::error::{push_u64, rule, BodyProblem, Error, InputError};
use connect_sdk_client_wasm::core::product::{self, PaymentDetails, RawPaymentDetails};
use connect_sdk_client_wasm::core::request::{self, Built, PageInfo};
use connect_sdk_client_wasm::core::response::{self, Doc, Kind, CUSTOMER_DETAILS_FIELDS};
use connect_sdk_client_wasm::core::rules::{self, FieldRules, Matcher};
use connect_sdk_client_wasm::core::validate::{self, Lookup, Raw, RawLookup, RawPair};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::Value;

// ---- Harness -------------------------------------------------------------------------

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// Random cases per target.
fn cases() -> u32 {
    env_number("FUZZ_CASES", 64) as u32
}

/// Runs `property` on every corpus input, then on `cases()` random ones, catching panics
/// so that proptest shrinks them like any failure. Prints the number of executions.
fn fuzz<S>(
    name: &str,
    corpus: Vec<S::Value>,
    strategy: S,
    property: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: Debug + Clone,
{
    let start = Instant::now();
    let checked = |v: S::Value| match catch_unwind(AssertUnwindSafe(|| property(v))) {
        Ok(result) => result,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(TestCaseError::fail(format!("panicked: {msg}")))
        }
    };
    let replayed = corpus.len();
    for input in corpus {
        if let Err(e) = checked(input.clone()) {
            panic!("{name}: corpus input {input:?} fails: {e}");
        }
    }
    let mut seed = [0u8; 32];
    let s = env_number("FUZZ_SEED", 0x5eed_0006);
    seed[..8].copy_from_slice(&s.to_le_bytes());
    for (i, b) in name.bytes().enumerate() {
        seed[8 + i % 24] ^= b;
    }
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 20_000,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
    if let Err(e) = runner.run(&strategy, checked) {
        panic!("{name} (FUZZ_SEED={s}): {e}");
    }
    println!(
        "fuzz {name}: {} executions ({replayed} corpus + {} random) in {:.2?}",
        replayed + cases() as usize,
        cases(),
        start.elapsed()
    );
}

/// The files of `tests/fuzz-corpus/<dir>`, in name order.
fn corpus(dir: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-corpus")
        .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .map(|e| e.expect("corpus entry").path())
        .collect();
    files.sort();
    let out: Vec<String> = files
        .iter()
        .map(|f| String::from_utf8_lossy(&std::fs::read(f).expect("corpus file")).into_owned())
        .collect();
    assert!(!out.is_empty(), "empty corpus {dir}");
    out
}

/// A parsed JSON document for the SDK's `Doc` (the browser's JSON.parse in the wasm build).
#[derive(Debug, Clone, PartialEq)]
struct Json(Value);

impl Doc for Json {
    fn kind(&self) -> Kind {
        match self.0 {
            Value::Object(_) => Kind::Object,
            Value::Array(_) => Kind::Array,
            Value::String(_) => Kind::String,
            _ => Kind::Other,
        }
    }
    fn get(&self, name: &str) -> Option<Self> {
        self.0.as_object()?.get(name).cloned().map(Json)
    }
    fn text(&self) -> Option<String> {
        self.0.as_str().map(str::to_string)
    }
    fn at(&self, i: u32) -> Option<Self> {
        self.0.as_array()?.get(i as usize).cloned().map(Json)
    }
    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }
}

/// The browser's RegExp stand-in, as in the crate's own tests.
struct NativeRegex;

impl Matcher for NativeRegex {
    fn is_match(&self, pattern: &str, value: &str) -> Option<bool> {
        regex::RegexBuilder::new(pattern)
            .size_limit(1 << 20)
            .build()
            .ok()
            .map(|r| r.is_match(value))
    }
}

// ---- Strategies ----------------------------------------------------------------------

const SPECIAL: &[char] = &[
    '/',
    '?',
    '#',
    '%',
    '\\',
    '"',
    '\'',
    '\n',
    '\r',
    '\t',
    '\0',
    ' ',
    '.',
    ':',
    '@',
    '[',
    ']',
    '{',
    '}',
    '+',
    '-',
    '_',
    '~',
    '&',
    '=',
    '\u{7f}',
    '\u{85}',
    '\u{a0}',
    '\u{ff}',
    '\u{100}',
    '\u{200b}',
    '\u{200d}',
    '\u{202e}',
    '\u{2028}',
    '\u{2029}',
    '\u{301}',
    '\u{feff}',
    'é',
    'Ä',
    'ß',
    '😀',
    '𝔘',
    '\u{10ffff}',
    '顧',
];

fn a_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => (0x20u8..0x7f).prop_map(char::from),
        2 => select(SPECIAL),
        1 => any::<char>(),
        1 => select(&['0', '1', '4', '9'][..]),
    ]
}

/// Any Unicode scalar values (proptest's `String` strategy needs its `std` feature).
fn any_string() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..64).prop_map(String::from_iter)
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(a_char(), 0..max).prop_map(String::from_iter)
}

/// A corpus entry with up to four random edits: insert, delete, replace or duplicate.
fn mutated(seeds: Vec<String>) -> impl Strategy<Value = String> {
    let edit = (
        0u8..4,
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        a_char(),
    );
    (select(seeds), prop::collection::vec(edit, 0..4)).prop_map(|(seed, edits)| {
        let mut chars: Vec<char> = seed.chars().collect();
        for (op, at, to, c) in edits {
            let len = chars.len();
            let i = at.index(len + 1);
            match op {
                0 => chars.insert(i, c),
                1 if len > 0 => {
                    let end = (i + 1 + to.index(4)).min(len);
                    chars.drain(i.min(len - 1)..end);
                }
                2 if len > 0 => chars[i.min(len - 1)] = c,
                _ if len > 0 => {
                    let (a, b) = (i.min(len - 1), to.index(len));
                    let (a, b) = (a.min(b), a.max(b));
                    let slice: Vec<char> = chars[a..=b].to_vec();
                    chars.splice(a..a, slice);
                }
                _ => chars.push(c),
            }
        }
        chars.into_iter().collect()
    })
}

/// URLs built from plausible and hostile parts.
fn url() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        select(
            &[
                "https",
                "http",
                "HTTPS",
                "Http",
                "ftp",
                "javascript",
                "",
                "h ttp",
                "https:"
            ][..]
        )
        .prop_map(str::to_string),
        text(6),
    ];
    let sep = select(&["://", ":/", ":", "///", "://user@", "://:@"][..]);
    let host = prop_oneof![
        select(
            &[
                "localhost",
                "127.0.0.1",
                "127.1.2.3",
                "127.0.0.256",
                "128.0.0.1",
                "[::1]",
                "[::2]",
                "[zz]",
                "h.example",
                "H.Example",
                "localhost.evil.example",
                "127.0.0.1.evil.example",
                "",
                "a_b",
                "xn--bcher-kva.example",
            ][..]
        )
        .prop_map(str::to_string),
        text(12),
    ];
    let port = prop_oneof![
        Just(String::new()),
        (0u32..100_000).prop_map(|p| format!(":{p}")),
        select(&[":", ":-1", ":0x50", ":  80"][..]).prop_map(str::to_string),
    ];
    let path = prop_oneof![
        select(
            &[
                "",
                "/",
                "//",
                "/client",
                "/client/",
                "/client/v1",
                "/client/v1/",
                "/client/v1//",
                "/Client",
                "/client/v2",
                "/client/v1/x",
                "/./client",
                "/client/../client/v1",
            ][..]
        )
        .prop_map(str::to_string),
        text(12).prop_map(|t| format!("/{t}")),
    ];
    let suffix = select(&["", "", "", "?x=1", "#v1", " ", "\t", "\\"][..]);
    let lead = select(&["", "", " ", "\n"][..]);
    (lead, scheme, sep, host, port, path, suffix)
        .prop_map(|(l, s, sep, h, p, path, x)| format!("{l}{s}{sep}{h}{p}{path}{x}"))
}

/// JSON values whose keys are mostly the ones the SDK reads.
fn json() -> impl Strategy<Value = Value> {
    // The documented customer fields, then the other keys the SDK reads.
    const OTHER_KEYS: &[&str] = &[
        "errorId",
        "errors",
        "code",
        "id",
        "message",
        "fields",
        "displayHints",
        "displayOrder",
        "dataRestrictions",
        "validators",
        "isRequired",
        "length",
        "minLength",
        "maxLength",
        "regularExpression",
        "fixedList",
        "allowedValues",
        "range",
        "minValue",
        "maxValue",
        "luhn",
        "usedForLookup",
        "logo",
        "tooltip",
        "image",
        "__proto__",
        "",
    ];
    let keys: Vec<&'static str> = response::CUSTOMER_DETAILS_FIELDS
        .iter()
        .chain(OTHER_KEYS)
        .copied()
        .collect();
    let number = prop_oneof![
        any::<i32>().prop_map(f64::from),
        any::<f64>(),
        select(&[0.0, -0.0, 1.5, 1e300, -1e-300, 9_007_199_254_740_993.0][..]),
    ]
    .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number));
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number,
        text(16).prop_map(Value::String),
        select(keys.clone()).prop_map(|k| Value::String(k.to_string())),
    ];
    let key = prop_oneof![4 => select(keys).prop_map(str::to_string), 1 => text(8)];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Product fields: objects shaped like the API's, with random parts.
fn field() -> impl Strategy<Value = Value> {
    let bound = prop_oneof![
        Just(Value::Null),
        (-5i32..40).prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(Value::String("3".into())),
    ];
    let pattern = prop_oneof![
        select(
            &[
                "^[0-9]{10,12}$",
                "^[49][0-9]{7}$",
                "^\\p{L}+$",
                "([",
                "(a+)+$",
                "^.*$",
                "[",
                "",
                "\\",
            ][..]
        )
        .prop_map(str::to_string),
        text(10),
    ];
    let validators = (
        proptest::option::of((bound.clone(), bound.clone())),
        proptest::option::of(pattern),
        proptest::option::of(prop::collection::vec(text(6), 0..4)),
        proptest::option::of((bound.clone(), bound)),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(length, re, list, range, luhn, email)| {
            let mut v = serde_json::Map::new();
            if let Some((a, b)) = length {
                v.insert(
                    "length".into(),
                    serde_json::json!({"minLength": a, "maxLength": b}),
                );
            }
            if let Some(re) = re {
                v.insert(
                    "regularExpression".into(),
                    serde_json::json!({ "regularExpression": re }),
                );
            }
            if let Some(list) = list {
                v.insert(
                    "fixedList".into(),
                    serde_json::json!({ "allowedValues": list }),
                );
            }
            if let Some((a, b)) = range {
                v.insert(
                    "range".into(),
                    serde_json::json!({"minValue": a, "maxValue": b}),
                );
            }
            if luhn {
                v.insert("luhn".into(), serde_json::json!({}));
            }
            if email {
                v.insert("emailAddress".into(), serde_json::json!({}));
            }
            Value::Object(v)
        });
    let id = prop_oneof![
        4 => select(&["fiscalNumber", "zip", "phoneNumber", "a", ""][..]).prop_map(Value::from),
        1 => json(),
    ];
    (
        id,
        any::<bool>(),
        validators,
        proptest::option::of(json()),
        proptest::option::of(-3i32..50),
    )
        .prop_map(|(id, required, validators, extra, order)| {
            let mut f = serde_json::json!({
                "id": id,
                "type": "string",
                "usedForLookup": true,
                "dataRestrictions": {"isRequired": required, "validators": validators},
            });
            if let Some(order) = order {
                f["displayHints"] = serde_json::json!({ "displayOrder": order });
            }
            if let Some(extra) = extra {
                f["extra"] = extra;
            }
            f
        })
}

/// `n` characters from `alphabet` (proptest's regex strategies need its `std` feature, which
/// does not build for wasm32, so strings are assembled by hand).
fn from_alphabet(
    alphabet: &'static str,
    len: std::ops::Range<usize>,
) -> impl Strategy<Value = String> {
    let chars: Vec<char> = alphabet.chars().collect();
    prop::collection::vec(select(chars), len).prop_map(String::from_iter)
}

fn upper(n: usize) -> impl Strategy<Value = String> {
    from_alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZ", n..n + 1)
}

const DIGITS: &str = "0123456789";

fn raw<T: Debug + Clone + 'static>(
    value: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Raw<T>> {
    prop_oneof![
        1 => Just(Raw::Missing),
        1 => Just(Raw::WrongType),
        1 => Just(Raw::Malformed),
        6 => value.prop_map(Raw::Value),
    ]
    .boxed()
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        (0u64..1 << 54).prop_map(|n| n as f64),
        (-1000i64..100_000).prop_map(|n| n as f64),
        select(
            &[
                0.0,
                -0.0,
                1.0,
                1.5,
                -1.0,
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                9_007_199_254_740_991.0,
                9_007_199_254_740_992.0,
                2_147_483_647.0,
                2_147_483_648.0,
                f64::MIN_POSITIVE,
            ][..]
        ),
    ]
}

fn country() -> impl Strategy<Value = String> {
    prop_oneof![
        select(&["SE", "se", "No", "FI", "S", "SWE", "", "S1", "ÖS", "Ö"][..])
            .prop_map(str::to_string),
        text(4),
    ]
}

fn lookup_strategy() -> impl Strategy<Value = RawLookup> {
    let key = prop_oneof![
        select(&["fiscalNumber", "zip", "phoneNumber", "", "a"][..]).prop_map(str::to_string),
        text(70),
    ];
    let pair = raw((raw(key), raw(text(300))).prop_map(|(key, value)| RawPair { key, value }));
    (raw(country()), raw(prop::collection::vec(pair, 0..20))).prop_map(|(country_code, values)| {
        RawLookup {
            country_code,
            values,
        }
    })
}

fn valid_lookup() -> impl Strategy<Value = Lookup> {
    (upper(2), prop::collection::vec((text(20), text(40)), 1..5)).prop_map(
        |(country_code, values)| Lookup {
            country_code,
            values,
        },
    )
}

/// Strictly decodes standard padded base64.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if s.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::new();
    for chunk in s.as_bytes().chunks(4) {
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            n = (n << 6) | ALPHABET.iter().position(|&a| a == c)? as u32;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

/// Percent-decodes strictly: `%HH` with upper-case hex, else the byte itself.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            if hex.bytes().any(|c| c.is_ascii_lowercase()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

fn segment(s: &str) -> String {
    let mut out = String::new();
    request::push_segment(&mut out, s);
    out
}

fn ensure(cond: bool, what: impl FnOnce() -> String) -> Result<(), TestCaseError> {
    if cond {
        Ok(())
    } else {
        Err(TestCaseError::fail(what()))
    }
}

const INPUT_RULES: &[&str] = &[
    rule::REQUIRED,
    rule::TYPE,
    rule::EMPTY,
    rule::MALFORMED,
    rule::TOO_LONG,
    rule::RANGE,
    rule::FORMAT,
    rule::DUPLICATE,
    rule::URL_SYNTAX,
    rule::URL_SCHEME,
    rule::URL_PATH,
    rule::URL_INSECURE,
];

// ---- Session and URL -----------------------------------------------------------------

fn check_normalised(input: &str) -> Result<(), TestCaseError> {
    match normalise_api_url(input) {
        Ok(out) => {
            let (scheme, rest) = out.split_once("://").expect("scheme");
            ensure(scheme == "https" || scheme == "http", || {
                format!("scheme of {out}")
            })?;
            let authority = rest
                .strip_suffix("/client/v1")
                .ok_or_else(|| TestCaseError::fail(format!("{out} does not end in /client/v1")))?;
            ensure(
                !authority.is_empty() && !authority.contains(['/', '?', '#', '\\', '@']),
                || format!("authority of {out}"),
            )?;
            ensure(out.is_ascii() && !out.contains(char::is_whitespace), || {
                format!("{out} is not plain ASCII")
            })?;
            ensure(
                normalise_api_url(&out).as_deref() == Ok(out.as_str()),
                || format!("{out} is not a fixed point"),
            )?;
            ensure(
                input.trim().to_ascii_lowercase().starts_with(scheme),
                || format!("{input:?} became {out}"),
            )?;
            if scheme == "http" {
                let host = authority
                    .rsplit_once(':')
                    .filter(|(h, p)| {
                        !h.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !h.ends_with(':')
                    })
                    .map_or(authority, |(h, _)| h);
                let host = if authority.starts_with('[') {
                    &authority[..=authority.find(']').expect("]")]
                } else {
                    host
                };
                ensure(is_loopback(host), || {
                    format!("plain http to {host} accepted")
                })?;
            }
            Ok(())
        }
        Err(r) => ensure(
            [
                rule::URL_SYNTAX,
                rule::URL_SCHEME,
                rule::URL_PATH,
                rule::URL_INSECURE,
            ]
            .contains(&r),
            || format!("rule {r}"),
        ),
    }
}

#[test]
fn fuzz_url_normaliser() {
    let seeds = corpus("url");
    let strategy = prop_oneof![url(), mutated(seeds.clone()), text(40)];
    fuzz("url_normaliser", seeds, strategy, |s| check_normalised(&s));
}

#[test]
fn fuzz_session_details() {
    let urls = corpus("url");
    let text_or_url = prop_oneof![text(30), mutated(urls), url(), Just("x".repeat(2049))];
    let strategy = (
        raw(text(40)),
        raw(text(40)),
        raw(text_or_url),
        raw(text(40)),
    );
    fuzz(
        "session_details",
        vec![],
        strategy,
        |(sid, cid, url, asset)| {
            let details = RawSessionDetails {
                client_session_id: sid.clone(),
                customer_id: cid.clone(),
                client_api_url: url.clone(),
                asset_url: asset.clone(),
            };
            match details.check() {
                Ok(d) => {
                    ensure(Raw::Value(d.client_session_id.clone()) == sid, || {
                        "session id changed".into()
                    })?;
                    ensure(Raw::Value(d.customer_id.clone()) == cid, || {
                        "customer id changed".into()
                    })?;
                    ensure(Raw::Value(d.asset_url.clone()) == asset, || {
                        "asset url changed".into()
                    })?;
                    ensure(d.customer_id != "." && d.customer_id != "..", || {
                        "dot segment".into()
                    })?;
                    for s in [&d.client_session_id, &d.customer_id, &d.asset_url] {
                        ensure(!s.is_empty() && s.chars().count() <= 2048, || {
                            format!("length of {s:?}")
                        })?;
                    }
                    let Raw::Value(u) = url else {
                        return Err(TestCaseError::fail("url"));
                    };
                    ensure(
                        normalise_api_url(&u) == Ok(d.client_api_url.clone()),
                        || "url".into(),
                    )
                }
                Err(e) => {
                    ensure(e.property.starts_with("sessionDetails."), || {
                        e.property.clone()
                    })?;
                    ensure(INPUT_RULES.contains(&e.rule), || e.rule.to_string())?;
                    // Only the Client API URL is ever quoted (never a secret).
                    ensure(
                        e.quoted.is_none() || e.property == "sessionDetails.clientApiUrl",
                        || format!("{} quoted", e.property),
                    )
                }
            }
        },
    );
}

// ---- Input checks --------------------------------------------------------------------

#[test]
fn fuzz_validate_lookup() {
    fuzz("validate_lookup", vec![], lookup_strategy(), |raw_lookup| {
        let n = match &raw_lookup.values {
            Raw::Value(v) => v.len(),
            _ => 0,
        };
        match validate::lookup(raw_lookup.clone()) {
            Ok(l) => {
                let Raw::Value(c) = &raw_lookup.country_code else {
                    return Err(TestCaseError::fail("country"));
                };
                ensure(
                    l.country_code == c.to_ascii_uppercase() && l.country_code.len() == 2,
                    || l.country_code.clone(),
                )?;
                ensure(
                    l.country_code.bytes().all(|b| b.is_ascii_uppercase()),
                    || l.country_code.clone(),
                )?;
                ensure(
                    (1..=validate::MAX_VALUES).contains(&l.values.len()) && l.values.len() == n,
                    || "count".into(),
                )?;
                let keys: BTreeSet<&String> = l.values.iter().map(|(k, _)| k).collect();
                ensure(keys.len() == l.values.len(), || "duplicate keys".into())?;
                let Raw::Value(items) = raw_lookup.values else {
                    return Err(TestCaseError::fail("values"));
                };
                for ((k, v), item) in l.values.iter().zip(items) {
                    ensure(
                        !k.is_empty() && k.chars().count() <= validate::MAX_KEY_LEN,
                        || k.clone(),
                    )?;
                    ensure(v.chars().count() <= validate::MAX_VALUE_LEN, || {
                        "value length".into()
                    })?;
                    ensure(
                        item == Raw::Value(RawPair {
                            key: Raw::Value(k.clone()),
                            value: Raw::Value(v.clone()),
                        }),
                        || "order or content changed".into(),
                    )?;
                }
                Ok(())
            }
            Err(e) => {
                ensure(INPUT_RULES.contains(&e.rule), || e.rule.to_string())?;
                let p = e.property.as_str();
                let indexed = p
                    .strip_prefix("values[")
                    .and_then(|r| r.split_once(']'))
                    .is_some_and(|(i, rest)| {
                        i.parse::<usize>().is_ok_and(|i| i < n)
                            && ["", ".key", ".value"].contains(&rest)
                    });
                ensure(p == "countryCode" || p == "values" || indexed, || {
                    format!("property {p}")
                })
            }
        }
    });
}

#[test]
fn fuzz_validate_numbers_and_flags() {
    let strategy = (
        raw(number()),
        raw(number()),
        raw(any::<bool>()),
        any::<u32>(),
    );
    fuzz(
        "validate_numbers",
        vec![],
        strategy,
        |(id, timeout, flag, default)| {
            match validate::product_id(id.clone()) {
                Ok(n) => ensure(
                    (1..=9_007_199_254_740_991).contains(&n) && Raw::Value(n as f64) == id,
                    || format!("{id:?} -> {n}"),
                )?,
                Err(e) => ensure(
                    e.property == "paymentProductId" && INPUT_RULES.contains(&e.rule),
                    || e.property,
                )?,
            }
            match validate::timeout_ms(timeout.clone(), "t", default) {
                Ok(ms) if timeout == Raw::Missing => ensure(ms == default, || "default".into())?,
                Ok(ms) => ensure(
                    (1..=validate::MAX_TIMEOUT_MS).contains(&ms)
                        && Raw::Value(f64::from(ms)) == timeout,
                    || format!("{timeout:?} -> {ms}"),
                )?,
                Err(e) => ensure(e.property == "t" && timeout != Raw::Missing, || e.property)?,
            }
            match validate::flag(flag.clone(), "f", true) {
                Ok(b) => ensure(flag == Raw::Missing && b || flag == Raw::Value(b), || {
                    "flag".into()
                }),
                Err(_) => ensure(matches!(flag, Raw::WrongType | Raw::Malformed), || {
                    "flag".into()
                }),
            }
        },
    );
}

#[test]
fn fuzz_validate_text() {
    let seeds = corpus("text");
    let strategy = (
        prop_oneof![text(12), mutated(seeds.clone()), country()],
        0usize..20,
    );
    let replay = seeds.iter().map(|s| (s.clone(), 8usize)).collect();
    fuzz("validate_text", replay, strategy, |(s, max)| {
        let two_letters = s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic());
        match validate::country_code(Raw::Value(s.clone())) {
            Ok(c) => ensure(two_letters && c == s.to_ascii_uppercase(), || {
                format!("{s:?} -> {c}")
            })?,
            Err(_) => ensure(!two_letters, || format!("{s:?} refused"))?,
        }
        match validate::require_text(Raw::Value(s.clone()), "p".into(), max) {
            Ok(t) => ensure(t == s && !s.is_empty() && s.chars().count() <= max, || {
                "require_text".into()
            }),
            Err(e) => ensure(s.is_empty() || s.chars().count() > max, || {
                e.rule.to_string()
            }),
        }
    });
}

#[test]
fn fuzz_payment_details() {
    let strategy = (
        raw(number()),
        raw(country()),
        raw(prop_oneof![
            select(&["SEK", "eur", "EU", "EURO", "€UR"][..]).prop_map(str::to_string),
            text(4)
        ]),
        raw(prop_oneof![
            select(&["sv_SE", "en-GB", "x", "sv SE"][..]).prop_map(str::to_string),
            text(40)
        ]),
        raw(any::<bool>()),
    );
    fuzz(
        "payment_details",
        vec![],
        strategy,
        |(amount, country, currency, locale, recurring)| {
            let raw_details = RawPaymentDetails {
                total_amount: amount.clone(),
                country_code: country,
                currency,
                locale: locale.clone(),
                is_recurring: recurring.clone(),
            };
            match raw_details.check() {
                Ok(d) => {
                    ensure(
                        Raw::Value(d.total_amount as f64) == amount || amount == Raw::Value(-0.0),
                        || "amount".into(),
                    )?;
                    ensure(
                        d.country_code.len() == 2
                            && d.country_code.bytes().all(|b| b.is_ascii_uppercase()),
                        || d.country_code.clone(),
                    )?;
                    ensure(
                        d.currency.len() == 3 && d.currency.bytes().all(|b| b.is_ascii_uppercase()),
                        || d.currency.clone(),
                    )?;
                    if let Some(l) = &d.locale {
                        ensure(
                            (2..=35).contains(&l.len())
                                && l.bytes()
                                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'),
                            || l.clone(),
                        )?;
                    }
                    ensure(d.locale.is_none() == (locale == Raw::Missing), || {
                        "locale".into()
                    })?;
                    ensure(
                        d.is_recurring.is_none() == (recurring == Raw::Missing),
                        || "isRecurring".into(),
                    )
                }
                Err(e) => ensure(
                    e.property.starts_with("paymentDetails.") && INPUT_RULES.contains(&e.rule),
                    || e.property,
                ),
            }
        },
    );
}

// ---- Request building ----------------------------------------------------------------

#[test]
fn fuzz_json_string_round_trips() {
    let seeds = corpus("text");
    let strategy = prop_oneof![text(64), mutated(seeds.clone()), any_string()];
    fuzz("json_string", seeds, strategy, |s| {
        let mut out = String::new();
        request::push_json_string(&mut out, &s);
        let back: String =
            serde_json::from_str(&out).map_err(|e| TestCaseError::fail(format!("{out}: {e}")))?;
        ensure(back == s, || format!("{out} decodes to {back:?}"))?;
        ensure(
            !out.chars()
                .any(|c| (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}'),
            || format!("raw control character in {out:?}"),
        )
    });
}

#[test]
fn fuzz_base64_decodes_back() {
    let seeds: Vec<Vec<u8>> = corpus("text").into_iter().map(String::into_bytes).collect();
    let strategy = prop::collection::vec(any::<u8>(), 0..300);
    fuzz("base64", seeds, strategy, |bytes| {
        let b64 = request::base64(&bytes);
        ensure(b64.len() == bytes.len().div_ceil(3) * 4, || "length".into())?;
        ensure(decode_base64(&b64).as_deref() == Some(&bytes[..]), || {
            format!("{b64} does not decode back")
        })
    });
}

#[test]
fn fuzz_path_segment() {
    let seeds = corpus("text");
    let strategy = prop_oneof![text(40), mutated(seeds.clone()), any_string()];
    fuzz("path_segment", seeds, strategy, |s| {
        let out = segment(&s);
        ensure(
            out.is_ascii() && !out.contains(['/', '?', '#', ' ', '\\']),
            || format!("{out:?}"),
        )?;
        ensure(
            out.bytes().all(|b| {
                b.is_ascii_alphanumeric() || b"-._~%".contains(&b) || b.is_ascii_hexdigit()
            }),
            || format!("{out:?}"),
        )?;
        ensure(
            percent_decode(&out).as_deref() == Some(s.as_bytes()),
            || format!("{out:?} does not decode back"),
        )
    });
}

#[test]
fn fuzz_meta_info_header() {
    let strategy = (
        proptest::option::of((any::<u32>(), any::<u32>())),
        proptest::option::of(prop_oneof![text(80), any_string()]),
    );
    fuzz("meta_info", vec![], strategy, |(screen, user_agent)| {
        let header = request::meta_info(&PageInfo {
            screen,
            user_agent: user_agent.clone(),
        });
        ensure(header.is_ascii(), || "not ASCII".into())?;
        let json = decode_base64(&header).ok_or_else(|| TestCaseError::fail("not base64"))?;
        let v: Value =
            serde_json::from_slice(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        ensure(
            v["sdkIdentifier"] == request::SDK_IDENTIFIER
                && v["sdkCreator"] == request::SDK_CREATOR,
            || "sdk".into(),
        )?;
        ensure(
            v.get("platformIdentifier").and_then(Value::as_str) == user_agent.as_deref(),
            || "user agent".into(),
        )?;
        ensure(
            v.get("screenSize")
                .and_then(Value::as_str)
                .map(str::to_string)
                == screen.map(|(w, h)| format!("{w}x{h}")),
            || "screen".into(),
        )
    });
}

#[test]
fn fuzz_customer_details_request() {
    let base = select(
        &[
            "https://h.example/client/v1",
            "http://127.0.0.1:9/client/v1",
        ][..],
    );
    let strategy = (
        base,
        text(20),
        any::<u64>(),
        valid_lookup(),
        text(20),
        any::<u64>(),
        valid_lookup(),
    );
    fuzz(
        "customer_details_request",
        vec![],
        strategy,
        |(base, customer, id, lookup, customer2, id2, lookup2)| {
            let built = request::customer_details(base, &customer, id, &lookup);
            ensure(
                built.url
                    == format!(
                        "{base}/{}/products/{id}/customerDetails",
                        segment(&customer)
                    ),
                || built.url.clone(),
            )?;
            let body: Value = serde_json::from_str(built.body.as_deref().unwrap_or(""))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let values: Vec<Value> = lookup
                .values
                .iter()
                .map(|(k, v)| serde_json::json!({"key": k, "value": v}))
                .collect();
            ensure(
                body == serde_json::json!({"countryCode": lookup.country_code, "values": values}),
                || format!("{body}"),
            )?;
            // The cache key tells requests apart exactly.
            let other = request::customer_details(base, &customer2, id2, &lookup2);
            let same_input =
                (customer == customer2, id == id2, lookup == lookup2) == (true, true, true);
            ensure(
                (request::cache_key(&built) == request::cache_key(&other)) == same_input,
                || "cache key".into(),
            )?;
            let again = request::customer_details(base, &customer, id, &lookup);
            ensure(
                request::cache_key(&again) == request::cache_key(&built),
                || "unstable key".into(),
            )
        },
    );
}

#[test]
fn fuzz_payment_product_request() {
    let details = (
        upper(2),
        upper(3),
        any::<u64>(),
        proptest::option::of(text(12)),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(country_code, currency, amount, locale, is_recurring)| PaymentDetails {
                total_amount: amount,
                country_code,
                currency,
                locale,
                is_recurring,
            },
        );
    fuzz(
        "payment_product_request",
        vec![],
        (text(20), any::<u64>(), details),
        |(customer, id, d)| {
            let built: Built = request::payment_product("https://h/client/v1", &customer, id, &d);
            ensure(built.body.is_none(), || "GET with a body".into())?;
            let (path, query) = built
                .url
                .split_once('?')
                .ok_or_else(|| TestCaseError::fail("no query"))?;
            ensure(
                path == format!("https://h/client/v1/{}/products/{id}", segment(&customer)),
                || path.to_string(),
            )?;
            let mut params = Vec::new();
            for pair in query.split('&') {
                let (k, v) = pair
                    .split_once('=')
                    .ok_or_else(|| TestCaseError::fail(pair.to_string()))?;
                let v = String::from_utf8(
                    percent_decode(v).ok_or_else(|| TestCaseError::fail(v.to_string()))?,
                )
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
                params.push((k.to_string(), v));
            }
            let mut want = vec![
                ("countryCode".to_string(), d.country_code.clone()),
                ("currencyCode".to_string(), d.currency.clone()),
                ("amount".to_string(), d.total_amount.to_string()),
            ];
            if let Some(r) = d.is_recurring {
                want.push(("isRecurring".into(), r.to_string()));
            }
            if let Some(l) = &d.locale {
                want.push(("locale".into(), l.clone()));
            }
            ensure(params == want, || format!("{params:?}"))
        },
    );
}

// ---- Responses -----------------------------------------------------------------------

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        select(&[200u16, 201, 204, 299, 300, 304, 400, 401, 404, 429, 500, 502, 503][..]),
        any::<u16>(),
        100u16..600,
    ]
}

fn check_classified(status: u16, body: Option<Json>) -> Result<(), TestCaseError> {
    let ok = (200..300).contains(&status);
    for (endpoint, result) in [
        ("customer", response::customer_details(status, body.clone())),
        (
            "product",
            response::classify(status, body.clone(), product::check_body),
        ),
    ] {
        match &result {
            Ok(doc) => {
                ensure(ok && doc.kind() == Kind::Object, || {
                    format!("{endpoint}: resolved {status}")
                })?;
                if endpoint == "customer" {
                    for f in CUSTOMER_DETAILS_FIELDS {
                        ensure(doc.get(f).is_none_or(|v| v.kind() == Kind::String), || {
                            format!("{f} is no string")
                        })?;
                    }
                } else {
                    ensure(product::check_body(doc).is_ok(), || "fields".into())?;
                }
            }
            Err(e) => {
                match e {
                    Error::Response { status: s, problem } => {
                        ensure(ok && *s == status, || {
                            format!("{endpoint}: {problem:?} for {status}")
                        })?;
                        ensure((*problem == BodyProblem::NotJson) == body.is_none(), || {
                            format!("{problem:?}")
                        })?;
                    }
                    Error::Api {
                        status: s,
                        code,
                        errors,
                        error_id,
                        ..
                    } => {
                        ensure(!ok && *s == status, || "api status".into())?;
                        ensure(
                            errors
                                .at(0)
                                .and_then(|e| e.get("code"))
                                .and_then(|c| c.text())
                                .as_deref()
                                == Some(code.as_str()),
                            || "code".into(),
                        )?;
                        ensure(
                            body.as_ref()
                                .and_then(|b| b.get("errorId"))
                                .and_then(|v| v.text())
                                .as_deref()
                                == Some(error_id.as_str()),
                            || "errorId".into(),
                        )?;
                    }
                    Error::Http { status: s } => {
                        ensure(!ok && *s == status, || "http status".into())?
                    }
                    other => return Err(TestCaseError::fail(format!("{endpoint}: {other:?}"))),
                }
                ensure(e.status() == status, || "status".into())?;
                // The server's message text is never repeated to the page.
                let m = e.message();
                ensure(m.starts_with("connect: ") && !m.contains("SECRET-"), || {
                    m.clone()
                })?;
                let _ = (e.name(), e.sdk_entry());
            }
        }
    }
    Ok(())
}

#[test]
fn fuzz_classify_json_documents() {
    let error_response = (text(10), prop::collection::vec((text(6), json(), text(10)), 1..4)).prop_map(|(id, entries)| {
        let errors: Vec<Value> = entries
            .into_iter()
            .map(|(code, extra, message)| serde_json::json!({"code": code, "id": "X", "message": format!("SECRET-{message}"), "extra": extra}))
            .collect();
        serde_json::json!({"errorId": id, "errors": errors})
    });
    let doc = prop_oneof![json(), error_response];
    let seeds: Vec<(u16, Option<Json>)> = corpus("json")
        .iter()
        .flat_map(|text| {
            let doc = serde_json::from_str::<Value>(text).ok().map(Json);
            [200u16, 204, 400, 404, 500, 502].map(|s| (s, doc.clone()))
        })
        .collect();
    fuzz(
        "classify_json",
        seeds,
        (status(), proptest::option::of(doc.prop_map(Json))),
        |(status, body)| check_classified(status, body),
    );
}

#[test]
fn fuzz_classify_text_bodies() {
    let seeds = corpus("json");
    let strategy = (status(), prop_oneof![mutated(seeds.clone()), text(40)]);
    let replay = seeds.iter().map(|s| (200u16, s.clone())).collect();
    fuzz("classify_text", replay, strategy, |(status, text)| {
        check_classified(status, serde_json::from_str::<Value>(&text).ok().map(Json))
    });
}

// ---- Rules and products --------------------------------------------------------------

#[test]
fn fuzz_field_rules() {
    let decimal = (
        any::<bool>(),
        from_alphabet(DIGITS, 0..5),
        proptest::option::of(from_alphabet(DIGITS, 0..4)),
    )
        .prop_map(|(neg, whole, frac)| {
            format!(
                "{}{whole}{}",
                if neg { "-" } else { "" },
                frac.map_or(String::new(), |f| format!(".{f}"))
            )
        });
    let value = prop_oneof![
        text(20),
        from_alphabet("0123456789 ", 0..21),
        decimal,
        select(&["", "0", "male", "a@b.se", "4111111111111111"][..]).prop_map(str::to_string)
    ];
    fuzz(
        "field_rules",
        vec![],
        (prop_oneof![field(), json()], value),
        |(f, value)| {
            let Some(rules) = FieldRules::from_field(&Json(f.clone())) else {
                return ensure(!f.get("id").is_some_and(Value::is_string), || {
                    "string id ignored".into()
                });
            };
            ensure(Some(rules.id.as_str()) == f["id"].as_str(), || "id".into())?;
            let result = rules.check(&value, &NativeRegex);
            if value.is_empty() {
                return ensure(
                    result
                        == if rules.required {
                            Err(rules::rule::REQUIRED)
                        } else {
                            Ok(())
                        },
                    || format!("{result:?}"),
                );
            }
            match result {
                Ok(()) => {
                    if let Some((min, max)) = rules.length {
                        let n = value.encode_utf16().count() as f64;
                        ensure(
                            !min.is_some_and(|m| n < m) && !max.is_some_and(|m| n > m),
                            || "length".into(),
                        )?;
                    }
                    if let Some(list) = &rules.allowed {
                        ensure(list.contains(&value), || "fixed list".into())?;
                    }
                    ensure(!rules.luhn || rules::luhn(&value), || "luhn".into())?;
                    ensure(!rules.email || rules::email_address(&value), || {
                        "email".into()
                    })?;
                    if let Some((min, max)) = rules.range {
                        // The SDK's own decimal parser against the standard one, away from the bounds.
                        let n: f64 = value
                            .parse()
                            .map_err(|_| TestCaseError::fail(format!("{value:?} passed range")))?;
                        let near = |b: Option<f64>| {
                            b.is_some_and(|b| (n - b).abs() <= 1e-9 * b.abs().max(1.0))
                        };
                        if !near(min) && !near(max) {
                            ensure(
                                !min.is_some_and(|m| n < m) && !max.is_some_and(|m| n > m),
                                || format!("{n} out of range"),
                            )?;
                        }
                    }
                    Ok(())
                }
                Err(r) => ensure(
                    [
                        rules::rule::LENGTH,
                        rules::rule::REGULAR_EXPRESSION,
                        rules::rule::FIXED_LIST,
                        rules::rule::RANGE,
                        rules::rule::LUHN,
                        rules::rule::EMAIL_ADDRESS,
                    ]
                    .contains(&r),
                    || r.to_string(),
                ),
            }
        },
    );
}

#[test]
fn fuzz_check_lookup() {
    let fields = prop::collection::vec(field(), 0..4);
    let values = prop::collection::vec(
        (
            select(&["fiscalNumber", "zip", "phoneNumber", "a", "b"][..]).prop_map(str::to_string),
            text(14),
        ),
        0..5,
    );
    fuzz(
        "check_lookup",
        vec![],
        (fields, values),
        |(fields, values)| {
            let rules: Vec<FieldRules> = fields
                .iter()
                .filter_map(|f| FieldRules::from_field(&Json(f.clone())))
                .collect();
            match rules::check_lookup(&rules, &values, &NativeRegex) {
                Ok(()) => {
                    for (k, _) in &values {
                        ensure(rules.iter().any(|r| r.id == *k), || {
                            format!("{k} is no field")
                        })?;
                    }
                    for r in &rules {
                        let v = values.iter().find(|(k, _)| *k == r.id).map(|(_, v)| v);
                        ensure(v.is_some_and(|v| r.check(v, &NativeRegex).is_ok()), || {
                            format!("{} unchecked", r.id)
                        })?;
                    }
                    Ok(())
                }
                Err(e) => ensure(
                    values.iter().any(|(k, _)| *k == e.property)
                        || rules.iter().any(|r| r.id == e.property),
                    || format!("property {}", e.property),
                ),
            }
        },
    );
}

fn luhn_check_digit(digits: &str) -> u32 {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let d = c.to_digit(10).expect("digit");
        sum += if i % 2 == 0 {
            let t = d * 2;
            if t > 9 {
                t - 9
            } else {
                t
            }
        } else {
            d
        };
    }
    (10 - sum % 10) % 10
}

#[test]
fn fuzz_luhn() {
    let seeds = corpus("text");
    let strategy = (
        prop_oneof![text(24), mutated(seeds.clone())],
        from_alphabet(DIGITS, 1..31),
    );
    let replay = seeds
        .iter()
        .map(|s| (s.clone(), "7992739871".to_string()))
        .collect();
    fuzz("luhn", replay, strategy, |(s, digits)| {
        if rules::luhn(&s) {
            ensure(
                s.chars().all(|c| c.is_ascii_digit() || c == ' ')
                    && s.chars().filter(char::is_ascii_digit).count() >= 2,
                || format!("{s:?}"),
            )?;
        }
        let check = luhn_check_digit(&digits);
        for d in 0..10 {
            ensure(rules::luhn(&format!("{digits}{d}")) == (d == check), || {
                format!("{digits}{d}")
            })?;
        }
        Ok(())
    });
}

#[test]
fn fuzz_email_address() {
    let seeds = corpus("text");
    const LOCAL: &str = "abcdefghijklmnopqrstuvwxyz0123456789+_-";
    const LABEL: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
    let local = prop::collection::vec(from_alphabet(LOCAL, 1..9), 1..4).prop_map(|p| p.join("."));
    let domain = prop::collection::vec(from_alphabet(LABEL, 1..9), 2..5).prop_map(|p| p.join("."));
    let valid = (local, domain).prop_map(|(l, d)| format!("{l}@{d}"));
    let strategy = (prop_oneof![text(24), mutated(seeds.clone())], valid);
    let replay = seeds
        .iter()
        .map(|s| (s.clone(), "a@b.se".to_string()))
        .collect();
    fuzz("email_address", replay, strategy, |(s, valid)| {
        if rules::email_address(&s) {
            let (local, domain) = s.split_once('@').expect("@");
            ensure(
                !local.is_empty() && !domain.contains('@') && domain.contains('.'),
                || s.clone(),
            )?;
            ensure(
                !s.chars().any(|c| c.is_whitespace() || c.is_control()),
                || s.clone(),
            )?;
        }
        ensure(rules::email_address(&valid), || format!("{valid} refused"))
    });
}

#[test]
fn fuzz_products() {
    let fields = prop_oneof![
        prop::collection::vec(prop_oneof![3 => field(), 1 => json()], 0..10).prop_map(Value::Array),
        json(),
    ];
    let seeds: Vec<(Value, String, String)> = corpus("json")
        .iter()
        .filter_map(|t| serde_json::from_str::<Value>(t).ok())
        .map(|v| {
            (
                v.get("fields").cloned().unwrap_or(v),
                "https://a.example/".to_string(),
                "x.png".to_string(),
            )
        })
        .collect();
    let paths = prop_oneof![
        text(16),
        select(
            &[
                "",
                "/",
                "//cdn/x.png",
                "data:x",
                "https://x/y",
                "a:b",
                "templates/x.png"
            ][..]
        )
        .prop_map(str::to_string)
    ];
    fuzz(
        "products",
        seeds,
        (fields, text(16), paths),
        |(fields, base, path)| {
            let doc = Json(fields.clone());
            let order = product::display_order(&doc);
            let n = fields.as_array().map_or(0, Vec::len);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            ensure(sorted == (0..n as u32).collect::<Vec<_>>(), || {
                format!("{order:?} is no permutation of 0..{n}")
            })?;
            let key = |i: u32| {
                doc.at(i)
                    .and_then(|f| f.get("displayHints"))
                    .and_then(|h| h.get("displayOrder"))
                    .and_then(|o| o.number())
                    .filter(|o| o.is_finite())
            };
            for w in order.windows(2) {
                let (a, b) = (key(w[0]), key(w[1]));
                let in_order = match (a, b) {
                    (Some(x), Some(y)) => x < y || (x == y && w[0] < w[1]),
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => w[0] < w[1],
                };
                ensure(in_order, || format!("{w:?} out of order"))?;
            }
            let lookups = (0..n as u32)
                .filter(|&i| doc.at(i).is_some_and(|f| product::is_lookup_field(&f)))
                .count();
            let rules = product::lookup_rules(&doc).map_or(0, |r| r.len());
            ensure(rules <= lookups, || "lookup rules".into())?;
            let _ = product::check_body(&doc);
            let has_scheme = path.split_once(':').is_some_and(|(s, _)| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
            });
            match product::absolute_asset_url(&base, &path) {
                None => ensure(
                    path.is_empty() || has_scheme || path.starts_with("//"),
                    || format!("{path:?} left relative"),
                ),
                Some(u) => ensure(
                    !has_scheme
                        && u == format!(
                            "{}/{}",
                            base.trim_end_matches('/'),
                            path.trim_start_matches('/')
                        ),
                    || u.clone(),
                ),
            }
        },
    );
}

// ---- Errors and cache ----------------------------------------------------------------

#[test]
fn fuzz_error_messages() {
    let input = (
        text(20),
        select(INPUT_RULES),
        proptest::option::of(text(20)),
    );
    fuzz(
        "error_messages",
        vec![],
        (input, any::<u16>(), any::<u32>(), any::<u64>()),
        |((property, rule, quoted), status, ms, n)| {
            let errors: Vec<Error<()>> = vec![
                Error::Input(InputError {
                    property: property.clone(),
                    rule,
                    quoted: quoted.clone(),
                }),
                Error::Http { status },
                Error::Response {
                    status,
                    problem: BodyProblem::FieldType("zip"),
                },
                Error::Api {
                    status,
                    error_id: "e".into(),
                    code: "c".into(),
                    id: None,
                    errors: (),
                },
                Error::Network,
                Error::Timeout { ms },
                Error::Abort,
                Error::Internal,
            ];
            for e in &errors {
                let m = e.message();
                ensure(
                    m.starts_with("connect: ") && e.name().starts_with("Connect"),
                    || m.clone(),
                )?;
                let (code, id, _) = e.sdk_entry();
                ensure(!code.is_empty() && !id.is_empty(), || "sdk entry".into())?;
            }
            ensure(errors[5].message().contains(&ms.to_string()), || {
                "timeout ms".into()
            })?;
            let mut s = String::new();
            push_u64(&mut s, n);
            ensure(s == n.to_string(), || s.clone())
        },
    );
}

#[derive(Debug, Clone)]
enum Op {
    Start(u8),
    Finish(u8, bool, u8),
    Stale(u8),
    Clear,
}

#[test]
fn fuzz_cache_against_a_model() {
    let op = prop_oneof![
        3 => (0u8..40).prop_map(Op::Start),
        3 => (0u8..40, any::<bool>(), any::<u8>()).prop_map(|(k, ok, v)| Op::Finish(k, ok, v)),
        1 => (0u8..40).prop_map(Op::Stale),
        1 => Just(Op::Clear),
    ];
    fuzz(
        "cache_model",
        vec![],
        prop::collection::vec(op, 0..80),
        |ops| {
            let mut cache: Cache<u8, u32> = Cache::default();
            let mut answers: Vec<(String, u8)> = Vec::new();
            let mut flights: Vec<(String, u32)> = Vec::new();
            for op in ops {
                match op {
                    Op::Start(k) => {
                        let key = k.to_string();
                        let id = cache.next_id();
                        cache.start(key.clone(), id, id);
                        flights.push((key, id));
                    }
                    Op::Finish(k, ok, v) => {
                        let key = k.to_string();
                        if let Some(pos) = flights.iter().position(|(f, _)| *f == key) {
                            let (_, id) = flights.remove(pos);
                            cache.finish(&key, id, ok.then_some(v));
                            if ok {
                                answers.retain(|(a, _)| *a != key);
                                if answers.len() >= CAPACITY {
                                    answers.remove(0);
                                }
                                answers.push((key, v));
                            }
                        }
                    }
                    Op::Stale(k) => cache.finish(&k.to_string(), u32::MAX, None),
                    Op::Clear => {
                        cache.clear();
                        answers.clear();
                    }
                }
                ensure(
                    cache.len() == answers.len() && cache.len() <= CAPACITY,
                    || "len".into(),
                )?;
                for k in 0u8..40 {
                    let key = k.to_string();
                    let want = answers.iter().find(|(a, _)| *a == key).map(|(_, v)| *v);
                    ensure(cache.answer(&key) == want, || format!("answer {key}"))?;
                    let flight = flights.iter().find(|(f, _)| *f == key).map(|(_, id)| *id);
                    ensure(cache.flight(&key).map(|(f, _)| f) == flight, || {
                        format!("flight {key}")
                    })?;
                }
            }
            Ok(())
        },
    );
}
