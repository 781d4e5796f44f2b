//! The models of the public API and of the Client API's JSON, as serde types with the
//! JSON's camelCase names. The TypeScript declarations shipped in the package are
//! generated from them (`tests/models.rs`), and their native round-trip tests run
//! against the local Client API's fixtures.
//!
//! `X` is how a value the SDK passes through untouched is held: `serde_json::Value`
//! natively, a JS value in the wasm build. Unknown properties are kept in `extra`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::core::details::SessionDetails;
pub use crate::core::product::PaymentDetails;
pub use crate::core::session::SessionOptions;

/// Unknown properties, passed through unchanged.
pub type Extra<X> = BTreeMap<String, X>;

/// Per-call settings. `S` is the abort signal, which stays a JS value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(S = crate::core::models::typescript::JsAbortSignal), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct CallOptions<S> {
    /// Deadline of this call, in ms; overrides the session's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u32>,
    /// Aborting it rejects the call with `ConnectAbortError`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<S>,
}

impl<S> Default for CallOptions<S> {
    fn default() -> Self {
        CallOptions {
            timeout_ms: None,
            signal: None,
        }
    }
}

/// One lookup value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct KeyValuePair {
    /// The id of a lookup field.
    pub key: String,
    /// What the shopper typed.
    pub value: String,
}

/// The request of `getCustomerDetails`, and the body it sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct CustomerDetailsRequest {
    /// ISO 3166-1 alpha-2; sent upper-case.
    pub country_code: String,
    /// Every field of the product whose `usedForLookup` is true, in any order.
    pub values: Vec<KeyValuePair>,
}

/// The answer of `getCustomerDetails`: documented fields are strings; unknown fields
/// are passed through.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct CustomerDetails<X> {
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Personal or fiscal number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_number: Option<String>,
    /// ISO 639-1 language code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Street and house number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// `length` validator.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct LengthValidator<X> {
    /// Fewest UTF-16 code units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<f64>,
    /// Most UTF-16 code units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<f64>,
    /// Unknown properties.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// `regularExpression` validator.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct RegularExpressionValidator<X> {
    /// The pattern, run by the browser's `RegExp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regular_expression: Option<String>,
    /// Unknown properties.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// `range` validator.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct RangeValidator<X> {
    /// Smallest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<f64>,
    /// Largest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<f64>,
    /// Unknown properties.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// `fixedList` validator.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct FixedListValidator<X> {
    /// The values allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_values: Option<Vec<String>>,
    /// Unknown properties.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// A validator without parameters (`luhn`, `emailAddress`, …): `{}`.
pub type EmptyValidator<X> = Extra<X>;

/// Validators of a product field, as the API sends them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Validators<X> {
    /// `length`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<LengthValidator<X>>,
    /// `regularExpression`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regular_expression: Option<RegularExpressionValidator<X>>,
    /// `range`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<RangeValidator<X>>,
    /// `fixedList`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_list: Option<FixedListValidator<X>>,
    /// `luhn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub luhn: Option<EmptyValidator<X>>,
    /// `emailAddress`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_address: Option<EmptyValidator<X>>,
    /// `expirationDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<EmptyValidator<X>>,
    /// `iban`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<EmptyValidator<X>>,
    /// `residentIdNumber`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_id_number: Option<EmptyValidator<X>>,
    /// `termsAndConditions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_and_conditions: Option<EmptyValidator<X>>,
    /// Validators this SDK does not know.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// `dataRestrictions` of a product field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct DataRestrictions<X> {
    /// Whether the field must be filled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_required: Option<bool>,
    /// Its validators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validators: Option<Validators<X>>,
    /// Unknown properties.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// A hint for the shopper next to a field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Tooltip<X> {
    /// Image path; made absolute against `assetUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Unknown properties.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// One choice of a list field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ValueMapping<X> {
    /// What the shopper sees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// What is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Unknown properties.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// How a field is rendered.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct FormElement<X> {
    /// `text`, `list`, `currency`, `date`, `boolean`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The choices of a `list`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_mapping: Option<Vec<ValueMapping<X>>>,
    /// Unknown properties.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// `displayHints` of a product field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct FieldDisplayHints<X> {
    /// Position in the form; fields are sorted by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_order: Option<f64>,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder_label: Option<String>,
    /// Input mask, e.g. `{{9999}}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mask: Option<String>,
    /// Whether the value is hidden while typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub obfuscate: Option<bool>,
    /// Keyboard, e.g. `IntegerKeyboard`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_input_type: Option<String>,
    /// How the field is rendered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_element: Option<FormElement<X>>,
    /// A hint for the shopper; `image` is made absolute against `assetUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<Tooltip<X>>,
    /// Unknown properties.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// A field of a payment product.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct PaymentProductField<X> {
    /// Field id: the `key` of a lookup value.
    pub id: String,
    /// `string`, `numericstring`, `date`, `boolean`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether the field is a lookup input of `getCustomerDetails`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_for_lookup: Option<bool>,
    /// Whether and how the value is checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_restrictions: Option<DataRestrictions<X>>,
    /// How the field is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_hints: Option<FieldDisplayHints<X>>,
    /// Unknown properties.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// `displayHints` of a payment product.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ProductDisplayHints<X> {
    /// Position among products.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_order: Option<f64>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Logo path; made absolute against `assetUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// Unknown properties.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// A payment product: `fields` sorted by `displayHints.displayOrder`, unknown
