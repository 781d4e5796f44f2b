use gloo_utils::errors::JsError;
use thiserror::Error as ThisError;

/// All the errors returned by this crate.
#[derive(Debug, ThisError)]
pub enum Error {
    /// Error returned by JavaScript.
    #[error("{0}")]
    JsError(JsError),
    /// Error returned by `serde` during deserialization.
    #[cfg(feature = "json")]
    #[cfg_attr(docsrs, doc(cfg(feature = "json")))]
    #[error("{0}")]
    SerdeError(
        #[source]
        #[from]
        serde_json::Error,
    ),
    /// Error returned by this crate
    #[error("{0}")]
    GlooError(String),
}

#[cfg(any(feature = "http", feature = "websocket", feature = "eventsource"))]
pub(crate) use conversion::*;
#[cfg(any(feature = "http", feature = "websocket", feature = "eventsource"))]
mod conversion {
    use gloo_utils::errors::JsError;
    use wasm_bindgen::JsValue;

    #[cfg(feature = "http")]
    pub(crate) fn js_to_error(js_value: JsValue) -> super::Error {
        // connect-sdk-client-wasm patch: upstream panics (`js_to_js_error`'s
        // `unreachable!`) when the value is not an `Error`, and a page's wrapper of
        // `fetch` may reject with anything (a string, `undefined`). Such a value is a
        // `GlooError`; an `Error` is a `JsError` as upstream.
        use wasm_bindgen::JsCast;
        match js_value.dyn_into::<js_sys::Error>() {
            Ok(error) => super::Error::JsError(JsError::from(error)),
            Err(_) => super::Error::GlooError(String::from("a value that is not an Error")),
        }
    }

    // connect-sdk-client-wasm patch: only where used (`js_to_error` no longer calls it).
    #[cfg(any(feature = "websocket", feature = "eventsource"))]
    pub(crate) fn js_to_js_error(js_value: JsValue) -> JsError {
        match <JsError as std::convert::TryFrom<JsValue>>::try_from(js_value) {
            Ok(error) => error,
            Err(_) => unreachable!("JsValue passed is not an Error type -- this is a bug"),
        }
    }
}
