//! The gloo-net transport, and the timer functions that bound every call.

use gloo_net::http::Request;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestCache, RequestInit};

use crate::core::request::Built;
use crate::core::session::CacheMode;

#[wasm_bindgen]
extern "C" {
    // `JSON.parse` on a JS string, without copying it into wasm memory first, catching
    // what it throws.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    pub(crate) fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
    // The global timer functions exist in windows and workers alike.
    /// `setTimeout(handler, ms, arg)`: calls `handler(arg)` after `ms`.
    #[wasm_bindgen(js_name = setTimeout)]
    pub(crate) fn set_timeout(handler: &Function, ms: u32, arg: &JsValue) -> JsValue;
    /// `clearTimeout(id)`.
    #[wasm_bindgen(js_name = clearTimeout)]
    pub(crate) fn clear_timeout(id: &JsValue);
}

/// An HTTP answer: status and the body, parsed as JSON by the browser.
pub(crate) struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The body parsed with `JSON.parse`; `None` when empty or not JSON.
    pub json: Option<JsValue>,
    /// The body's JSON text (a JS string) when `json` is `Some`.
    pub text: JsValue,
}

/// The Fetch standard's null body statuses.
const NULL_BODY_STATUSES: [u16; 5] = [101, 103, 204, 205, 304];

/// A headers object for `fetch`, built once per session and reused by every request.
pub(crate) fn headers(pairs: &[(&str, &str)]) -> Object {
    let map = Object::new();
    for (name, value) in pairs {
        let _ = Reflect::set(&map, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    map
}

/// Sends `built` with `headers` through gloo-net, in cache `mode`; `Err` when no complete
/// HTTP answer arrived (network, CORS, reset, or `signal` aborted).
///
/// The `web_sys::Request` is made here rather than by gloo-net's builder, which
/// re-parses and re-serialises every URL with `format!` (kilobytes of formatting code
/// and two extra `Request`/`URL` objects per call). The body stays a JS string, parsed
/// by the browser, so large or hostile bodies never pass through wasm memory.
pub(crate) async fn send(
    built: &Built,
    headers: &Object,
    signal: &AbortSignal,
    mode: CacheMode,
) -> Result<Answer, ()> {
    let init = RequestInit::new();
    init.set_headers(headers);
    init.set_signal(Some(signal));
    // The default mode keeps the CORS preflight cache working; `reload` where the
    // browser's cache might replay an answer the SDK rejected (bug F; see core::reload).
    if mode == CacheMode::Reload {
        init.set_cache(RequestCache::Reload);
    }
    match &built.body {
        Some(body) => {
            init.set_method("POST");
            init.set_body(&JsValue::from_str(body));
        }
        None => init.set_method("GET"),
    }
    let request = web_sys::Request::new_with_str_and_init(&built.url, &init).map_err(drop)?;
    let response: web_sys::Response = Request::from(request).send().await.map_err(drop)?.into();
    let status = response.status();
    // The Fetch standard gives these statuses no body, and Chromium and Firefox hand
    // none over; WebKit passes on whatever a server sent with a 205. Such an answer has
    // no content in every engine.
    if NULL_BODY_STATUSES.contains(&status) {
        return Ok(Answer {
            status,
            json: None,
            text: JsValue::UNDEFINED,
        });
    }
    let text = JsFuture::from(response.text().map_err(drop)?)
        .await
        .map_err(drop)?;
    Ok(Answer {
        status,
        json: json_parse(&text).ok(),
        text,
    })
}
