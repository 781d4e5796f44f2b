//! Helpers shared by the browser test files: the local Client API's control routes and
//! the JavaScript side of every call (tests/support/browser.js).
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use connect_sdk_client_wasm::Connect;
use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub const API: &str = match option_env!("CONNECT_TEST_API") {
    Some(url) => url,
    None => "http://127.0.0.1:9/CONNECT_TEST_API-not-set",
};

#[wasm_bindgen(module = "/tests/support/browser.js")]
extern "C" {
    #[wasm_bindgen(js_name = newSession)]
    pub async fn new_session(api: &str, customer_id: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = queueFaults)]
    pub async fn queue_faults(api: &str, customer_id: &str, faults: JsValue);
    pub async fn recorded(api: &str, customer_id: &str) -> JsValue;
    #[wasm_bindgen(variadic)]
    pub async fn lookup(session: &JsValue, args: Box<[JsValue]>) -> JsValue;
    #[wasm_bindgen(js_name = lookupAborted)]
    pub async fn lookup_aborted(
        session: &JsValue,
        id: JsValue,
        request: JsValue,
        ms: i32,
    ) -> JsValue;
    pub async fn settle(p: JsValue) -> JsValue;
    #[wasm_bindgen(variadic)]
    pub fn construct(ctor: &JsValue, args: Box<[JsValue]>) -> JsValue;
    #[wasm_bindgen(variadic)]
    pub async fn invoke(session: &JsValue, method: &str, args: Box<[JsValue]>) -> JsValue;
    #[wasm_bindgen(js_name = countMethod)]
    pub async fn count_method(api: &str, customer_id: &str, method: &str) -> JsValue;
    #[wasm_bindgen(js_name = decodeMeta)]
    pub fn decode_meta(b64: &str) -> JsValue;
    #[wasm_bindgen(js_name = invokeWithin, variadic)]
    pub async fn invoke_within(
        session: &JsValue,
        method: &str,
        ms: u32,
        args: Box<[JsValue]>,
    ) -> JsValue;
    #[wasm_bindgen(js_name = consoleLeaks)]
    pub fn console_leaks() -> js_sys::Array;
    #[wasm_bindgen(js_name = uncaughtErrors)]
    pub fn uncaught_errors() -> js_sys::Array;
    #[wasm_bindgen(js_name = registerSecret)]
    pub fn register_secret(s: &str);
    #[wasm_bindgen(js_name = badInputMatrix)]
    pub async fn bad_input_matrix(api: &str, ctor: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = pageOrigin)]
    pub fn page_origin() -> String;
    #[wasm_bindgen(js_name = lookupsOfOneShape)]
    pub async fn lookups_of_one_shape(session: &JsValue, n: u32) -> JsValue;
    #[wasm_bindgen(js_name = productsOfOneShape)]
    pub async fn products_of_one_shape(session: &JsValue, n: u32) -> JsValue;
    #[wasm_bindgen(js_name = changeAnswersInPlace)]
    pub async fn change_answers_in_place(session: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = concurrencyWorkload)]
    pub async fn concurrency_workload(
        session: &JsValue,
        api: &str,
        customer_id: &str,
        delay_ms: u32,
    ) -> JsValue;
}

/// Parses a JSON literal.
pub fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON")
}

/// Reads a property path such as `error.errors.0.code`.
pub fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |v, key| {
        Reflect::get(&v, &JsValue::from_str(key)).expect("readable")
    })
}

pub fn text(v: &JsValue, path: &str) -> String {
    get(v, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path} is not a string: {:?}", get(v, path)))
}

