//! Canned data: customer-details lookups and payment products.

use serde_json::{json, Value};

/// Relative logo path of product 9000 (relative on purpose: the SDK must make it
/// absolute against `assetUrl`).
pub const LOGO_9000: &str = "templates/master/global/css/img/ppimages/pp_logo_9000_v1.png";
pub const LOGO_1: &str = "templates/master/global/css/img/ppimages/pp_logo_1_v1.png";

/// The response example of the API reference, byte for byte (key order kept).
pub const DETAILS_SE: &str = r#"{"fiscalNumber":"0123456789012","city":"Stockholm","street":"Gustav Adolfs torg 22","zip":"111 52","firstName":"Gustav","surname":"Adolfs","emailAddress":"gustav.adolfs@stockholm.se","phoneNumber":"0123456789","languageCode":""}"#;
pub const DETAILS_NO: &str = r#"{"firstName":"Kari","surname":"Nordmann","street":"Karl Johans gate 22","zip":"0150","city":"Oslo","country":"NO","emailAddress":"kari.nordmann@example.no","phoneNumber":"40612345","languageCode":"nb"}"#;
pub const DETAILS_FI: &str = r#"{"fiscalNumber":"131052-308T","firstName":"Matti","surname":"Meikäläinen","street":"Mannerheimintie 1","zip":"00100","city":"Helsinki","country":"FI","emailAddress":"matti.meikalainen@example.fi","phoneNumber":"0401234567","languageCode":"fi"}"#;

/// One lookup: (countryCode, exact set of key/value pairs, response body).
type Lookup = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
);

const LOOKUPS: &[Lookup] = &[
    ("SE", &[("fiscalNumber", "012345678901")], DETAILS_SE),
    (
        "NO",
        &[("phoneNumber", "40612345"), ("zip", "0150")],
        DETAILS_NO,
    ),
    (
        "FI",
        &[("fiscalNumber", "131052-308T"), ("zip", "00100")],
        DETAILS_FI,
    ),
];

/// Finds the customer-details fixture for a country and a set of key/value pairs
/// (order-insensitive, duplicates ignored, exact keys and values).
pub fn lookup_customer_details(country: &str, values: &[(String, String)]) -> Option<&'static str> {
    let mut given: Vec<(&str, &str)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    given.sort_unstable();
    given.dedup();
    LOOKUPS.iter().find_map(|(c, pairs, body)| {
        if *c != country {
            return None;
        }
        let mut want: Vec<(&str, &str)> = pairs.to_vec();
        want.sort_unstable();
        (want == given).then_some(*body)
    })
}

/// Why a product could not be returned.
pub enum ProductError {
    /// 404, code 1070.
    UnknownProduct,
    /// 400, code 21000020, the missing parameter name.
    MissingParameter(&'static str),
    /// 400, code 1103, not available for the country.
    NotAvailable,
}

/// The payment product for `GET /client/v1/{customerId}/products/{id}`.
pub fn payment_product(
    product_id: &str,
    country: Option<&str>,
    currency: Option<&str>,
) -> Result<Value, ProductError> {
    let is_known = matches!(product_id, "9000" | "1");
    if !is_known {
        return Err(ProductError::UnknownProduct);
    }
    let country = match country {
        Some(c) if !c.is_empty() => c,
        _ => return Err(ProductError::MissingParameter("countryCode")),
    };
    match currency {
        Some(c) if !c.is_empty() => {}
        _ => return Err(ProductError::MissingParameter("currencyCode")),
    }
    if product_id == "1" {
        if country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Ok(visa());
        }
        return Err(ProductError::NotAvailable);
    }
    let fields = match country {
        "SE" => fields_se(),
        "NO" => fields_no(),
        "FI" => fields_fi(),
        _ => return Err(ProductError::NotAvailable),
    };
    Ok(json!({
        "id": 9000,
        "paymentMethod": "invoice",
        "allowsRecurring": false,
        "allowsTokenization": false,
        "mobileIntegrationLevel": "OPTIMISED_SUPPORT",
        "usesRedirectionTo3rdParty": false,
        "displayHints": {"displayOrder": 1, "label": "Invoice", "logo": LOGO_9000},
        "fields": fields,
    }))
}

fn hints(order: u32, label: &str, placeholder: &str, input: &str) -> Value {
    json!({
        "displayOrder": order,
        "label": label,
        "placeholderLabel": placeholder,
        "obfuscate": false,
        "preferredInputType": input,
        "formElement": {"type": "text"},
    })
}

fn with(mut v: Value, key: &str, val: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.insert(key.to_owned(), val);
    }
    v
}

fn email(order: u32) -> Value {
    json!({
        "id": "emailAddress",
        "type": "string",
        "dataRestrictions": {"isRequired": true, "validators": {"emailAddress": {}}},
        "displayHints": hints(order, "Email address", "name@example.com", "EmailAddressKeyboard"),
    })
}

