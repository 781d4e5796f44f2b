//! The one place an [`Error`] becomes a JavaScript `Error`; the SDK's own `errors`
//! entry is an [`ApiError`] converted by serde-wasm-bindgen.

use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

use crate::core::error::Error;
use crate::core::models::ApiError;
use crate::js::convert::set;

/// A JS `Error` with `name`, `message`, `status`, `errors` and, for API errors,
/// `errorId`.
impl From<Error<JsValue>> for JsValue {
    fn from(e: Error<JsValue>) -> JsValue {
        let err = js_sys::Error::new(&e.message());
        err.set_name(e.name());
        set(&err, "status", &JsValue::from(e.status()));
        let errors: JsValue = match &e {
            Error::Api {
                error_id, errors, ..
            } => {
                set(&err, "errorId", &JsValue::from_str(error_id));
                errors.clone()
            }
            _ => {
                let (code, id, property) = e.sdk_entry();
                let entry = ApiError {
                    code: code.into(),
                    id: Some(id.into()),
                    category: Some("CLIENT_SDK".into()),
                    property_name: property.map(Into::into),
                    ..ApiError::default()
                };
                let entry =
                    serde_wasm_bindgen::to_value(&entry).unwrap_or_else(|_| Object::new().into());
                Array::of1(&entry).into()
            }
        };
        set(&err, "errors", &errors);
        err.into()
    }
}
