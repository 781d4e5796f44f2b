//! Input checks that run before any request, on values already read from JavaScript.

use crate::core::error::{rule, InputError};

/// A value as read from JavaScript, before it is checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Raw<T> {
    /// `undefined`, `null` or absent.
    #[default]
    Missing,
    /// Present, but of the wrong type.
    WrongType,
    /// A string that is not well-formed UTF-16, or a property whose getter threw.
    Malformed,
    /// A value of the right type.
    Value(T),
}

/// One `{key, value}` entry of a lookup, before it is checked.
#[derive(Debug, Clone, PartialEq)]
pub struct RawPair {
    /// `key`.
    pub key: Raw<String>,
    /// `value`.
    pub value: Raw<String>,
}

/// The `request` argument of `getCustomerDetails` (a snapshot), before it is checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawLookup {
    /// `countryCode`.
    pub country_code: Raw<String>,
    /// `values`; each entry may itself be of the wrong type.
    pub values: Raw<Vec<Raw<RawPair>>>,
}

/// The `options` of `new connect` or the `callOptions` of a call (a snapshot; `signal`
/// stays a JS value and is read apart), before they are checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawOptions {
    /// `timeoutMs`.
    pub timeout_ms: Raw<f64>,
    /// `cache` (session options only).
    pub cache: Raw<bool>,
}

/// A checked customer details lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    /// Upper-case ISO 3166-1 alpha-2 country code.
    pub country_code: String,
    /// `(key, value)` pairs in the caller's order, keys unique.
    pub values: Vec<(String, String)>,
}

/// Most `values` entries a lookup may carry; real lookups use one to three.
pub const MAX_VALUES: usize = 16;
/// Longest key accepted.
pub const MAX_KEY_LEN: usize = 64;
/// Longest value accepted; real lookup values (personal numbers, postal codes, phone
/// numbers) are far shorter.
pub const MAX_VALUE_LEN: usize = 256;
/// `Number.MAX_SAFE_INTEGER`.
pub const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Rejects absent, mistyped, malformed, empty or over-long text.
pub fn require_text(raw: Raw<String>, property: String, max: usize) -> Result<String, InputError> {
    let rule = match raw {
        Raw::Value(s) if s.is_empty() => rule::EMPTY,
        Raw::Value(s) if s.chars().count() > max => rule::TOO_LONG,
        Raw::Value(s) => return Ok(s),
        other => absent_rule(&other),
    };
    Err(InputError::new(property, rule))
}

/// The rule for a `Raw` that holds no value.
pub fn absent_rule<T>(raw: &Raw<T>) -> &'static str {
    match raw {
        Raw::Missing => rule::REQUIRED,
        Raw::Malformed => rule::MALFORMED,
        _ => rule::TYPE,
    }
}

/// A payment product id: a positive safe integer.
pub fn product_id(raw: Raw<f64>) -> Result<u64, InputError> {
    integer(raw, 1.0, MAX_SAFE_INTEGER, "paymentProductId")
}

/// A whole number from `min` to `max`: `TYPE` for fractions and non-finite numbers,
/// `RANGE` outside the bounds.
pub fn integer(raw: Raw<f64>, min: f64, max: f64, property: &str) -> Result<u64, InputError> {
    let rule = match raw {
        Raw::Value(n) if n.fract() != 0.0 || !n.is_finite() => rule::TYPE,
        Raw::Value(n) if !(min..=max).contains(&n) => rule::RANGE,
        Raw::Value(n) => return Ok(n as u64),
        other => absent_rule(&other),
    };
    Err(InputError::new(property, rule))
}

/// A country code: two ASCII letters, returned upper-case.
pub fn country_code(raw: Raw<String>) -> Result<String, InputError> {
    letter_code(raw, 2, "countryCode")
}

/// A code of exactly `len` ASCII letters (country, currency), returned upper-case.
pub fn letter_code(raw: Raw<String>, len: usize, property: &str) -> Result<String, InputError> {
    let rule = match raw {
        Raw::Value(mut s) if s.len() == len && s.bytes().all(|b| b.is_ascii_alphabetic()) => {
            s.make_ascii_uppercase();
            return Ok(s);
        }
        Raw::Value(s) if s.is_empty() => rule::EMPTY,
        Raw::Value(_) => rule::FORMAT,
        other => absent_rule(&other),
    };
    Err(InputError::new(property, rule))
}

