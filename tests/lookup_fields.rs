//! Browser tests of "which keys to send": getPaymentProduct, getCustomerDetailsFields and
//! the checks that keep invalid lookups on the page.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn details(country: &str) -> JsValue {
    js(&format!(
        r#"{{"totalAmount":1000,"countryCode":"{country}","currency":"EUR"}}"#
    ))
}

fn ids(list: &JsValue) -> Vec<String> {
    let n = num(list, "length") as usize;
    (0..n).map(|i| text(list, &format!("{i}.id"))).collect()
}

async fn fields(p: &Page, country: &str) -> JsValue {
    let out = p
        .invoke("getCustomerDetailsFields", &[9000.into(), details(country)])
        .await;
    assert_resolved(&out);
    get(&out, "value")
}

/// The page's side of the flow: one value per lookup field, from what the shopper typed.
fn request(country: &str, fields: &JsValue, typed: &[(&str, &str)]) -> JsValue {
    let values = js_sys::Array::new();
    for id in ids(fields) {
        let value = typed.iter().find(|(k, _)| *k == id).map_or("", |(_, v)| v);
        values.push(&js(&format!(r#"{{"key":"{id}","value":"{value}"}}"#)));
    }
    let r = js(&format!(r#"{{"countryCode":"{country}"}}"#));
    js_sys::Reflect::set(&r, &"values".into(), &values).unwrap();
    r
}

#[wasm_bindgen_test]
async fn product_comes_sorted_with_absolute_images_and_extras() {
    let p = page().await;
    let out = p
        .invoke("getPaymentProduct", &[9000.into(), details("SE")])
        .await;
    assert_resolved(&out);
    let product = get(&out, "value");
    assert_eq!(num(&product, "id"), 9000.0);
    assert_eq!(
        text(&product, "mobileIntegrationLevel"),
        "OPTIMISED_SUPPORT"
    );
    let fields = get(&product, "fields");
    assert_eq!(
        ids(&fields),
        [
            "fiscalNumber",
            "emailAddress",
            "birthDate",
            "termsAndConditions"
        ]
    );
    let orders: Vec<f64> = (0..4)
        .map(|i| num(&fields, &format!("{i}.displayHints.displayOrder")))
        .collect();
    assert!(orders.windows(2).all(|w| w[0] <= w[1]), "{orders:?}");
    let asset = text(&p.details, "assetUrl");
    assert!(text(&product, "displayHints.logo").starts_with(&asset));
    assert!(text(&fields, "0.displayHints.tooltip.image").starts_with(&asset));

    let log = recorded(API, &p.customer).await;
    let req = get(&log, "requests.0");
    assert_eq!(text(&req, "method"), "GET");
    assert_eq!(
        text(&req, "query"),
        "countryCode=SE&currencyCode=EUR&amount=1000"
    );
    assert!(get(&req, "headers.authorization").is_string());
    assert!(get(&req, "headers.x-gcs-clientmetainfo").is_string());
}

#[wasm_bindgen_test]
async fn optional_parameters_are_sent_only_when_given() {
    let p = page().await;
    let d = js(
        r#"{"totalAmount":1000,"countryCode":"se","currency":"sek","locale":"sv_SE","isRecurring":false}"#,
    );
    p.invoke("getPaymentProduct", &[9000.into(), d]).await;
    let query = text(&recorded(API, &p.customer).await, "requests.0.query");
    assert_eq!(
        query,
        "countryCode=SE&currencyCode=SEK&amount=1000&isRecurring=false&locale=sv_SE"
    );
    assert!(!query.contains("undefined"));
}

#[wasm_bindgen_test]
async fn products_are_cached_and_merged_in_flight() {
    let p = page().await;
    // Both calls are made before either is awaited.
    let method: js_sys::Function = get(&p.session, "getPaymentProduct").unchecked_into();
    let a = method
        .call2(&p.session, &9000.into(), &details("NO"))
        .unwrap();
    let b = method
        .call2(&p.session, &9000.into(), &details("NO"))
        .unwrap();
    let (a, b) = (settle(a).await, settle(b).await);
    assert_eq!(get(&a, "ok"), JsValue::TRUE);
    assert_eq!(get(&b, "ok"), JsValue::TRUE);
    p.invoke("getCustomerDetailsFields", &[9000.into(), details("NO")])
        .await;
    assert_eq!(p.count_of("GET").await, 1.0);
    // Another amount is another query, so another request.
    let other = js(r#"{"totalAmount":2000,"countryCode":"NO","currency":"EUR"}"#);
    p.invoke("getPaymentProduct", &[9000.into(), other]).await;
    assert_eq!(p.count_of("GET").await, 2.0);
}

#[wasm_bindgen_test]
async fn unknown_and_unavailable_products_reject() {
    let p = page().await;
    let unknown = p
        .invoke("getPaymentProduct", &[4242.into(), details("SE")])
        .await;
    assert_rejected(&unknown, "ConnectApiError", 404, &[&p.secret()]);
    assert_eq!(text(&unknown, "error.errors.0.code"), "1070");
    let unavailable = p
        .invoke("getCustomerDetailsFields", &[9000.into(), details("DE")])
        .await;
    assert_rejected(&unavailable, "ConnectApiError", 400, &[&p.secret()]);
    assert_eq!(
        text(&unavailable, "error.errors.0.id"),
        "PRODUCT_NOT_AVAILABLE"
    );
}

#[wasm_bindgen_test]
async fn payment_details_are_checked_before_sending() {
    let p = page().await;
    for (d, property) in [
        ("null", "paymentDetails"),
        (
            r#"{"countryCode":"SE","currency":"SEK"}"#,
            "paymentDetails.totalAmount",
        ),
        (
            r#"{"totalAmount":"10","countryCode":"SE","currency":"SEK"}"#,
            "paymentDetails.totalAmount",
        ),
        (
            r#"{"totalAmount":10,"currency":"SEK"}"#,
            "paymentDetails.countryCode",
        ),
        (
            r#"{"totalAmount":10,"countryCode":"SE","currency":"KR"}"#,
            "paymentDetails.currency",
        ),
        (
            r#"{"totalAmount":10,"countryCode":"SE","currency":"SEK","locale":"sv SE"}"#,
            "paymentDetails.locale",
        ),
        (
            r#"{"totalAmount":10,"countryCode":"SE","currency":"SEK","isRecurring":"no"}"#,
            "paymentDetails.isRecurring",
        ),
    ] {
        for method in ["getPaymentProduct", "getCustomerDetailsFields"] {
            let out = p.invoke(method, &[9000.into(), js(d)]).await;
            assert_rejected(&out, "ConnectInputError", 0, &[]);
            assert_eq!(
                text(&out, "error.errors.0.propertyName"),
                property,
                "{method} {d}"
            );
        }
    }
    let out = p
        .invoke("getPaymentProduct", &["9000".into(), details("SE")])
        .await;
    assert_eq!(
        text(&out, "error.errors.0.propertyName"),
        "paymentProductId"
    );
    assert_eq!(p.count().await, 0.0);
}

#[wasm_bindgen_test]
async fn lookup_fields_per_country_in_display_order() {
    let p = page().await;
    let se = fields(&p, "SE").await;
    assert_eq!(ids(&se), ["fiscalNumber"]);
    assert_eq!(text(&se, "0.label"), "Personal number");
    assert_eq!(text(&se, "0.placeholder"), "YYYYMMDDNNNN");
    assert_eq!(text(&se, "0.mask"), "{{99999999}}-{{9999}}");
    assert_eq!(text(&se, "0.type"), "numericstring");
    assert_eq!(get(&se, "0.isRequired"), JsValue::TRUE);
    let asset = text(&p.details, "assetUrl");
    assert!(text(&se, "0.tooltip.image").starts_with(&asset));
    assert!(get(&se, "0.tooltip.label").is_string());
    assert_eq!(
        text(&se, "0.validators.regularExpression.regularExpression"),
        "^[0-9]{10,12}$"
    );
    assert_eq!(ids(&fields(&p, "NO").await), ["phoneNumber", "zip"]);
    assert_eq!(ids(&fields(&p, "FI").await), ["fiscalNumber", "zip"]);
    let visa = p
        .invoke("getCustomerDetailsFields", &[1.into(), details("SE")])
        .await;
    assert_eq!(num(&get(&visa, "value"), "length"), 0.0);
}

#[wasm_bindgen_test]
async fn whole_flow_fetch_fields_derive_keys_and_look_up() {
    let p = page().await;
    for (country, typed, surname) in [
        ("SE", &[("fiscalNumber", "012345678901")][..], "Adolfs"),
        (
            "NO",
            &[("phoneNumber", "40612345"), ("zip", "0150")][..],
            "Nordmann",
        ),
        (
            "FI",
            &[("fiscalNumber", "131052-308T"), ("zip", "00100")][..],
            "Meikäläinen",
        ),
    ] {
        let f = fields(&p, country).await;
        let out = p.call(&[9000.into(), request(country, &f, typed)]).await;
        assert_eq!(
            get(&out, "ok"),
            JsValue::TRUE,
            "{country}: {:?}",
            get(&out, "error.message")
        );
        assert_eq!(text(&out, "value.surname"), surname);
    }
    assert_eq!(p.count_of("POST").await, 3.0);
}

#[wasm_bindgen_test]
async fn invalid_lookups_never_leave_the_page() {
    let p = page().await;
    let no = fields(&p, "NO").await;
    for (values, property, rule) in [
        (
            r#"[{"key":"phoneNumber","value":"40612345"}]"#,
            "zip",
            "REQUIRED",
        ),
        (
            r#"[{"key":"phoneNumber","value":"40612345"},{"key":"zip","value":""}]"#,
            "zip",
            "REQUIRED",
        ),
        (
            r#"[{"key":"phoneNumber","value":"4061234"},{"key":"zip","value":"0150"}]"#,
            "phoneNumber",
            "LENGTH",
        ),
        (
            r#"[{"key":"phoneNumber","value":"30612345"},{"key":"zip","value":"0150"}]"#,
            "phoneNumber",
            "REGULAR_EXPRESSION",
        ),
        (
            r#"[{"key":"phoneNumber","value":"40612345"},{"key":"zip","value":"0150"},{"key":"emailAddress","value":"a@b.no"}]"#,
            "emailAddress",
            "NOT_A_LOOKUP_FIELD",
        ),
    ] {
        let request = js(&format!(r#"{{"countryCode":"NO","values":{values}}}"#));
        let out = p.call(&[9000.into(), request]).await;
        assert_rejected(
            &out,
            "ConnectInputError",
            0,
            &[&p.secret(), "40612345", "30612345"],
        );
        assert_eq!(
            text(&out, "error.errors.0.propertyName"),
            property,
            "{values}"
        );
        assert_eq!(text(&out, "error.errors.0.id"), rule, "{values}");
    }
    assert_eq!(
        p.count_of("POST").await,
        0.0,
        "an invalid lookup reached the server"
    );
    assert_eq!(ids(&no), ["phoneNumber", "zip"]);
    // Country codes are compared upper-case: "no" is the same product.
    let out = p
        .call(&[
            9000.into(),
            js(r#"{"countryCode":"no","values":[{"key":"zip","value":"0150"}]}"#),
        ])
        .await;
    assert_eq!(text(&out, "error.errors.0.propertyName"), "phoneNumber");
    assert_eq!(p.count_of("POST").await, 0.0);
}

#[wasm_bindgen_test]
async fn without_a_known_product_the_server_judges() {
    let p = page().await;
    let out = p
        .call(&[
            9000.into(),
            js(r#"{"countryCode":"NO","values":[{"key":"zip","value":"0150"}]}"#),
        ])
        .await;
    assert_rejected(&out, "ConnectApiError", 400, &[]);
    assert_eq!(p.count_of("POST").await, 1.0);
}

/// A product whose lookup fields carry every validator, served through a fault.
const EVERY_VALIDATOR: &str = r#"{"id":9000,"fields":[
  {"id":"len","type":"string","usedForLookup":true,"dataRestrictions":{"isRequired":true,"validators":{"length":{"minLength":2,"maxLength":4}}},"displayHints":{"displayOrder":1}},
  {"id":"re","type":"string","usedForLookup":true,"dataRestrictions":{"isRequired":true,"validators":{"regularExpression":{"regularExpression":"^\\p{Lu}[\\p{L} ]+\\d{2}$"}}},"displayHints":{"displayOrder":2}},
  {"id":"list","type":"string","usedForLookup":true,"dataRestrictions":{"isRequired":true,"validators":{"fixedList":{"allowedValues":["male","female"]}}},"displayHints":{"displayOrder":3}},
  {"id":"range","type":"integer","usedForLookup":true,"dataRestrictions":{"isRequired":true,"validators":{"range":{"minValue":1,"maxValue":12}}},"displayHints":{"displayOrder":4}},
  {"id":"card","type":"numericstring","usedForLookup":true,"dataRestrictions":{"isRequired":true,"validators":{"luhn":{}}},"displayHints":{"displayOrder":5}},
  {"id":"mail","type":"string","usedForLookup":true,"dataRestrictions":{"isRequired":true,"validators":{"emailAddress":{}}},"displayHints":{"displayOrder":6}}]}"#;

#[wasm_bindgen_test]
async fn every_validator_in_the_browser() {
    let p = page().await;
    let body = js_sys::JSON::stringify(&js(EVERY_VALIDATOR)).unwrap();
    let fault = js_sys::Array::of1(&js(r#"{"status":200}"#));
    js_sys::Reflect::set(&fault.get(0), &"body".into(), &body).unwrap();
    queue_faults(API, &p.customer, fault.into()).await;
    let f = fields(&p, "SE").await;
    assert_eq!(ids(&f), ["len", "re", "list", "range", "card", "mail"]);

    let good = [
        ("len", "abc"),
        ("re", "Åsa Öberg 42"),
        ("list", "female"),
        ("range", "12"),
        ("card", "79927398713"),
        ("mail", "a@b.se"),
    ];
    let bad = [
        ("len", "abcde"),
        ("re", "åsa 42"),
        ("list", "other"),
        ("range", "13"),
        ("card", "79927398710"),
        ("mail", "a@b"),
    ];
    let rules = [
        "LENGTH",
        "REGULAR_EXPRESSION",
        "FIXED_LIST",
        "RANGE",
        "LUHN",
        "EMAIL_ADDRESS",
    ];
    for (i, rule) in rules.iter().enumerate() {
        let mut typed = good;
        typed[i] = bad[i];
        let out = p.call(&[9000.into(), request("SE", &f, &typed)]).await;
        assert_rejected(&out, "ConnectInputError", 0, &[bad[i].1]);
        assert_eq!(text(&out, "error.errors.0.propertyName"), good[i].0);
        assert_eq!(text(&out, "error.errors.0.id"), *rule);
    }
    assert_eq!(p.count_of("POST").await, 0.0);
    // All good: the request goes out (the fixture has no such customer: a 1214).
    let out = p.call(&[9000.into(), request("SE", &f, &good)]).await;
    assert_rejected(&out, "ConnectApiError", 400, &[]);
    assert_eq!(p.count_of("POST").await, 1.0);
}

/// The bodies of the customer details requests the local Client API received.
async fn lookup_bodies(p: &Page) -> Vec<String> {
    let log = recorded(API, &p.customer).await;
    let n = num(&log, "requests.length") as usize;
    (0..n)
        .filter(|i| text(&log, &format!("requests.{i}.path")).ends_with("/customerDetails"))
        .map(|i| text(&log, &format!("requests.{i}.body")))
        .collect()
}

#[wasm_bindgen_test]
async fn masked_and_unmasked_values_send_the_same_request() {
    // No cache, so that the second lookup is really sent.
    let p = page_with(None, Some(r#"{"cache":false}"#)).await;
    let se = fields(&p, "SE").await;
    assert_eq!(text(&se, "0.mask"), "{{99999999}}-{{9999}}");
    assert_eq!(num(&se, "0.maxLength"), 13.0, "01234567-8901");
    for typed in ["01234567-8901", "012345678901"] {
        let out = p
            .call(&[9000.into(), request("SE", &se, &[("fiscalNumber", typed)])])
            .await;
        assert_resolved(&out);
        assert_eq!(text(&out, "value.surname"), "Adolfs", "{typed}");
    }
    let sent = r#"{"countryCode":"SE","values":[{"key":"fiscalNumber","value":"012345678901"}]}"#;
    assert_eq!(lookup_bodies(&p).await, [sent, sent]);

    // The mask is removed before the rules see the value: a short masked value breaks
    // the length rule as its digits, and nothing is sent.
    let out = p
        .call(&[
            9000.into(),
            request("SE", &se, &[("fiscalNumber", "01234567-8")]),
        ])
        .await;
    assert_rejected(&out, "ConnectInputError", 0, &[&p.secret()]);
    assert_eq!(
        text(&out, "error.errors.0.id"),
        "LENGTH",
        "9 digits, not 10 characters"
    );
    assert_eq!(lookup_bodies(&p).await.len(), 2);

    // Without the product the session cannot know the mask: the value goes as typed.
    let q = page().await;
    let masked =
        js(r#"{"countryCode":"SE","values":[{"key":"fiscalNumber","value":"01234567-8901"}]}"#);
    let _ = q.call(&[9000.into(), masked]).await;
    assert_eq!(
        lookup_bodies(&q).await,
        [r#"{"countryCode":"SE","values":[{"key":"fiscalNumber","value":"01234567-8901"}]}"#]
    );
}

#[wasm_bindgen_test]
fn apply_mask_and_remove_mask_from_javascript() {
    use connect_sdk_client_wasm::{apply_mask, remove_mask};
    let se = JsValue::from("{{99999999}}-{{9999}}");
    let out = apply_mask(se.clone(), "123456789".into(), "12345678".into()).unwrap();
    assert_eq!(text(&out, "formattedValue"), "12345678-9");
    assert_eq!(num(&out, "cursorIndex"), 9.0);
    let out = apply_mask(JsValue::NULL, "12".into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&out, "formattedValue"), "12");
    assert_eq!(
        remove_mask(se.clone(), "01234567-8901".into()).unwrap(),
        "012345678901"
    );
    for (result, property, rule) in [
        (
            apply_mask(se.clone(), 5.into(), JsValue::UNDEFINED),
            "value",
            "TYPE",
        ),
        (
            apply_mask(1.into(), "1".into(), JsValue::UNDEFINED),
            "mask",
            "TYPE",
        ),
        (
            apply_mask(se.clone(), "1".into(), 1.into()),
            "previousValue",
            "TYPE",
        ),
        (
            remove_mask(se.clone(), JsValue::UNDEFINED).map(JsValue::from),
            "value",
            "REQUIRED",
        ),
    ] {
        let e = result.expect_err("a wrong type throws");
        assert_eq!(text(&e, "name"), "ConnectInputError");
        assert!(e.is_instance_of::<js_sys::Error>());
        assert_eq!(text(&e, "errors.0.propertyName"), property);
        assert_eq!(text(&e, "errors.0.id"), rule);
    }
}