/// properties passed through.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct PaymentProduct<X> {
    /// Product id.
    pub id: u64,
    /// E.g. `invoice`, `card`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<String>,
    /// How the product is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_hints: Option<ProductDisplayHints<X>>,
    /// Its fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<PaymentProductField<X>>>,
    /// Unknown properties.
    #[serde(flatten)]
    pub extra: Extra<X>,
}

/// A field the shopper fills in for a customer details lookup, in display order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(concrete(X = crate::core::models::typescript::Unknown), optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct LookupField<X> {
    /// The `key` to send in `values`.
    pub id: String,
    /// The field's type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// From `placeholderLabel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Display mask such as `{{99999999}}-{{9999}}`; see `applyMask`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mask: Option<String>,
    /// Length of a full value once masked, for the input's `maxLength`; only with a mask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// Keyboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_input_type: Option<String>,
    /// Position in the form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_order: Option<f64>,
    /// A hint for the shopper; `image` is absolute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<Tooltip<X>>,
    /// Whether the field must be filled in.
    pub is_required: bool,
    /// Its validators (`{}` when none).
    pub validators: Validators<X>,
}

impl<X: Clone> LookupField<X> {
    /// The lookup field of a product field, or `None` when it is not for lookups.
    pub fn of(field: &PaymentProductField<X>) -> Option<LookupField<X>> {
        if field.used_for_lookup != Some(true) {
            return None;
        }
        let hints = field.display_hints.as_ref();
        let restrictions = field.data_restrictions.as_ref();
        Some(LookupField {
            id: field.id.clone(),
            kind: field.kind.clone(),
            label: hints.and_then(|h| h.label.clone()),
            placeholder: hints.and_then(|h| h.placeholder_label.clone()),
            mask: hints.and_then(|h| h.mask.clone()),
            max_length: crate::core::mask::max_length(hints.and_then(|h| h.mask.as_deref()))
                .map(|n| n as u32),
            preferred_input_type: hints.and_then(|h| h.preferred_input_type.clone()),
            display_order: hints.and_then(|h| h.display_order),
            tooltip: hints.and_then(|h| h.tooltip.clone()),
            is_required: restrictions.and_then(|r| r.is_required) == Some(true),
            validators: restrictions
                .and_then(|r| r.validators.clone())
                .unwrap_or_else(|| Validators {
                    length: None,
                    regular_expression: None,
                    range: None,
                    fixed_list: None,
                    luhn: None,
                    email_address: None,
                    expiration_date: None,
                    iban: None,
                    resident_id_number: None,
                    terms_and_conditions: None,
                    extra: Extra::new(),
                }),
        })
    }
}

/// One entry of an `ErrorResponse`, or the single entry the SDK makes for its own errors.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    /// Error code, e.g. `1214`, or the SDK's (`INVALID_INPUT`, `TIMEOUT`, …).
    pub code: String,
    /// `CONNECT_PLATFORM_ERROR`, or `CLIENT_SDK` for the SDK's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// HTTP status the API meant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status_code: Option<u16>,
    /// Error id, e.g. `CUSTOMER_DETAILS_NOT_FOUND`, or the SDK's rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The API's text. Never show this to the shopper.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The property at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property_name: Option<String>,
    /// The API's request id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The body of a Client API error answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ErrorResponse {
    /// Id of the error, for support.
    pub error_id: String,
    /// What went wrong; never empty.
    pub errors: Vec<ApiError>,
}