/// Checks a whole lookup: country first, then `values` in order.
pub fn lookup(raw: RawLookup) -> Result<Lookup, InputError> {
    let country_code = country_code(raw.country_code)?;
    let items = match raw.values {
        Raw::Value(items) if items.is_empty() => {
            return Err(InputError::new("values", rule::EMPTY))
        }
        Raw::Value(items) if items.len() > MAX_VALUES => {
            return Err(InputError::new("values", rule::TOO_LONG))
        }
        Raw::Value(items) => items,
        other => return Err(InputError::new("values", absent_rule(&other))),
    };
    let mut values: Vec<(String, String)> = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let at = |suffix: &str| {
            let mut p = String::from("values[");
            crate::core::error::push_u64(&mut p, i as u64);
            p.push(']');
            p.push_str(suffix);
            p
        };
        let pair = match item {
            Raw::Value(pair) => pair,
            other => return Err(InputError::new(at(""), absent_rule(&other))),
        };
        let key = require_text(pair.key, at(".key"), MAX_KEY_LEN)?;
        let value = match pair.value {
            Raw::Value(v) if v.chars().count() > MAX_VALUE_LEN => {
                return Err(InputError::new(at(".value"), rule::TOO_LONG))
            }
            Raw::Value(v) => v,
            other => return Err(InputError::new(at(".value"), absent_rule(&other))),
        };
        if values.iter().any(|(k, _)| *k == key) {
            return Err(InputError::new(at(".key"), rule::DUPLICATE));
        }
        values.push((key, value));
    }
    Ok(Lookup {
        country_code,
        values,
    })
}

/// The `aborted` state of a caller's `AbortSignal`, as read: a boolean, or `MALFORMED`
/// when reading it threw or gave anything else, so a tampered signal is refused up
/// front instead of leaving its call pending (bug B).
pub fn signal_aborted(aborted: Raw<bool>) -> Result<bool, InputError> {
    match aborted {
        Raw::Value(b) => Ok(b),
        _ => Err(InputError::new("callOptions.signal", rule::MALFORMED)),
    }
}

/// Longest timeout accepted: the largest delay `setTimeout` honours.
pub const MAX_TIMEOUT_MS: u32 = 2_147_483_647;

/// A timeout in whole milliseconds, 1 to [`MAX_TIMEOUT_MS`]; `default` when absent.
pub fn timeout_ms(raw: Raw<f64>, property: &str, default: u32) -> Result<u32, InputError> {
    match raw {
        Raw::Missing => Ok(default),
        n => integer(n, 1.0, f64::from(MAX_TIMEOUT_MS), property).map(|ms| ms as u32),
    }
}

