//! Browser tests: the SDK as a checkout page uses it, against the local Client API that
//! the test command starts (its URL is baked in at compile time as CONNECT_TEST_API).
//! Every assertion is made on what JavaScript sees.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use connect_sdk_client_wasm::Connect;
use js_sys::{Object, Reflect};
use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// ---- Outcome table -------------------------------------------------------------------

#[wasm_bindgen_test]
async fn seed_lookup_resolves_with_the_customer() {
    let p = page().await;
    let out = p.seed().await;
    assert_eq!(get(&out, "isPromise"), JsValue::TRUE);
    assert_eq!(
        get(&out, "ok"),
        JsValue::TRUE,
        "{:?}",
        get(&out, "error.message")
    );
    assert_eq!(text(&out, "value.firstName"), "Gustav");
    assert_eq!(text(&out, "value.surname"), "Adolfs");
    assert_eq!(text(&out, "value.street"), "Gustav Adolfs torg 22");
    assert_eq!(text(&out, "value.zip"), "111 52");
    assert_eq!(text(&out, "value.city"), "Stockholm");
    assert_eq!(text(&out, "value.languageCode"), "");
}

#[wasm_bindgen_test]
async fn norway_and_finland_lookups_resolve() {
    let p = page().await;
    let no = p
        .call(&[
            9000.into(),
            js(r#"{"countryCode":"no","values":[{"key":"zip","value":"0150"},{"key":"phoneNumber","value":"40612345"}]}"#),
        ])
        .await;
    assert_eq!(text(&no, "value.city"), "Oslo");
    let fi = p
        .call(&[
            9000.into(),
            js(r#"{"countryCode":"FI","values":[{"key":"fiscalNumber","value":"131052-308T"},{"key":"zip","value":"00100"}]}"#),
        ])
        .await;
    assert_eq!(text(&fi, "value.surname"), "Meikäläinen");
}

#[wasm_bindgen_test]
async fn unknown_fields_pass_through_unchanged() {
    let p = page().await;
    p.faults(r#"[{"status":200,"body":"{\"firstName\":\"Ann\",\"loyalty\":{\"tier\":3},\"tags\":[1]}"}]"#)
        .await;
    let out = p.seed().await;
    assert_eq!(text(&out, "value.firstName"), "Ann");
    assert_eq!(num(&out, "value.loyalty.tier"), 3.0);
    assert_eq!(num(&out, "value.tags.0"), 1.0);
}

#[wasm_bindgen_test]
async fn error_response_rejects_with_errors_as_sent() {
    let p = page().await;
    let out = p
        .call(&[
            9000.into(),
            js(r#"{"countryCode":"SE","values":[{"key":"fiscalNumber","value":"999999999999"}]}"#),
        ])
        .await;
    assert_rejected(&out, "ConnectApiError", 400, &[&p.secret(), "999999999999"]);
    assert_eq!(text(&out, "error.errors.0.code"), "1214");
    assert_eq!(
        text(&out, "error.errors.0.id"),
        "CUSTOMER_DETAILS_NOT_FOUND"
    );
    assert!(text(&out, "error.errorId").len() > 8);
    let message = text(&out, "error.message");
    assert!(
        message.contains("400") && message.contains("1214"),
        "{message}"
    );
    // The server's message is for developers' logs at most, never for the page's text.
    assert!(!message.contains("No customer details"), "{message}");
    assert_eq!(
        text(&out, "error.errors.0.message"),
        "No customer details could be found with the provided data."
    );

    let unknown = p.call(&[4242.into(), js(SEED_REQUEST)]).await;
    assert_rejected(&unknown, "ConnectApiError", 404, &[]);
    assert_eq!(text(&unknown, "error.errors.0.code"), "1070");
}

#[wasm_bindgen_test]
async fn expired_session_is_an_api_error_401() {
    let p = page().await;
    // Another session for the same customer replaces the first one's secret.
    let _ = new_session(API, JsValue::from(p.customer.as_str())).await;
    let out = p.seed().await;
    assert_rejected(&out, "ConnectApiError", 401, &[&p.secret()]);
}

#[wasm_bindgen_test]
async fn non_error_response_bodies_are_http_errors() {
    let p = page().await;
    p.faults(
        r#"[{"status":502,"body":"<html><body>Bad gateway</body></html>","contentType":"text/html"},
            {"status":500,"body":""},
            {"status":403,"body":"{\"unexpected\":true}"}]"#,
    )
    .await;
    for status in [502, 500, 403] {
        assert_rejected(&p.seed().await, "ConnectHttpError", status, &[&p.secret()]);
    }
}

#[wasm_bindgen_test]
async fn unusable_success_bodies_reject_never_undefined() {
    let p = page().await;
    p.faults(
        r#"[{"malformedJson":true},
            {"status":200,"body":""},
            {"status":200,"body":"[1,2]"},
            {"status":200,"body":"\"text\""},
            {"status":200,"body":"{\"zip\":11152}"},
            {"status":200,"body":"<html>ok</html>","contentType":"text/html"}]"#,
    )
    .await;
    let ids = [
        "NOT_JSON",
        "NOT_JSON",
        "NOT_OBJECT",
        "NOT_OBJECT",
        "FIELD_TYPE",
        "NOT_JSON",
    ];
    for id in ids {
        let out = p.seed().await;
        assert_rejected(&out, "ConnectResponseError", 200, &[&p.secret()]);
        assert_eq!(text(&out, "error.errors.0.id"), id);
    }
}

#[wasm_bindgen_test]
async fn network_failure_rejects_with_status_0() {
    let p = page().await;
    p.faults(r#"[{"close":true}]"#).await;
    assert_rejected(&p.seed().await, "ConnectNetworkError", 0, &[&p.secret()]);

    // Nothing listens on port 9: a refused connection is a network error too.
    let details: JsValue = Object::assign(&Object::new(), p.details.unchecked_ref()).into();
    Reflect::set(
        &details,
        &"clientApiUrl".into(),
        &"http://127.0.0.1:9".into(),
    )
    .unwrap();
    let dead: JsValue = Connect::new(details, JsValue::UNDEFINED).unwrap().into();
    let out = lookup(
        &dead,
        vec![9000.into(), js(SEED_REQUEST)].into_boxed_slice(),
    )
    .await;
    assert_rejected(&out, "ConnectNetworkError", 0, &[&p.secret()]);
}

#[wasm_bindgen_test]
async fn call_timeout_aborts_and_rejects() {
    let p = page().await;
    p.faults(r#"[{"hang":true}]"#).await;
    let out = p
        .call(&[9000.into(), js(SEED_REQUEST), js(r#"{"timeoutMs":300}"#)])
        .await;
    assert_rejected(&out, "ConnectTimeoutError", 0, &[&p.secret()]);
    assert!(text(&out, "error.message").contains("300"));
    // The session is still usable afterwards.
    assert_eq!(get(&p.seed().await, "ok"), JsValue::TRUE);
}

#[wasm_bindgen_test]
async fn session_timeout_applies_by_default() {
    let p = page_with(None, Some(r#"{"timeoutMs":250}"#)).await;
    p.faults(r#"[{"delayMs":3000}]"#).await;
    assert_rejected(&p.seed().await, "ConnectTimeoutError", 0, &[]);
}

#[wasm_bindgen_test]
async fn abort_signal_aborts_and_rejects_promptly() {
    let p = page().await;
    p.faults(r#"[{"hang":true}]"#).await;
    let out = lookup_aborted(&p.session, 9000.into(), js(SEED_REQUEST), 50).await;
    assert_rejected(&out, "ConnectAbortError", 0, &[&p.secret()]);
    assert_eq!(p.count().await, 1.0);

    // Already aborted: rejected with no request at all.
    let out = lookup_aborted(&p.session, 9000.into(), js(SEED_REQUEST), -1).await;
    assert_rejected(&out, "ConnectAbortError", 0, &[]);
    assert_eq!(p.count().await, 1.0);
}

// ---- Input checks --------------------------------------------------------------------

#[wasm_bindgen_test]
async fn product_id_checks() {
    let p = page().await;
    for bad in [
        JsValue::from("9000"),
        JsValue::from(0),
        JsValue::from(-1),
        JsValue::from(1.5),
        JsValue::from(f64::NAN),
        JsValue::from(9_007_199_254_740_992.0),
        JsValue::UNDEFINED,
        JsValue::NULL,
        js("{}"),
    ] {
        assert_input_error(&p, &[bad, js(SEED_REQUEST)], "paymentProductId").await;
    }
}

#[wasm_bindgen_test]
async fn country_code_checks() {
    let p = page().await;
    for bad in [
        r#"{"values":[{"key":"fiscalNumber","value":"1"}]}"#,
        r#"{"countryCode":"","values":[{"key":"fiscalNumber","value":"1"}]}"#,
        r#"{"countryCode":"S","values":[{"key":"fiscalNumber","value":"1"}]}"#,
        r#"{"countryCode":"SWE","values":[{"key":"fiscalNumber","value":"1"}]}"#,
        r#"{"countryCode":"S1","values":[{"key":"fiscalNumber","value":"1"}]}"#,
        r#"{"countryCode":46,"values":[{"key":"fiscalNumber","value":"1"}]}"#,
    ] {
        assert_input_error(&p, &[9000.into(), js(bad)], "countryCode").await;
    }
}

#[wasm_bindgen_test]
async fn values_checks() {
    let p = page().await;
    for (bad, property) in [
        (r#"{"countryCode":"SE"}"#, "values"),
        (r#"{"countryCode":"SE","values":[]}"#, "values"),
        (r#"{"countryCode":"SE","values":"fiscalNumber"}"#, "values"),
        (
            r#"{"countryCode":"SE","values":[{"key":"a","value":"1"},"b"]}"#,
            "values[1]",
        ),
        (
            r#"{"countryCode":"SE","values":[{"value":"1"}]}"#,
            "values[0].key",
        ),
        (
            r#"{"countryCode":"SE","values":[{"key":"","value":"1"}]}"#,
            "values[0].key",
        ),
        (
            r#"{"countryCode":"SE","values":[{"key":"a","value":"1"},{"key":"b","value":2}]}"#,
            "values[1].value",
        ),
        (
            r#"{"countryCode":"SE","values":[{"key":"a"}]}"#,
            "values[0].value",
        ),
        (
            r#"{"countryCode":"SE","values":[{"key":"a","value":"1"},{"key":"a","value":"2"}]}"#,
            "values[1].key",
        ),
    ] {
        assert_input_error(&p, &[9000.into(), js(bad)], property).await;
    }
    assert_input_error(&p, &[9000.into(), JsValue::NULL], "request").await;
    assert_input_error(&p, &[9000.into(), "SE".into()], "request").await;
}

#[wasm_bindgen_test]
async fn call_options_checks() {
    let p = page().await;
    assert_input_error(
        &p,
        &[9000.into(), js(SEED_REQUEST), js(r#"{"timeoutMs":-5}"#)],
        "callOptions.timeoutMs",
    )
    .await;
    assert_input_error(
        &p,
        &[9000.into(), js(SEED_REQUEST), js(r#"{"signal":{}}"#)],
        "callOptions.signal",
    )
    .await;
    assert_input_error(
        &p,
        &[9000.into(), js(SEED_REQUEST), 5.into()],
        "callOptions",
    )
    .await;
}

// ---- Constructor ---------------------------------------------------------------------

#[wasm_bindgen_test]
async fn constructor_names_each_bad_field() {
    let p = page().await;
    let ctor = get(&p.session, "constructor");
    for field in ["clientSessionId", "customerId", "clientApiUrl", "assetUrl"] {
        for bad in [JsValue::UNDEFINED, JsValue::from(""), JsValue::from(42)] {
            let details: JsValue = Object::assign(&Object::new(), p.details.unchecked_ref()).into();
            Reflect::set(&details, &field.into(), &bad).unwrap();
            let out = construct(&ctor, vec![details].into_boxed_slice());
            assert_eq!(
                get(&out, "ok"),
                JsValue::FALSE,
                "{field} = {bad:?} accepted"
            );
            assert_eq!(get(&out, "isError"), JsValue::TRUE);
            assert_eq!(text(&out, "error.name"), "ConnectInputError");
            let message = text(&out, "error.message");
            assert!(message.contains(field), "{message}");
            assert!(!message.contains(&p.secret()), "{message}");
        }
    }
    let out = construct(&ctor, vec![JsValue::UNDEFINED].into_boxed_slice());
    assert!(text(&out, "error.message").contains("sessionDetails"));
}

#[wasm_bindgen_test]
async fn constructor_normalises_and_guards_the_url() {
    let p = page().await;
    let ctor = get(&p.session, "constructor");
    let with_url = |url: &str| {
        let details: JsValue = Object::assign(&Object::new(), p.details.unchecked_ref()).into();
        Reflect::set(&details, &"clientApiUrl".into(), &url.into()).unwrap();
        construct(&ctor, vec![details].into_boxed_slice())
    };
    for (input, want) in [
        ("https://h.example/", "https://h.example/client/v1"),
        ("https://h.example/client/", "https://h.example/client/v1"),
        (
            "https://h.example/client/v1/",
            "https://h.example/client/v1",
        ),
        ("http://localhost:8080", "http://localhost:8080/client/v1"),
        ("http://[::1]:8080/client", "http://[::1]:8080/client/v1"),
    ] {
        let out = with_url(input);
        assert_eq!(text(&out, "value.clientApiUrl"), want, "{input}");
        assert_eq!(text(&out, "value.assetUrl"), text(&p.details, "assetUrl"));
    }
    for bad in [
        "ftp://h.example",
        "not a url",
        "https://h.example/api",
        "http://shop.example",
    ] {
        let out = with_url(bad);
        assert_eq!(get(&out, "ok"), JsValue::FALSE, "{bad} accepted");
        let message = text(&out, "error.message");
        assert!(message.contains(bad), "does not quote {bad}: {message}");
    }
    assert!(text(&with_url("https://h.example/api"), "error.message")
        .contains("only compatible with client/v1"));
}

// ---- The request ---------------------------------------------------------------------

#[wasm_bindgen_test]
async fn request_is_built_as_the_contract_says() {
    let p = page_with(Some("a/../b?c#d"), None).await;
    let out = p
        .call(&[9000.into(), js(r#"{"countryCode":"se","values":[{"key":"fiscalNumber","value":"012345678901"},{"key":"zip","value":"111 52"}]}"#)])
        .await;
    // The fixture wants only fiscalNumber, so this is a 1214; what matters is the request.
    assert_rejected(&out, "ConnectApiError", 400, &[]);
    let log = recorded(API, &p.customer).await;
    assert_eq!(num(&log, "count"), 1.0);
    let req = get(&log, "requests.0");
    assert_eq!(text(&req, "method"), "POST");
    assert_eq!(
        text(&req, "path"),
        "/client/v1/a%2F..%2Fb%3Fc%23d/products/9000/customerDetails"
    );
    assert_eq!(
        text(&req, "headers.authorization"),
        format!("GCS v1Client:{}", p.secret())
    );
    assert_eq!(text(&req, "headers.content-type"), "application/json");
    assert_eq!(text(&req, "headers.accept"), "application/json");
    assert_eq!(
        text(&req, "body"),
        r#"{"countryCode":"SE","values":[{"key":"fiscalNumber","value":"012345678901"},{"key":"zip","value":"111 52"}]}"#
    );
    let meta = decode_meta(&text(&req, "headers.x-gcs-clientmetainfo"));
    assert_eq!(
        text(&meta, "sdkIdentifier"),
        concat!("RustWasmClientSDK/v", env!("CARGO_PKG_VERSION"))
    );
    assert!(text(&meta, "screenSize").contains('x'));
    assert!(!text(&meta, "platformIdentifier").is_empty());
    assert!(!text(&meta, "sdkCreator").is_empty());
}

// ---- Cache ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn successful_lookups_are_cached_and_clearable() {
    let p = page().await;
    assert_eq!(get(&p.seed().await, "ok"), JsValue::TRUE);
    assert_eq!(get(&p.seed().await, "ok"), JsValue::TRUE);
    assert_eq!(p.count().await, 1.0);
    Reflect::get(&p.session, &"clearCache".into())
        .unwrap()
        .unchecked_into::<js_sys::Function>()
        .call0(&p.session)
        .unwrap();
    assert_eq!(get(&p.seed().await, "ok"), JsValue::TRUE);
    assert_eq!(p.count().await, 2.0);
    // Failures are not cached.
    let bad = js(r#"{"countryCode":"SE","values":[{"key":"fiscalNumber","value":"1"}]}"#);
    p.call(&[9000.into(), bad.clone()]).await;
    p.call(&[9000.into(), bad]).await;
    assert_eq!(p.count().await, 4.0);
}

#[wasm_bindgen_test]
async fn identical_calls_in_flight_share_one_request() {
    let p = page().await;
    p.faults(r#"[{"delayMs":200}]"#).await;
    let a = Reflect::get(&p.session, &"getCustomerDetails".into()).unwrap();
    let f: &js_sys::Function = a.unchecked_ref();
    let first = f
        .call2(&p.session, &9000.into(), &js(SEED_REQUEST))
        .unwrap();
    let second = f
        .call2(&p.session, &9000.into(), &js(SEED_REQUEST))
        .unwrap();
    let (first, second) = (settle(first).await, settle(second).await);
    assert_eq!(text(&first, "value.firstName"), "Gustav");
    assert_eq!(text(&second, "value.firstName"), "Gustav");
    assert_eq!(p.count().await, 1.0);
}

/// Every caller gets its own copy of an answer: merged calls and cache hits do not share
/// one object, so one caller changing it affects nobody else.
#[wasm_bindgen_test]
async fn every_caller_gets_its_own_copy_of_the_answer() {
    let p = page().await;
    p.faults(r#"[{"delayMs":200}]"#).await;
    let f: js_sys::Function = Reflect::get(&p.session, &"getCustomerDetails".into())
        .unwrap()
        .unchecked_into();
    let first = f
        .call2(&p.session, &9000.into(), &js(SEED_REQUEST))
        .unwrap();
    let second = f
        .call2(&p.session, &9000.into(), &js(SEED_REQUEST))
        .unwrap();
    let (first, second) = (settle(first).await, settle(second).await);
    let (a, b) = (get(&first, "value"), get(&second, "value"));
    assert_ne!(a, b, "merged calls received the same object");
    Reflect::set(&a, &"city".into(), &"changed".into()).unwrap();
    assert_eq!(text(&second, "value.city"), "Stockholm");
    let hit = p.seed().await;
    assert_eq!(
        text(&hit, "value.city"),
        "Stockholm",
        "the cache kept a change"
    );
    assert_ne!(get(&hit, "value"), a);
    assert_eq!(p.count().await, 1.0);
}

#[wasm_bindgen_test]
async fn one_caller_aborting_does_not_cancel_the_shared_request() {
    let p = page().await;
    p.faults(r#"[{"delayMs":300}]"#).await;
    let f: js_sys::Function = Reflect::get(&p.session, &"getCustomerDetails".into())
        .unwrap()
        .unchecked_into();
    let patient = f
        .call2(&p.session, &9000.into(), &js(SEED_REQUEST))
        .unwrap();
    let hasty = lookup_aborted(&p.session, 9000.into(), js(SEED_REQUEST), 30).await;
    assert_rejected(&hasty, "ConnectAbortError", 0, &[]);
    assert_eq!(text(&settle(patient).await, "value.firstName"), "Gustav");
    assert_eq!(p.count().await, 1.0);
}

#[wasm_bindgen_test]
async fn cache_false_sends_every_call() {
    let p = page_with(None, Some(r#"{"cache":false}"#)).await;
    p.seed().await;
    p.seed().await;
    assert_eq!(p.count().await, 2.0);
}

#[wasm_bindgen_test]
async fn bad_options_throw() {
    let p = page().await;
    let ctor = get(&p.session, "constructor");
    for (options, property) in [
        (r#"{"timeoutMs":0}"#, "options.timeoutMs"),
        (r#"{"cache":"yes"}"#, "options.cache"),
    ] {
        let out = construct(
            &ctor,
            vec![p.details.clone(), js(options)].into_boxed_slice(),
        );
        assert_eq!(text(&out, "error.errors.0.propertyName"), property);
    }
}

// ---- Cross-origin, as in production (issue 9) -----------------------------------------

/// The runner serves this page on its own port: every call below is a CORS call.
#[wasm_bindgen_test]
fn the_page_is_on_another_origin_than_the_api() {
    let origin = page_origin();
    assert!(origin.starts_with("http://"), "{origin}");
    assert_ne!(
        origin,
        API.trim_end_matches('/'),
        "the API must be cross-origin"
    );
}

/// Within the API's `Access-Control-Max-Age`, calls of one shape (one URL, method and
/// headers) cost at most one preflight, the browser's preflight cache answering the rest.
#[wasm_bindgen_test]
async fn calls_of_one_shape_cost_at_most_one_preflight() {
    const N: u32 = 8;
    let p = page().await;
    let outcomes = lookups_of_one_shape(&p.session, N).await;
    let outcomes: Vec<String> = js_sys::Array::from(&outcomes)
        .iter()
        .filter_map(|o| o.as_string())
        .collect();
    assert_eq!(outcomes[0], "ok");
    assert!(outcomes[1..].iter().all(|o| o == "1214"), "{outcomes:?}");
    assert_eq!(p.count().await, f64::from(N), "every lookup was sent");
    assert_eq!(
        p.preflights().await,
        1.0,
        "POSTs of one shape: one preflight"
    );

    let p = page_with(None, Some(r#"{"cache":false}"#)).await;
    let outcomes = products_of_one_shape(&p.session, N).await;
    assert_eq!(js_sys::Array::from(&outcomes).length(), N);
    assert!(js_sys::Array::from(&outcomes).every(&mut |o, _, _| o == "ok"));
    assert_eq!(p.count().await, f64::from(N), "every product call was sent");
    assert_eq!(
        p.preflights().await,
        1.0,
        "GETs of one shape: one preflight"
    );
}

// ---- Answers belong to the caller (issue 9) -------------------------------------------

#[wasm_bindgen_test]
async fn callers_may_change_their_answers_without_touching_anyone_elses() {
    let p = page().await;
    // Both pairs of concurrent calls are merged into one request each.
    p.faults(r#"[{"delayMs":150},{"delayMs":150}]"#).await;
    let seen = change_answers_in_place(&p.session).await;
    assert_eq!(p.count().await, 2.0, "one lookup and one product request");
    let merged = get(&seen, "merged");
    assert_eq!(get(&merged, "distinct"), JsValue::TRUE);
    assert_eq!(text(&merged, "firstName"), "Gustav");
    assert_eq!(text(&merged, "street"), "Gustav Adolfs torg 22");
    assert_eq!(text(&merged, "city"), "Stockholm");
    let hit = get(&seen, "customerHit");
    assert_eq!(get(&hit, "distinct"), JsValue::TRUE);
    assert_eq!(
        (
            text(&hit, "firstName"),
            text(&hit, "surname"),
            text(&hit, "city")
        ),
        ("Gustav".into(), "Adolfs".into(), "Stockholm".into())
    );
    for name in ["productMerged", "productHit", "productAfterFields"] {
        let product = get(&seen, name);
        assert_eq!(text(&product, "firstField"), "fiscalNumber", "{name}");
        assert_eq!(text(&product, "label"), "Personal number", "{name}");
        assert_eq!(num(&product, "minLength"), 10.0, "{name}");
        assert_eq!(get(&product, "logoIsAbsolute"), JsValue::TRUE, "{name}");
    }
    assert_eq!(get(&seen, "productMerged.distinct"), JsValue::TRUE);
    assert_eq!(text(&seen, "fieldsHit.label"), "Personal number");
    assert_eq!(num(&seen, "fieldsHit.minLength"), 10.0);
    assert_eq!(get(&seen, "fieldsHit.tooltipChanged"), JsValue::FALSE);
    assert_eq!(text(&seen, "shortRefused"), "ConnectInputError");
    assert_eq!(
        p.count().await,
        2.0,
        "everything else came from the SDK's cache"
    );
}

/// A rejected answer the browser's HTTP cache stored (a 410 is stored without any header)
/// is not replayed to a later session on the page either: its first GET reloads.
#[wasm_bindgen_test]
async fn a_stored_rejected_answer_is_not_replayed_to_a_new_session() {
    let p = page().await;
    let details = js(r#"{"totalAmount":4100,"countryCode":"SE","currency":"SEK"}"#);
    p.faults(r#"{"status":410,"body":"x"}"#).await;
    let gone = p
        .invoke("getPaymentProduct", &[9000.into(), details.clone()])
        .await;
    assert_rejected(&gone, "ConnectHttpError", 410, &[]);
    let later = Connect::new(p.details.clone(), JsValue::UNDEFINED).unwrap();
    let out = invoke(
        &later.into(),
        "getPaymentProduct",
        vec![9000.into(), details].into_boxed_slice(),
    )
    .await;
    assert_resolved(&out);
    assert_eq!(text(&out, "value.fields.0.id"), "fiscalNumber");
    assert_eq!(p.count().await, 2.0, "the new session asked the API");
}