/// The TypeScript declarations of the models, generated from these types by ts-rs
/// (test-only, so nothing of it reaches the wasm). `src/js/models.d.ts` is the output;
/// the test fails when it is stale, and `UPDATE_TS=1 cargo test --lib` rewrites it.
#[cfg(test)]
pub(crate) mod typescript {
    use ts_rs::{Config, TS};

    use super::*;
    use crate::core::error::NAMES;

    /// One exported declaration, with its doc comment.
    fn export<T: TS + ?Sized>(cfg: &Config, out: &mut String) {
        if let Some(docs) = T::docs() {
            out.push_str(&docs);
        }
        out.push_str("export ");
        out.push_str(&T::decl_concrete(cfg));
        out.push_str("\n\n");
    }

    fn declarations() -> String {
        // u64 ids and amounts are safe integers: plain numbers in JS.
        let cfg = Config::new().with_large_int("number");
        let mut out = String::from(
            "// Generated from the Rust models (src/core/models.rs) by \
             `UPDATE_TS=1 cargo test --lib`. Do not edit.\n\n",
        );
        export::<SessionDetails>(&cfg, &mut out);
        export::<SessionOptions>(&cfg, &mut out);
        export::<CallOptions<JsAbortSignal>>(&cfg, &mut out);
        export::<KeyValuePair>(&cfg, &mut out);
        export::<CustomerDetailsRequest>(&cfg, &mut out);
        export::<CustomerDetails<Unknown>>(&cfg, &mut out);
        export::<PaymentDetails>(&cfg, &mut out);
        export::<LengthValidator<Unknown>>(&cfg, &mut out);
        export::<RegularExpressionValidator<Unknown>>(&cfg, &mut out);
        export::<RangeValidator<Unknown>>(&cfg, &mut out);
        export::<FixedListValidator<Unknown>>(&cfg, &mut out);
        export::<Validators<Unknown>>(&cfg, &mut out);
        export::<DataRestrictions<Unknown>>(&cfg, &mut out);
        export::<Tooltip<Unknown>>(&cfg, &mut out);
        export::<ValueMapping<Unknown>>(&cfg, &mut out);
        export::<FormElement<Unknown>>(&cfg, &mut out);
        export::<FieldDisplayHints<Unknown>>(&cfg, &mut out);
        export::<PaymentProductField<Unknown>>(&cfg, &mut out);
        export::<ProductDisplayHints<Unknown>>(&cfg, &mut out);
        export::<PaymentProduct<Unknown>>(&cfg, &mut out);
        export::<LookupField<Unknown>>(&cfg, &mut out);
        export::<crate::core::mask::Masked>(&cfg, &mut out);
        out.push_str("/** A value laid into a display mask, as `applyMask` returns it. */\nexport type MaskedValue = Masked;\n\n");
        export::<ApiError>(&cfg, &mut out);
        out.push_str("/** The same entry under the name the API reference uses. */\nexport type APIError = ApiError;\n\n");
        export::<ErrorResponse>(&cfg, &mut out);
        out.push_str("/** The closed set of `name`s of the errors every promise rejects with. */\nexport type ConnectErrorName =");
        for name in NAMES {
            out.push_str("\n  | \"");
            out.push_str(name);
            out.push('"');
        }
        out.push_str(";\n");
        out
    }

    #[test]
    fn declarations_are_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/js/models.d.ts");
        let want = declarations();
        if std::env::var_os("UPDATE_TS").is_some() {
            std::fs::write(path, &want).expect("write models.d.ts");
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "src/js/models.d.ts is stale: run UPDATE_TS=1 cargo test --lib"
        );
        // No `any` as a type (comments aside: "in any order" is fine).
        let code = want
            .lines()
            .filter(|l| !l.trim_start().starts_with(['/', '*']))
            .flat_map(|l| l.split(|c: char| !c.is_ascii_alphanumeric()));
        assert!(
            !code.clone().any(|word| word == "any"),
            "no any in the declarations"
        );
    }

    /// A value passed through untouched: `unknown`.
    pub struct Unknown;

    impl TS for Unknown {
        type WithoutGenerics = Self;
        type OptionInnerType = Self;
        fn name(_: &Config) -> String {
            "unknown".into()
        }
        fn inline(_: &Config) -> String {
            "unknown".into()
        }
    }

    /// The caller's `AbortSignal`.
    pub struct JsAbortSignal;

    impl TS for JsAbortSignal {
        type WithoutGenerics = Self;
        type OptionInnerType = Self;
        fn name(_: &Config) -> String {
            "AbortSignal".into()
        }
        fn inline(_: &Config) -> String {
            "AbortSignal".into()
        }
    }
}
