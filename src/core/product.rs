//! Payment products: the `paymentDetails` checks, and the pure parts of finishing a
//! product (display order, absolute asset URLs, which fields are for lookups).

use serde::{Deserialize, Serialize};

use crate::core::error::{rule, BodyProblem, InputError};
use crate::core::response::{Doc, Kind};
use crate::core::rules::FieldRules;
use crate::core::text;
use crate::core::validate::{self, Raw};

/// `paymentDetails` as read from JavaScript (a snapshot), before any check.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawPaymentDetails {
    /// `totalAmount`, in cents.
    pub total_amount: Raw<f64>,
    /// `countryCode`.
    pub country_code: Raw<String>,
    /// `currency`.
    pub currency: Raw<String>,
    /// `locale`.
    pub locale: Raw<String>,
    /// `isRecurring`.
    pub is_recurring: Raw<bool>,
}

/// What `getPaymentProduct` needs to know about the payment (names as in
/// connect-sdk-client-js); checked once built by [`RawPaymentDetails::check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct PaymentDetails {
    /// Amount in cents, a non-negative integer.
    pub total_amount: u64,
    /// Upper-case country code.
    pub country_code: String,
    /// Upper-case ISO 4217 currency code.
    pub currency: String,
    /// Locale such as `sv_SE`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Whether the payment is recurring, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_recurring: Option<bool>,
}

impl RawPaymentDetails {
    /// Checks every field; property names carry the `paymentDetails.` prefix.
    pub fn check(self) -> Result<PaymentDetails, InputError> {
        let property = |name: &str| {
            let mut p = String::from("paymentDetails.");
            p.push_str(name);
            p
        };
        let err = |name: &str, rule| InputError::new(property(name), rule);
        let amount = validate::integer(
            self.total_amount,
            0.0,
            validate::MAX_SAFE_INTEGER,
            &property("totalAmount"),
        )?;
        let country_code = validate::letter_code(self.country_code, 2, &property("countryCode"))?;
        let currency = validate::letter_code(self.currency, 3, &property("currency"))?;
        let locale = match self.locale {
            Raw::Missing => None,
            Raw::Value(s)
                if (2..=35).contains(&s.len())
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') =>
            {
                Some(s)
            }
            Raw::Value(_) => return Err(err("locale", rule::FORMAT)),
            other => return Err(err("locale", validate::absent_rule(&other))),
        };
        let is_recurring = match self.is_recurring {
            Raw::Missing => None,
            Raw::Value(b) => Some(b),
            other => return Err(err("isRecurring", validate::absent_rule(&other))),
        };
        Ok(PaymentDetails {
            total_amount: amount,
            country_code,
            currency,
            locale,
            is_recurring,
        })
    }
}

/// A 2xx product must be an object whose `fields`, when present, is an array.
pub fn check_body<D: Doc>(product: &D) -> Result<(), BodyProblem> {
    match product.get("fields") {
        Some(f) if f.kind() != Kind::Array => Err(BodyProblem::FieldType("fields")),
        _ => Ok(()),
    }
}

/// Indices of `fields` in display order: by `displayHints.displayOrder`, stable, fields
/// without one last.
pub fn display_order<D: Doc>(fields: &D) -> Vec<u32> {
    let mut keyed: Vec<(u32, Option<f64>)> = Vec::new();
    let mut i = 0;
    while let Some(field) = fields.at(i) {
        let order = field
            .get("displayHints")
            .and_then(|h| h.get("displayOrder"))
            .and_then(|o| o.number())
            .filter(|o| o.is_finite());
        keyed.push((i, order));
        i += 1;
    }
    // Insertion sort: stable, tiny in the wasm, and products have a handful of fields.
    let before = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(x), Some(y)) => x < y,
        (Some(_), None) => true,
        _ => false,
    };
    for i in 1..keyed.len() {
        let mut j = i;
        while j > 0
            && keyed
                .get(j)
                .zip(keyed.get(j - 1))
                .is_some_and(|(a, b)| before(a.1, b.1))
        {
            keyed.swap(j, j - 1);
            j -= 1;
        }
    }
    keyed.into_iter().map(|(i, _)| i).collect()
}

