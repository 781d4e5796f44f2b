//! A product field's validators, read from `dataRestrictions`, and the checks that run on
//! lookup values before they leave the page. Regular expressions are judged by a
//! [`Matcher`]: the browser's `RegExp` in the wasm build, so no regex engine ships.

use crate::core::error::InputError;
use crate::core::response::{Doc, Kind};
use crate::core::text;

/// Rule ids of field checks, carried in `errors[0].id`.
pub mod rule {
    pub use crate::core::error::rule::{RANGE, REQUIRED};
    /// A key that is not a lookup field of the product.
    pub const NOT_A_LOOKUP_FIELD: &str = "NOT_A_LOOKUP_FIELD";
    /// `length` validator.
    pub const LENGTH: &str = "LENGTH";
    /// `regularExpression` validator.
    pub const REGULAR_EXPRESSION: &str = "REGULAR_EXPRESSION";
    /// `fixedList` validator.
    pub const FIXED_LIST: &str = "FIXED_LIST";
    /// `luhn` validator.
    pub const LUHN: &str = "LUHN";
    /// `emailAddress` validator.
    pub const EMAIL_ADDRESS: &str = "EMAIL_ADDRESS";
}

/// Judges a regular expression from the API against a value.
pub trait Matcher {
    /// `Some(matched)`, or `None` when the pattern cannot be compiled (then the server
    /// judges).
    fn is_match(&self, pattern: &str, value: &str) -> Option<bool>;
}

/// The validators of one field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldRules {
    /// Field id, the `key` of a lookup value.
    pub id: String,
    /// `dataRestrictions.isRequired`.
    pub required: bool,
    /// `length {minLength, maxLength}`, in UTF-16 code units as JavaScript counts.
    pub length: Option<(Option<f64>, Option<f64>)>,
    /// `regularExpression {regularExpression}`.
    pub pattern: Option<String>,
    /// `fixedList {allowedValues}`.
    pub allowed: Option<Vec<String>>,
    /// `range {minValue, maxValue}`.
    pub range: Option<(Option<f64>, Option<f64>)>,
    /// `luhn {}`.
    pub luhn: bool,
    /// `emailAddress {}`.
    pub email: bool,
    /// `displayHints.mask`, removed from a masked value before it is checked and sent.
    pub mask: Option<String>,
}

impl FieldRules {
    /// Reads a product field (`{id, dataRestrictions: {isRequired, validators}}`).
    /// Returns `None` when it has no string `id`.
    pub fn from_field<D: Doc>(field: &D) -> Option<FieldRules> {
        let id = field.get("id")?.text()?;
        let restrictions = field.get("dataRestrictions");
        let required = restrictions
            .as_ref()
            .and_then(|r| r.get("isRequired"))
            .and_then(|b| b.boolean())
            .unwrap_or(false);
        let validators = restrictions.and_then(|r| r.get("validators"));
        let v = |name: &'static str| {
            validators
                .as_ref()
                .and_then(|v| v.get(name))
                .filter(|v| v.kind() == Kind::Object)
        };
        let num = |d: &D, name: &'static str| d.get(name).and_then(|n| n.number());
        Some(FieldRules {
            id,
            required,
            length: v("length").map(|l| (num(&l, "minLength"), num(&l, "maxLength"))),
            pattern: v("regularExpression").and_then(|r| r.get("regularExpression")?.text()),
            allowed: v("fixedList").and_then(|f| {
                let list = f.get("allowedValues")?;
                let mut out = Vec::new();
                let mut i = 0;
                while let Some(item) = list.at(i) {
                    out.extend(item.text());
                    i += 1;
                }
                Some(out)
            }),
            range: v("range").map(|r| (num(&r, "minValue"), num(&r, "maxValue"))),
            luhn: v("luhn").is_some(),
            email: v("emailAddress").is_some(),
            mask: field
                .get("displayHints")
                .and_then(|h| h.get("mask")?.text()),
        })
    }

    /// Checks one value; `Err` carries the rule it breaks.
    pub fn check(&self, value: &str, matcher: &impl Matcher) -> Result<(), &'static str> {
        if value.is_empty() {
            return if self.required {
                Err(rule::REQUIRED)
            } else {
                Ok(())
            };
        }
        if let Some((min, max)) = self.length {
            let len = value.encode_utf16().count() as f64;
            if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
                return Err(rule::LENGTH);
            }
        }
        if let Some(pattern) = &self.pattern {
            if matcher.is_match(pattern, value) == Some(false) {
                return Err(rule::REGULAR_EXPRESSION);
            }
        }
        if let Some(allowed) = &self.allowed {
            if !allowed.iter().any(|a| a == value) {
                return Err(rule::FIXED_LIST);
            }
        }
        if let Some((min, max)) = self.range {
            let n = parse_number(value).ok_or(rule::RANGE)?;
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                return Err(rule::RANGE);
            }
        }
        if self.luhn && !luhn(value) {
            return Err(rule::LUHN);
        }
        if self.email && !email_address(value) {
            return Err(rule::EMAIL_ADDRESS);
        }
        Ok(())
    }
}

