//! Fuzz targets: the typed models (against the classifier) and the argument snapshots.

use super::*;
use connect_sdk_client_wasm::core::models::{CustomerDetails, PaymentProduct};
use connect_sdk_client_wasm::core::snapshot::Snap;
use connect_sdk_client_wasm::core::validate::MAX_VALUES;

fn seeds() -> Vec<Value> {
    corpus("json")
        .iter()
        .filter_map(|t| serde_json::from_str::<Value>(t).ok())
        .collect()
}

/// Any JSON document is a snapshot: it deserializes into a `Snap`, reads into every
/// argument without panicking, and a string or array where one belongs reads as it.
#[test]
fn fuzz_snapshot_arguments() {
    let doc = prop_oneof![
        json(),
        prop::collection::vec(json(), 0..20)
            .prop_map(|values| serde_json::json!({"countryCode": "SE", "values": values})),
    ];
    fuzz("snapshot", seeds(), doc, |doc| {
        let snap: Snap =
            serde_json::from_value(doc.clone()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let details = RawSessionDetails::from(&snap);
        let lookup = RawLookup::from(&snap);
        let _ = RawPaymentDetails::from(&snap).check();
        let _ = details.clone().check();
        let _ = validate::lookup(lookup.clone());
        if let Some(Value::String(s)) = doc.get("clientSessionId") {
            ensure(details.client_session_id == Raw::Value(s.clone()), || {
                format!(
                    "clientSessionId {s:?} read as {:?}",
                    details.client_session_id
                )
            })?;
        }
        if let Some(Value::Array(items)) = doc.get("values") {
            let want = items.len().min(MAX_VALUES + 1);
            ensure(
                matches!(&lookup.values, Raw::Value(v) if v.len() == want),
                || format!("{} values read as {:?}", items.len(), lookup.values),
            )?;
        }
        Ok(())
    });
}

/// The typed `CustomerDetails` accepts every body the classifier accepts, and keeps it
/// (unknown fields included) through a round trip.
#[test]
fn fuzz_customer_details_model_agrees_with_the_classifier() {
    let key = prop_oneof![
        select(&CUSTOMER_DETAILS_FIELDS[..]).prop_map(String::from),
        text(6)
    ];
    let value = prop_oneof![3 => text(12).prop_map(Value::from), 1 => json()];
    let body = prop::collection::btree_map(key, value, 0..8)
        .prop_map(|m| Value::Object(m.into_iter().collect()));
    fuzz("customer_details_model", seeds(), body, |body| {
        let classified = response::customer_details(200, Some(Json(body.clone())));
        let typed = serde_json::from_value::<CustomerDetails<Value>>(body.clone());
        if classified.is_ok() {
            let typed = typed.map_err(|e| TestCaseError::fail(format!("{body}: {e}")))?;
            let back =
                serde_json::to_value(&typed).map_err(|e| TestCaseError::fail(e.to_string()))?;
            ensure(back == body, || format!("{body} came back as {back}"))?;
        }
        Ok(())
    });
}

/// A typed `PaymentProduct` is stable: what it serializes to deserializes to itself.
#[test]
fn fuzz_payment_product_model_is_stable() {
    let fields = prop::collection::vec(prop_oneof![3 => field(), 1 => json()], 0..8);
    let product = (fields, json()).prop_map(|(fields, extra)| {
        serde_json::json!({"id": 9000, "fields": fields, "displayHints": {"logo": "x.png"}, "extra": extra})
    });
    fuzz("payment_product_model", seeds(), product, |product| {
        let Ok(typed) = serde_json::from_value::<PaymentProduct<Value>>(product) else {
            return Ok(());
        };
        let json = serde_json::to_value(&typed).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let again: PaymentProduct<Value> = serde_json::from_value(json.clone())
            .map_err(|e| TestCaseError::fail(format!("{json}: {e}")))?;
        ensure(again == typed, || format!("{json} is not stable"))
    });
}
