//! Native round trips of every model through serde_json, against the local Client API's
//! fixtures (tests/local-api/src/fixtures.rs): what the API sends deserializes into the
//! typed model and serializes back to the same JSON, unknown properties included.
#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use connect_sdk_client_wasm::core::models::{
    ApiError, CallOptions, CustomerDetails, CustomerDetailsRequest, ErrorResponse, KeyValuePair,
    LookupField, PaymentDetails, PaymentProduct, SessionDetails, SessionOptions,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

#[allow(dead_code)]
#[path = "local-api/src/fixtures.rs"]
mod fixtures;

/// `json` deserializes into `T` and serializes back to the same JSON (numbers compared
/// as JavaScript sees them: `1` and `1.0` are the same number).
fn round_trip<T: Serialize + DeserializeOwned + std::fmt::Debug>(json: &Value) -> T {
    let typed: T = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("{json} does not fit {}: {e}", std::any::type_name::<T>()));
    let back = serde_json::to_value(&typed).expect("serializes");
    assert_eq!(
        as_js(&back),
        as_js(json),
        "{} changed the JSON",
        std::any::type_name::<T>()
    );
    typed
}

/// Every number as an f64, as `JSON.parse` gives it.
fn as_js(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(a) => Value::Array(a.iter().map(as_js).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), as_js(v))).collect()),
        other => other.clone(),
    }
}

fn products() -> Vec<Value> {
    let mut out = Vec::new();
    for (id, country) in [("9000", "SE"), ("9000", "NO"), ("9000", "FI"), ("1", "NL")] {
        match fixtures::payment_product(id, Some(country), Some("EUR")) {
            Ok(p) => out.push(p),
            Err(_) => panic!("fixture {id} {country}"),
        }
    }
    out
}

#[test]
fn customer_details_fixtures_round_trip() {
    for text in [
        fixtures::DETAILS_SE,
        fixtures::DETAILS_NO,
        fixtures::DETAILS_FI,
    ] {
        let json: Value = serde_json::from_str(text).expect("fixture JSON");
        let typed: CustomerDetails<Value> = round_trip(&json);
        assert!(typed.city.is_some() && typed.extra.is_empty(), "{text}");
    }
    // Unknown fields pass through unchanged, nested ones too.
    let extra = json!({"firstName": "Gustav", "loyalty": {"tier": 3, "since": [2020]}, "x": null});
    let typed: CustomerDetails<Value> = round_trip(&extra);
    assert_eq!(typed.extra["loyalty"], json!({"tier": 3, "since": [2020]}));
    // A documented field of the wrong type does not fit.
    assert!(serde_json::from_value::<CustomerDetails<Value>>(json!({"zip": 11152})).is_err());
}

#[test]
fn payment_product_fixtures_round_trip() {
    for product in products() {
        let typed: PaymentProduct<Value> = round_trip(&product);
        let fields = typed.fields.as_deref().unwrap_or_default();
        assert!(!fields.is_empty());
        for field in fields {
            round_trip::<connect_sdk_client_wasm::core::models::PaymentProductField<Value>>(
                &serde_json::to_value(field).expect("field"),
            );
        }
        assert!(
            typed.extra.contains_key("mobileIntegrationLevel"),
            "unknown kept"
        );
    }
}

#[test]
fn lookup_fields_come_from_the_product_fixtures() {
    let se: PaymentProduct<Value> = serde_json::from_value(products()[0].clone()).expect("SE");
    let lookup: Vec<LookupField<Value>> = se
        .fields
        .iter()
        .flatten()
        .filter_map(LookupField::of)
        .collect();
    assert_eq!(lookup.len(), 1);
    let json = serde_json::to_value(&lookup[0]).expect("serializes");
    assert_eq!(json["id"], "fiscalNumber");
    assert_eq!(json["placeholder"], "YYYYMMDDNNNN");
    assert_eq!(json["isRequired"], true);
    assert_eq!(
        json["validators"]["length"],
        json!({"minLength": 10.0, "maxLength": 12.0})
    );
    round_trip::<LookupField<Value>>(&json);
    let no: PaymentProduct<Value> = serde_json::from_value(products()[1].clone()).expect("NO");
    let ids: Vec<String> = no
        .fields
        .iter()
        .flatten()
        .filter_map(LookupField::of)
        .map(|f| f.id)
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
}

#[test]
fn error_response_round_trips() {
    // The shape tests/local-api/src/util.rs sends for every error answer.
    let json = json!({
        "errorId": "657b10da-d2f9-4088-a948-bf190ef516b1-00000001",
        "errors": [{
            "code": "1214",
            "id": "CUSTOMER_DETAILS_NOT_FOUND",
            "category": "CONNECT_PLATFORM_ERROR",
            "httpStatusCode": 400,
            "message": "No customer details found",
            "requestId": "1000001",
            "propertyName": "values",
        }],
    });
    let typed: ErrorResponse = round_trip(&json);
    assert_eq!(typed.errors[0].code, "1214");
    let sdk = ApiError {
        code: "TIMEOUT".into(),
        id: Some("TIMEOUT".into()),
        category: Some("CLIENT_SDK".into()),
        ..ApiError::default()
    };
    round_trip::<ApiError>(&serde_json::to_value(&sdk).expect("sdk entry"));
}

#[test]
fn request_side_models_round_trip() {
    let details = json!({
        "clientSessionId": "s3cr3t",
        "customerId": "1234-abc",
        "clientApiUrl": "http://127.0.0.1:8080/client/v1",
        "assetUrl": "http://127.0.0.1:8080/",
    });
    round_trip::<SessionDetails>(&details);
    let options: SessionOptions = round_trip(&json!({"timeoutMs": 5000, "cache": false}));
    assert!(!options.cache);
    let defaults: SessionOptions = serde_json::from_value(json!({})).expect("defaults");
    assert_eq!(defaults, SessionOptions::default());
    let call: CallOptions<()> = round_trip(&json!({"timeoutMs": 250}));
    assert_eq!(call.timeout_ms, Some(250));
    round_trip::<PaymentDetails>(
        &json!({"totalAmount": 1000, "countryCode": "SE", "currency": "SEK"}),
    );
    round_trip::<PaymentDetails>(&json!({
        "totalAmount": 0, "countryCode": "NO", "currency": "NOK", "locale": "nb_NO", "isRecurring": false,
    }));
    // The request body the local API answers with its fixture.
    let request: CustomerDetailsRequest = round_trip(&json!({
        "countryCode": "NO",
        "values": [{"key": "phoneNumber", "value": "40612345"}, {"key": "zip", "value": "0150"}],
    }));
    let pairs: Vec<(String, String)> = request
        .values
        .iter()
        .map(|KeyValuePair { key, value }| (key.clone(), value.clone()))
        .collect();
    assert_eq!(
        fixtures::lookup_customer_details(&request.country_code, &pairs),
        Some(fixtures::DETAILS_NO)
    );
}