/// Checks lookup `values` against the product's lookup fields: every field present, no
/// other key, every value valid. Errors name the field and the rule.
pub fn check_lookup(
    fields: &[FieldRules],
    values: &[(String, String)],
    matcher: &impl Matcher,
) -> Result<(), InputError> {
    for (key, _) in values {
        if !fields.iter().any(|f| f.id == *key) {
            return Err(InputError::new(key.as_str(), rule::NOT_A_LOOKUP_FIELD));
        }
    }
    for field in fields {
        let value = values
            .iter()
            .find(|(k, _)| *k == field.id)
            .map(|(_, v)| v.as_str());
        let result = match value {
            None => Err(rule::REQUIRED),
            Some(v) => field.check(v, matcher),
        };
        result.map_err(|r| InputError::new(field.id.as_str(), r))?;
    }
    Ok(())
}

/// Lookup `values` as they are checked and sent: for a field with a display mask, a
/// value in the mask's form (`19900101-1234`) loses the mask; any other value is kept.
pub fn unmask_lookup(fields: &[FieldRules], values: &mut [(String, String)]) {
    for (key, value) in values.iter_mut() {
        let mask = fields
            .iter()
            .find(|f| f.id == *key)
            .and_then(|f| f.mask.as_deref());
        if let Some(mask) = mask {
            *value = crate::core::mask::unmask(mask, value);
        }
    }
}

/// The Luhn checksum over a string of digits (spaces allowed, at least two digits).
pub fn luhn(value: &str) -> bool {
    let mut sum = 0u32;
    let mut count = 0usize;
    for c in value.chars().rev().filter(|c| *c != ' ') {
        let Some(d) = c.to_digit(10) else {
            return false;
        };
        let d = if count % 2 == 1 {
            let twice = d * 2;
            if twice > 9 {
                twice - 9
            } else {
                twice
            }
        } else {
            d
        };
        sum += d;
        count += 1;
    }
    count >= 2 && sum % 10 == 0
}

/// A plain e-mail address: one `@`, a local part, and a dotted domain without spaces.
pub fn email_address(value: &str) -> bool {
    let Some((local, domain)) = text::split_once(value, b'@') else {
        return false;
    };
    let label_ok = |l: &str| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-');
    !local.is_empty()
        && !text::has(domain, b'@')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.as_bytes().windows(2).any(|w| w == b"..")
        && text::has(domain, b'.')
        && text::split(domain, b'.').all(label_ok)
}