pub fn num(v: &JsValue, path: &str) -> f64 {
    get(v, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number"))
}

pub const SEED_REQUEST: &str =
    r#"{"countryCode":"SE","values":[{"key":"fiscalNumber","value":"012345678901"}]}"#;

/// A fresh client session on the local Client API and a `connect` for it.
pub struct Page {
    pub details: JsValue,
    pub customer: String,
    pub session: JsValue,
}

pub async fn page_with(customer_id: Option<&str>, options: Option<&str>) -> Page {
    let details = new_session(API, customer_id.map_or(JsValue::UNDEFINED, JsValue::from)).await;
    let options = options.map_or(JsValue::UNDEFINED, js);
    let session = Connect::new(details.clone(), options).expect("valid session");
    show_panic_messages();
    Page {
        customer: text(&details, "customerId"),
        details,
        session: session.into(),
    }
}

pub async fn page() -> Page {
    page_with(None, None).await
}

impl Page {
    pub async fn call(&self, args: &[JsValue]) -> JsValue {
        lookup(&self.session, args.to_vec().into_boxed_slice()).await
    }

    /// Calls any method of the session from JavaScript.
    pub async fn invoke(&self, method: &str, args: &[JsValue]) -> JsValue {
        invoke(&self.session, method, args.to_vec().into_boxed_slice()).await
    }

    /// Requests of one HTTP method the local Client API received for this session.
    pub async fn count_of(&self, method: &str) -> f64 {
        count_method(API, &self.customer, method)
            .await
            .as_f64()
            .unwrap_or(-1.0)
    }

    pub async fn seed(&self) -> JsValue {
        self.call(&[9000.into(), js(SEED_REQUEST)]).await
    }

    pub async fn faults(&self, faults: &str) {
        queue_faults(API, &self.customer, js(faults)).await;
    }

    pub async fn count(&self) -> f64 {
        num(&recorded(API, &self.customer).await, "count")
    }

    /// CORS preflights (`OPTIONS`) the local Client API received for this session.
    pub async fn preflights(&self) -> f64 {
        num(&recorded(API, &self.customer).await, "preflights")
    }

    pub fn secret(&self) -> String {
        text(&self.details, "clientSessionId")
    }
}

thread_local! {
    static PANIC_MESSAGES_SHOWN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The SDK's panic guard replaces the panic hook, so a failing assertion would reach the
/// runner as a bare `ConnectInternalError`. Once the SDK's hook is in place, this wraps it
/// so the assertion's message is printed first (shown with the failing test's output).
pub fn show_panic_messages() {
    if PANIC_MESSAGES_SHOWN.with(|s| s.replace(true)) {
        return;
    }
    let sdk_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let console = Reflect::get(&js_sys::global(), &"console".into()).unwrap_or_default();
        if let Ok(error) = Reflect::get(&console, &"error".into()) {
            let error: js_sys::Function = error.unchecked_into();
            let _ = error.call1(&console, &JsValue::from(format!("panicked: {info}")));
        }
        sdk_hook(info);
    }));
}

/// Asserts a rejection as the page sees it: a native Promise rejected with an `Error`
/// of this name and status, whose message leaks no secret or submitted value.
/// Asserts that a call resolved (a native Promise), showing the error message if not.
pub fn assert_resolved(out: &JsValue) {
    assert_eq!(get(out, "isPromise"), JsValue::TRUE, "not a native Promise");
    assert_eq!(
        get(out, "ok"),
        JsValue::TRUE,
        "rejected: {:?}",
        get(out, "error.message")
    );
}

pub fn assert_rejected(out: &JsValue, name: &str, status: u16, secrets: &[&str]) {
    assert_eq!(get(out, "isPromise"), JsValue::TRUE, "not a native Promise");
    assert_eq!(
        get(out, "ok"),
        JsValue::FALSE,
        "resolved: {:?}",
        get(out, "value")
    );
    assert_eq!(get(out, "isError"), JsValue::TRUE, "reason is not an Error");
    assert_eq!(
        text(out, "error.name"),
        name,
        "{}",
        text(out, "error.message")
    );
    assert_eq!(num(out, "error.status"), f64::from(status));
    assert!(
        js_sys::Array::is_array(&get(out, "error.errors")),
        "errors is not an array"
    );
    assert!(
        get(out, "error.errors.0.code").is_string(),
        "errors[0].code missing"
    );
    let message = text(out, "error.message");
    for s in secrets {
        assert!(!message.contains(s), "message leaks {s:?}: {message}");
    }
    assert_console_clean();
}

/// Asserts that no console message or uncaught error of this page so far carried a
/// registered secret (session ids, submitted values); see tests/support/browser.js.
pub fn assert_console_clean() {
    let leaks = console_leaks();
    assert_eq!(
        leaks.length(),
        0,
        "console output carried secrets: {:?}",
        leaks.join(" | ")
    );
}

/// Asserts a local input rejection naming `property`, with no request sent.
pub async fn assert_input_error(p: &Page, args: &[JsValue], property: &str) {
    let before = p.count().await;
    let out = p.call(args).await;
    assert_rejected(&out, "ConnectInputError", 0, &[&p.secret()]);
    assert_eq!(text(&out, "error.errors.0.propertyName"), property);
    assert_eq!(
        p.count().await,
        before,
        "a request was sent for bad input {property}"
    );
}