/// `path` made absolute against `asset_url`; `None` when it already is absolute (has a
/// scheme or starts with `//`) or is empty.
pub fn absolute_asset_url(asset_url: &str, path: &str) -> Option<String> {
    let has_scheme = text::split_once(path, b':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    });
    if path.is_empty() || has_scheme || path.starts_with("//") {
        return None;
    }
    let mut url = asset_url.trim_end_matches('/').to_string();
    url.push('/');
    url.push_str(path.trim_start_matches('/'));
    Some(url)
}

/// Whether a (sorted) product field is for lookups: `usedForLookup` is `true`.
pub fn is_lookup_field<D: Doc>(field: &D) -> bool {
    field.get("usedForLookup").and_then(|b| b.boolean()) == Some(true)
}

/// The rules of every lookup field of a product, in the order given; `None` when
/// `fields` is not an array of fields with string ids, so the product cannot be relied
/// on to judge lookups (the server judges them instead).
pub fn lookup_rules<D: Doc>(fields: &D) -> Option<Vec<FieldRules>> {
    if fields.kind() != Kind::Array {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(field) = fields.at(i) {
        let rules = FieldRules::from_field(&field)?;
        if is_lookup_field(&field) {
            out.push(rules);
        }
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::response::tests::parse;

    fn raw() -> RawPaymentDetails {
        RawPaymentDetails {
            total_amount: Raw::Value(1000.0),
            country_code: Raw::Value("se".into()),
            currency: Raw::Value("sek".into()),
            locale: Raw::Missing,
            is_recurring: Raw::Missing,
        }
    }

    #[test]
    fn payment_details_matrix() {
        let ok = raw().check().expect("valid");
        assert_eq!(
            (
                ok.total_amount,
                ok.country_code.as_str(),
                ok.currency.as_str()
            ),
            (1000, "SE", "SEK")
        );
        assert_eq!((ok.locale, ok.is_recurring), (None, None));
        let mut zero = raw();
        zero.total_amount = Raw::Value(0.0);
        assert_eq!(zero.check().map(|d| d.total_amount), Ok(0));

        type Edit = fn(&mut RawPaymentDetails);
        let cases: [(Edit, &str, &str); 10] = [
            (
                |d| d.total_amount = Raw::Missing,
                "paymentDetails.totalAmount",
                rule::REQUIRED,
            ),
            (
                |d| d.total_amount = Raw::Value(10.5),
                "paymentDetails.totalAmount",
                rule::TYPE,
            ),
            (
                |d| d.total_amount = Raw::Value(-1.0),
                "paymentDetails.totalAmount",
                rule::RANGE,
            ),
            (
                |d| d.country_code = Raw::WrongType,
                "paymentDetails.countryCode",
                rule::TYPE,
            ),
            (
                |d| d.country_code = Raw::Value("SWE".into()),
                "paymentDetails.countryCode",
                rule::FORMAT,
            ),
            (
                |d| d.currency = Raw::Missing,
                "paymentDetails.currency",
                rule::REQUIRED,
            ),
            (
                |d| d.currency = Raw::Value("SE".into()),
                "paymentDetails.currency",
                rule::FORMAT,
            ),
            (
                |d| d.locale = Raw::Value("sv SE".into()),
                "paymentDetails.locale",
                rule::FORMAT,
            ),
            (
                |d| d.locale = Raw::WrongType,
                "paymentDetails.locale",
                rule::TYPE,
            ),
            (
                |d| d.is_recurring = Raw::WrongType,
                "paymentDetails.isRecurring",
                rule::TYPE,
            ),
        ];
        for (edit, property, want) in cases {
            let mut d = raw();
            edit(&mut d);
            let e = d.check().expect_err("invalid");
            assert_eq!((e.property.as_str(), e.rule), (property, want));
        }
    }

    #[test]
    fn fields_sort_by_display_order_stably() {
        let fields = parse(
            r#"[{"id":"c","displayHints":{"displayOrder":30}},{"id":"none"},{"id":"a","displayHints":{"displayOrder":10}},
                {"id":"b1","displayHints":{"displayOrder":20}},{"id":"b2","displayHints":{"displayOrder":20}},
                {"id":"neg","displayHints":{"displayOrder":-1}}]"#,
        )
        .expect("json");
        assert_eq!(display_order(&fields), vec![5, 2, 3, 4, 0, 1]);
        assert_eq!(
            display_order(&parse("[]").expect("json")),
            Vec::<u32>::new()
        );
    }

    #[test]
    fn asset_urls() {
        let base = "https://assets.example/";
        assert_eq!(
            absolute_asset_url(base, "templates/logo.png").as_deref(),
            Some("https://assets.example/templates/logo.png")
        );
        assert_eq!(
            absolute_asset_url("https://assets.example", "/templates/logo.png").as_deref(),
            Some("https://assets.example/templates/logo.png")
        );
        for already in [
            "https://cdn.example/x.png",
            "//cdn.example/x.png",
            "data:image/png;base64,AA",
            "",
        ] {
            assert_eq!(absolute_asset_url(base, already), None, "{already}");
        }
    }

    #[test]
    fn lookup_fields_and_body_check() {
        let product = parse(
            r#"{"id":9000,"fields":[
                {"id":"emailAddress","dataRestrictions":{"isRequired":false,"validators":{"emailAddress":{}}}},
                {"id":"zip","usedForLookup":true,"dataRestrictions":{"isRequired":true,"validators":{"length":{"minLength":4,"maxLength":4}}}},
                {"id":"phoneNumber","usedForLookup":true,"dataRestrictions":{"isRequired":true,"validators":{}}},
                {"id":"odd","usedForLookup":"true"}]}"#,
        )
        .expect("json");
        assert_eq!(check_body(&product), Ok(()));
        let fields = Doc::get(&product, "fields").expect("fields");
        let rules = lookup_rules(&fields).expect("well-formed fields");
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["zip", "phoneNumber"]);
        assert_eq!(rules[0].length, Some((Some(4.0), Some(4.0))));
        assert!(rules[0].required);
        assert_eq!(
            check_body(&parse(r#"{"fields":{}}"#).expect("json")),
            Err(BodyProblem::FieldType("fields"))
        );
        assert_eq!(check_body(&parse(r#"{"id":1}"#).expect("json")), Ok(()));
    }
}