/// A decimal number as a shopper types it (`42`, `-1.5`, `+7`); `None` otherwise.
/// Hand-written: the standard float parser would add kilobytes of tables to the wasm.
fn parse_number(value: &str) -> Option<f64> {
    let (negative, digits) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    let (whole, fraction) = text::split_once(digits, b'.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let mut n = 0.0;
    for b in whole.bytes() {
        n = n * 10.0 + f64::from(b - b'0');
    }
    let mut scale = 1.0;
    for b in fraction.bytes() {
        scale /= 10.0;
        n += f64::from(b - b'0') * scale;
    }
    Some(if negative { -n } else { n })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::response::tests::parse;

    /// Native stand-in for the browser's `RegExp` (same answers for these patterns).
    struct Native;
    impl Matcher for Native {
        fn is_match(&self, pattern: &str, value: &str) -> Option<bool> {
            regex::Regex::new(pattern).ok().map(|r| r.is_match(value))
        }
    }

    fn field(json: &str) -> FieldRules {
        FieldRules::from_field(&parse(json).expect("json")).expect("field")
    }

    #[test]
    fn luhn_published_vectors() {
        for ok in [
            "79927398713",
            "4111111111111111",
            "378282246310005",
            "6011111111111117",
            "4111 1111 1111 1111",
            "00",
        ] {
            assert!(luhn(ok), "{ok}");
        }
        for bad in [
            "79927398710",
            "4111111111111112",
            "0",
            "",
            "4111-1111-1111-1111",
            "abc",
            "١٢",
        ] {
            assert!(!luhn(bad), "{bad}");
        }
    }

    #[test]
    fn email_addresses() {
        for ok in ["gustav.adolfs@stockholm.se", "a+b@x.co", "ö@exämple.se"] {
            assert!(email_address(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@b.se",
            "a@b",
            "a b@c.se",
            "a@@b.se",
            "a@b..se",
            ".a@b.se",
            "a..b@c.se",
            "a@-b.se",
            "a@b.se\n",
        ] {
            assert!(!email_address(bad), "{bad}");
        }
    }

    #[test]
    fn every_validator_passes_and_fails() {
        let cases: [(&str, &str, &str, &str); 7] = [
            (
                r#"{"minLength":10,"maxLength":12}"#,
                "length",
                "0123456789",
                "012345678",
            ),
            (
                r#"{"regularExpression":"^[0-9]{6}[-+A][0-9]{3}[0-9A-Y]$"}"#,
                "regularExpression",
                "131052-308T",
                "131052-308t",
            ),
            (
                r#"{"allowedValues":["male","female","unknown"]}"#,
                "fixedList",
                "female",
                "Female",
            ),
            (r#"{"minValue":1,"maxValue":12}"#, "range", "12", "13"),
            ("{}", "luhn", "4111111111111111", "4111111111111112"),
            (
                "{}",
                "emailAddress",
                "kari.nordmann@example.no",
                "kari.nordmann@",
            ),
            (r#"{"minLength":3,"maxLength":3}"#, "length", "😀é", "😀😀"),
        ];
        let rule_of = |name: &str| match name {
            "length" => rule::LENGTH,
            "regularExpression" => rule::REGULAR_EXPRESSION,
            "fixedList" => rule::FIXED_LIST,
            "range" => rule::RANGE,
            "luhn" => rule::LUHN,
            _ => rule::EMAIL_ADDRESS,
        };
        for (body, name, good, bad) in cases {
            let f = field(&format!(
                r#"{{"id":"f","dataRestrictions":{{"isRequired":true,"validators":{{"{name}":{body}}}}}}}"#
            ));
            assert_eq!(f.check(good, &Native), Ok(()), "{name} {good}");
            assert_eq!(f.check(bad, &Native), Err(rule_of(name)), "{name} {bad}");
            assert_eq!(f.check("", &Native), Err(rule::REQUIRED), "{name} empty");
        }
    }

    #[test]
    fn regexes_with_anchors_classes_and_unicode() {
        let re = |p: &str| FieldRules {
            id: "f".into(),
            pattern: Some(p.into()),
            ..FieldRules::default()
        };
        let cases = [
            (r"^[0-9]{10,12}$", "012345678901", "0123456789012"),
            (r"^\d{4}$", "0150", "01500"),
            (r"^[49][0-9]{7}$", "40612345", "30612345"),
            (r"^\p{L}+$", "Åsa", "Åsa1"),
            (r"^[A-ZÅÄÖ ]+$", "GÖTEBORG", "göteborg"),
            (r"[0-9]", "ab1", "abc"),
        ];
        for (p, good, bad) in cases {
            assert_eq!(re(p).check(good, &Native), Ok(()), "{p} {good}");
            assert_eq!(
                re(p).check(bad, &Native),
                Err(rule::REGULAR_EXPRESSION),
                "{p} {bad}"
            );
        }
        // A pattern the engine cannot compile is left to the server.
        assert_eq!(re("([").check("x", &Native), Ok(()));
    }

    #[test]
    fn numbers_as_typed() {
        for (text, want) in [
            ("42", Some(42.0)),
            ("-1.5", Some(-1.5)),
            ("+7", Some(7.0)),
            (".5", Some(0.5)),
            ("3.", Some(3.0)),
        ] {
            assert_eq!(parse_number(text), want, "{text}");
        }
        for bad in ["", "-", ".", "1e3", "1.2.3", "12a", " 1", "--1", "١"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn optional_empty_values_pass() {
        let f = field(
            r#"{"id":"f","dataRestrictions":{"isRequired":false,"validators":{"length":{"minLength":3}}}}"#,
        );
        assert_eq!(f.check("", &Native), Ok(()));
        assert_eq!(f.check("ab", &Native), Err(rule::LENGTH));
    }

    #[test]
    fn masked_lookup_values_lose_their_mask() {
        let fields = vec![
            field(
                r#"{"id":"fiscalNumber","displayHints":{"mask":"{{99999999}}-{{9999}}"},"dataRestrictions":{"isRequired":true,"validators":{"length":{"minLength":10,"maxLength":12}}}}"#,
            ),
            field(r#"{"id":"zip","dataRestrictions":{"isRequired":true}}"#),
        ];
        assert_eq!(fields[0].mask.as_deref(), Some("{{99999999}}-{{9999}}"));
        for (fiscal, sent) in [
            ("01234567-8901", "012345678901"),
            ("012345678901", "012345678901"),
            ("0123-45678901", "0123-45678901"),
        ] {
            let mut values = vec![
                ("fiscalNumber".to_string(), fiscal.to_string()),
                ("zip".to_string(), "111-52".to_string()),
                ("other".to_string(), "1-2".to_string()),
            ];
            unmask_lookup(&fields, &mut values);
            let got: Vec<&str> = values.iter().map(|(_, v)| v.as_str()).collect();
            assert_eq!(got, [sent, "111-52", "1-2"], "{fiscal}");
        }
        // Checked after unmasking: the masked form passes the length rule.
        let mut values = vec![("fiscalNumber".to_string(), "01234567-8901".to_string())];
        unmask_lookup(&fields[..1], &mut values);
        assert_eq!(check_lookup(&fields[..1], &values, &Native), Ok(()));
    }

    #[test]
    fn lookup_values_against_fields() {
        let fields = vec![
            field(
                r#"{"id":"phoneNumber","dataRestrictions":{"isRequired":true,"validators":{"regularExpression":{"regularExpression":"^[49][0-9]{7}$"}}}}"#,
            ),
            field(
                r#"{"id":"zip","dataRestrictions":{"isRequired":true,"validators":{"length":{"minLength":4,"maxLength":4}}}}"#,
            ),
        ];
        let v = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            check_lookup(
                &fields,
                &v(&[("zip", "0150"), ("phoneNumber", "40612345")]),
                &Native
            ),
            Ok(())
        );
        let err = |pairs: &[(&str, &str)]| {
            let e = check_lookup(&fields, &v(pairs), &Native).expect_err("invalid");
            (e.property, e.rule)
        };
        assert_eq!(
            err(&[("phoneNumber", "40612345")]),
            ("zip".into(), rule::REQUIRED)
        );
        assert_eq!(
            err(&[("phoneNumber", "40612345"), ("zip", "0150"), ("email", "x")]),
            ("email".into(), rule::NOT_A_LOOKUP_FIELD)
        );
        assert_eq!(
            err(&[("phoneNumber", "1"), ("zip", "0150")]),
            ("phoneNumber".into(), rule::REGULAR_EXPRESSION)
        );
        assert_eq!(
            err(&[("phoneNumber", "40612345"), ("zip", "01500")]),
            ("zip".into(), rule::LENGTH)
        );
        // A product without lookup fields accepts no key.
        assert_eq!(
            check_lookup(&[], &v(&[("zip", "0150")]), &Native)
                .expect_err("invalid")
                .rule,
            rule::NOT_A_LOOKUP_FIELD
        );
    }
}
