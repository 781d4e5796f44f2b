//! The benchmark's floor client (`scripts/bench.sh`): the least any client built on the
//! SDK's required stack does per call. One `wasm-bindgen-futures` future per call, an
//! `AbortController` for its signal, a `Request`, gloo-net's `send()`, `text()` through a
//! `JsFuture`, and `JSON.parse`; no argument checks, no session, no deadline, no judging
//! of the answer. The benchmark runs it beside the SDK and the hand-written `fetch`, so
//! that each run shows what the stack alone costs per call.
#![cfg(target_arch = "wasm32")]

use gloo_net::http::Request;
use js_sys::{JsString, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, RequestInit};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
}

/// `POST url` with `headers` and `body`; resolves with the answer's body parsed as JSON,
/// whatever its status; rejects when no answer arrived.
#[wasm_bindgen]
pub fn lookup(url: String, headers: Object, body: JsString) -> Promise {
    future_to_promise(async move {
        let controller = AbortController::new()?;
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        init.set_body(&body);
        init.set_signal(Some(&controller.signal()));
        let request = web_sys::Request::new_with_str_and_init(&url, &init)?;
        let response: web_sys::Response = Request::from(request)
            .send()
            .await
            .map_err(|e| JsValue::from_str(&e.to_string()))?
            .into();
        let text = JsFuture::from(response.text()?).await?;
        json_parse(&text)
    })
}
