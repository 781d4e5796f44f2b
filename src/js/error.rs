//! The one place an [`Error`] becomes a JavaScript `Error`.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::core::error::Error;

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
                let entry = Object::new();
                set(&entry, "code", &JsValue::from_str(code));
                set(&entry, "id", &JsValue::from_str(id));
                set(&entry, "category", &JsValue::from_str("CLIENT_SDK"));
                if let Some(p) = property {
                    set(&entry, "propertyName", &JsValue::from_str(p));
                }
                Array::of1(&entry).into()
            }
        };
        set(&err, "errors", &errors);
        err.into()
    }
}

fn set(target: &JsValue, name: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(name), value);
}