/// Sweden. Array order is deliberately not display order.
fn fields_se() -> Value {
    let fiscal_hints = with(
        with(
            hints(10, "Personal number", "YYYYMMDDNNNN", "IntegerKeyboard"),
            "mask",
            json!("{{99999999}}-{{9999}}"),
        ),
        "tooltip",
        json!({
            "image": "templates/master/global/css/img/ppimages/ppf_fiscalNumber_se_tooltip.png",
            "label": "Your Swedish personal identity number (personnummer)",
        }),
    );
    json!([
        {
            "id": "termsAndConditions",
            "type": "boolean",
            "dataRestrictions": {"isRequired": true, "validators": {"termsAndConditions": {}}},
            "displayHints": hints(40, "I accept the terms and conditions", "", "StringKeyboard"),
        },
        {
            "id": "fiscalNumber",
            "type": "numericstring",
            "usedForLookup": true,
            "dataRestrictions": {"isRequired": true, "validators": {
                "length": {"minLength": 10, "maxLength": 12},
                "regularExpression": {"regularExpression": "^[0-9]{10,12}$"},
            }},
            "displayHints": fiscal_hints,
        },
        {
            "id": "birthDate",
            "type": "date",
            "dataRestrictions": {"isRequired": false, "validators": {}},
            "displayHints": hints(30, "Date of birth", "YYYYMMDD", "DateKeyboard"),
        },
        email(20),
    ])
}

/// Norway: phone number + postal code.
fn fields_no() -> Value {
    json!([
        email(30),
        {
            "id": "zip",
            "type": "numericstring",
            "usedForLookup": true,
            "dataRestrictions": {"isRequired": true, "validators": {
                "length": {"minLength": 4, "maxLength": 4},
                "regularExpression": {"regularExpression": "^[0-9]{4}$"},
            }},
            "displayHints": hints(20, "Postal code", "0000", "IntegerKeyboard"),
        },
        {
            "id": "phoneNumber",
            "type": "numericstring",
            "usedForLookup": true,
            "dataRestrictions": {"isRequired": true, "validators": {
                "length": {"minLength": 8, "maxLength": 8},
                "regularExpression": {"regularExpression": "^[49][0-9]{7}$"},
            }},
            "displayHints": hints(10, "Mobile number", "4XXXXXXX", "PhoneNumberKeyboard"),
        },
    ])
}

/// Finland: personal identity code + postal code.
fn fields_fi() -> Value {
    let gender_hints = with(
        hints(40, "Gender", "", "StringKeyboard"),
        "formElement",
        json!({"type": "list", "valueMapping": [
            {"value": "male", "displayName": "Male"},
            {"value": "female", "displayName": "Female"},
            {"value": "unknown", "displayName": "Prefer not to say"},
        ]}),
    );
    json!([
        {
            "id": "zip",
            "type": "numericstring",
            "usedForLookup": true,
            "dataRestrictions": {"isRequired": true, "validators": {
                "length": {"minLength": 5, "maxLength": 5},
                "regularExpression": {"regularExpression": "^[0-9]{5}$"},
            }},
            "displayHints": hints(20, "Postal code", "00000", "IntegerKeyboard"),
        },
        {
            "id": "gender",
            "type": "string",
            "dataRestrictions": {"isRequired": false, "validators": {
                "fixedList": {"allowedValues": ["male", "female", "unknown"]},
            }},
            "displayHints": gender_hints,
        },
        email(30),
        {
            "id": "fiscalNumber",
            "type": "string",
            "usedForLookup": true,
            "dataRestrictions": {"isRequired": true, "validators": {
                "length": {"minLength": 11, "maxLength": 11},
                "regularExpression": {"regularExpression": "^[0-9]{6}[-+A][0-9]{3}[0-9A-Y]$"},
            }},
            "displayHints": with(
                hints(10, "Personal identity code", "DDMMYY-NNNC", "StringKeyboard"),
                "tooltip",
                json!({
                    "image": "templates/master/global/css/img/ppimages/ppf_fiscalNumber_fi_tooltip.png",
                    "label": "Your Finnish personal identity code (henkilötunnus)",
                }),
            ),
        },
    ])
}

fn visa() -> Value {
    json!({
        "id": 1,
        "paymentMethod": "card",
        "paymentProductGroup": "cards",
        "allowsRecurring": true,
        "allowsTokenization": true,
        "mobileIntegrationLevel": "OPTIMISED_SUPPORT",
        "usesRedirectionTo3rdParty": false,
        "displayHints": {"displayOrder": 0, "label": "VISA", "logo": LOGO_1},
        "fields": [
            {
                "id": "cvv",
                "type": "numericstring",
                "dataRestrictions": {"isRequired": true, "validators": {
                    "length": {"minLength": 3, "maxLength": 4},
                    "regularExpression": {"regularExpression": "^[0-9]{3,4}$"},
                }},
                "displayHints": with(
                    hints(24, "CVV", "123", "IntegerKeyboard"),
                    "mask",
                    json!("{{9999}}"),
                ),
            },
            {
                "id": "cardNumber",
                "type": "numericstring",
                "dataRestrictions": {"isRequired": true, "validators": {
                    "luhn": {},
                    "length": {"minLength": 12, "maxLength": 19},
                }},
                "displayHints": with(
                    hints(10, "Card number", "**** **** **** ****", "IntegerKeyboard"),
                    "mask",
                    json!("{{9999}} {{9999}} {{9999}} {{9999}} {{999}}"),
                ),
            },
            {
                "id": "expiryDate",
                "type": "expirydate",
                "dataRestrictions": {"isRequired": true, "validators": {
                    "expirationDate": {},
                    "regularExpression": {"regularExpression": "^(?:0[1-9]|1[0-2])[0-9]{2}$"},
                }},
                "displayHints": with(
                    hints(20, "Expiry date", "MM/YY", "IntegerKeyboard"),
                    "mask",
                    json!("{{99}}/{{99}}"),
                ),
            },
        ],
    })
}