/// A boolean switch; `default` when absent.
pub fn flag(raw: Raw<bool>, property: &str, default: bool) -> Result<bool, InputError> {
    match raw {
        Raw::Missing => Ok(default),
        Raw::Value(b) => Ok(b),
        other => Err(InputError::new(property, absent_rule(&other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Raw<String> {
        Raw::Value(s.to_string())
    }

    fn pair(k: &str, val: &str) -> Raw<RawPair> {
        Raw::Value(RawPair {
            key: v(k),
            value: v(val),
        })
    }

    fn raw(country: Raw<String>, values: Raw<Vec<Raw<RawPair>>>) -> RawLookup {
        RawLookup {
            country_code: country,
            values,
        }
    }

    #[test]
    fn product_id_matrix() {
        assert_eq!(product_id(Raw::Value(9000.0)), Ok(9000));
        assert_eq!(
            product_id(Raw::Value(MAX_SAFE_INTEGER)),
            Ok(9_007_199_254_740_991)
        );
        let bad = [
            (Raw::Missing, rule::REQUIRED),
            (Raw::WrongType, rule::TYPE),
            (Raw::Value(1.5), rule::TYPE),
            (Raw::Value(f64::NAN), rule::TYPE),
            (Raw::Value(f64::INFINITY), rule::TYPE),
            (Raw::Value(0.0), rule::RANGE),
            (Raw::Value(-3.0), rule::RANGE),
            (Raw::Value(MAX_SAFE_INTEGER + 1.0), rule::RANGE),
        ];
        for (input, want) in bad {
            let e = product_id(input.clone()).expect_err("invalid");
            assert_eq!(
                (e.property.as_str(), e.rule),
                ("paymentProductId", want),
                "{input:?}"
            );
        }
    }

    #[test]
    fn country_code_matrix() {
        assert_eq!(country_code(v("se")), Ok("SE".into()));
        assert_eq!(country_code(v("No")), Ok("NO".into()));
        for (input, want) in [
            (Raw::Missing, rule::REQUIRED),
            (Raw::WrongType, rule::TYPE),
            (Raw::Malformed, rule::MALFORMED),
            (v(""), rule::EMPTY),
            (v("S"), rule::FORMAT),
            (v("SWE"), rule::FORMAT),
            (v("S1"), rule::FORMAT),
            (v("Ö1"), rule::FORMAT),
            (v("ÖS"), rule::FORMAT),
        ] {
            let e = country_code(input.clone()).expect_err("invalid");
            assert_eq!(e.rule, want, "{input:?}");
        }
    }

    #[test]
    fn lookup_keeps_order_and_upper_cases_country() {
        let ok = lookup(raw(
            v("no"),
            Raw::Value(vec![pair("zip", "0150"), pair("phoneNumber", "40612345")]),
        ))
        .expect("valid");
        assert_eq!(ok.country_code, "NO");
        assert_eq!(
            ok.values,
            vec![
                ("zip".to_string(), "0150".to_string()),
                ("phoneNumber".to_string(), "40612345".to_string())
            ]
        );
    }

    #[test]
    fn lookup_matrix_names_the_property() {
        let long = "9".repeat(MAX_VALUE_LEN + 1);
        let cases: Vec<(RawLookup, &str, &str)> = vec![
            (
                raw(Raw::Missing, Raw::Value(vec![pair("a", "1")])),
                "countryCode",
                rule::REQUIRED,
            ),
            (raw(v("SE"), Raw::Missing), "values", rule::REQUIRED),
            (raw(v("SE"), Raw::WrongType), "values", rule::TYPE),
            (raw(v("SE"), Raw::Value(vec![])), "values", rule::EMPTY),
            (
                raw(v("SE"), Raw::Value(vec![pair("a", "1"); MAX_VALUES + 1])),
                "values",
                rule::TOO_LONG,
            ),
            (
                raw(v("SE"), Raw::Value(vec![pair("a", "1"), Raw::WrongType])),
                "values[1]",
                rule::TYPE,
            ),
            (
                raw(
                    v("SE"),
                    Raw::Value(vec![Raw::Value(RawPair {
                        key: Raw::Missing,
                        value: v("1"),
                    })]),
                ),
                "values[0].key",
                rule::REQUIRED,
            ),
            (
                raw(v("SE"), Raw::Value(vec![pair("", "1")])),
                "values[0].key",
                rule::EMPTY,
            ),
            (
                raw(
                    v("SE"),
                    Raw::Value(vec![
                        pair("a", "1"),
                        Raw::Value(RawPair {
                            key: v("b"),
                            value: Raw::WrongType,
                        }),
                    ]),
                ),
                "values[1].value",
                rule::TYPE,
            ),
            (
                raw(
                    v("SE"),
                    Raw::Value(vec![Raw::Value(RawPair {
                        key: v("b"),
                        value: Raw::Malformed,
                    })]),
                ),
                "values[0].value",
                rule::MALFORMED,
            ),
            (
                raw(v("SE"), Raw::Value(vec![pair("a", &long)])),
                "values[0].value",
                rule::TOO_LONG,
            ),
            (
                raw(
                    v("SE"),
                    Raw::Value(vec![pair("a", "1"), pair("b", "2"), pair("a", "3")]),
                ),
                "values[2].key",
                rule::DUPLICATE,
            ),
        ];
        for (input, property, want) in cases {
            let e = lookup(input).expect_err("invalid");
            assert_eq!((e.property.as_str(), e.rule), (property, want));
        }
    }

    #[test]
    fn options() {
        assert_eq!(timeout_ms(Raw::Missing, "t", 10), Ok(10));
        assert_eq!(timeout_ms(Raw::Value(250.0), "t", 10), Ok(250));
        for (input, want) in [
            (Raw::Value(0.0), rule::RANGE),
            (Raw::Value(-1.0), rule::RANGE),
            (Raw::Value(3e9), rule::RANGE),
            (Raw::Value(1.5), rule::TYPE),
            (Raw::Value(f64::NAN), rule::TYPE),
            (Raw::WrongType, rule::TYPE),
        ] {
            let e = timeout_ms(input.clone(), "options.timeoutMs", 10).expect_err("invalid");
            assert_eq!(
                (e.property.as_str(), e.rule),
                ("options.timeoutMs", want),
                "{input:?}"
            );
        }
        assert_eq!(flag(Raw::Missing, "c", true), Ok(true));
        assert_eq!(flag(Raw::Value(false), "c", true), Ok(false));
        assert_eq!(
            flag(Raw::WrongType, "c", true).expect_err("invalid").rule,
            rule::TYPE
        );
    }

    /// Bug B: a signal whose `aborted` getter throws (or is not a boolean) is refused.
    #[test]
    fn fixed_bug_b_a_tampered_signal_is_refused() {
        assert_eq!(signal_aborted(Raw::Value(false)), Ok(false));
        assert_eq!(signal_aborted(Raw::Value(true)), Ok(true));
        for tampered in [Raw::Malformed, Raw::WrongType, Raw::Missing] {
            let e = signal_aborted(tampered).expect_err("refused");
            assert_eq!(
                (e.property.as_str(), e.rule),
                ("callOptions.signal", rule::MALFORMED)
            );
        }
    }

    /// Bug D: `values` that cannot even be inspected (a revoked Proxy) is refused as
    /// malformed input naming `values`, like any other bad input.
    #[test]
    fn fixed_bug_d_unreadable_values_are_refused() {
        let e = lookup(raw(v("SE"), Raw::Malformed)).expect_err("refused");
        assert_eq!((e.property.as_str(), e.rule), ("values", rule::MALFORMED));
    }

    #[test]
    fn empty_value_is_allowed() {
        assert!(lookup(raw(v("SE"), Raw::Value(vec![pair("a", "")]))).is_ok());
    }
}
