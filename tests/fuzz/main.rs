//! Property-based fuzzing of the pure core (issue 6), with proptest: the URL normaliser,
//! the input checks, request building, response classification, field rules, products,
//! the error messages, the cache, the typed models and the argument snapshots. This file
//! is the harness and the shared strategies; the targets live in one module per area
//! (`fuzz_session.rs`, `fuzz_input.rs`, `fuzz_request.rs`, `fuzz_response.rs`,
//! `fuzz_rules.rs`, `fuzz_errors_cache.rs`, `fuzz_models.rs`). Every target first replays the seed corpus in
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

// ---- Targets, one module per area ------------------------------------------------------

mod fuzz_errors_cache;
mod fuzz_input;
mod fuzz_mask;
mod fuzz_models;
mod fuzz_request;
mod fuzz_response;
mod fuzz_rules;
mod fuzz_session;
