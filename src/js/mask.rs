//! `applyMask` and `removeMask` for pages: the JavaScript face of [`crate::core::mask`].
//! No logic lives here; a mask or value of the wrong type throws a `ConnectInputError`.

use wasm_bindgen::prelude::*;

use crate::core::error::{rule, Error, InputError};
use crate::core::mask;
use crate::js::guard;

/// Lays `value` into a display mask such as `{{99999999}}-{{9999}}`: inside `{{ }}`, `9`
/// takes a digit and `*` any character; other characters are inserted. Without a mask
/// the value is returned as it is. `previousValue`, the value shown before the edit,
/// only moves `cursorIndex`.
#[wasm_bindgen(js_name = applyMask, unchecked_return_type = "MaskedValue")]
pub fn apply_mask(
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] mask: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    #[wasm_bindgen(js_name = previousValue, unchecked_optional_param_type = "string | null")]
    previous_value: JsValue,
) -> Result<JsValue, JsValue> {
    guard::install();
    guard::check()?;
    let mask = optional_text(&mask, "mask")?;
    let value = text(&value, "value")?;
    let previous = optional_text(&previous_value, "previousValue")?;
    let masked = mask::apply_mask(mask.as_deref(), &value, previous.as_deref());
    Ok(serde_wasm_bindgen::to_value(&masked).unwrap_or(JsValue::UNDEFINED))
}

/// The value without its mask: the characters at the mask's `{{ }}` positions, trimmed,
/// e.g. `"19900101-1234"` → `"199001011234"`. It expects a masked value (format it with
/// `applyMask` first). Without a mask the value is only trimmed.
#[wasm_bindgen(js_name = removeMask)]
pub fn remove_mask(
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] mask: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
) -> Result<String, JsValue> {
    guard::install();
    guard::check()?;
    let mask = optional_text(&mask, "mask")?;
    let value = text(&value, "value")?;
    Ok(mask::remove_mask(mask.as_deref(), &value))
}

fn text(v: &JsValue, name: &str) -> Result<String, JsValue> {
    v.as_string().ok_or_else(|| {
        let rule = if v.is_undefined() || v.is_null() {
            rule::REQUIRED
        } else {
            rule::TYPE
        };
        JsValue::from(Error::<JsValue>::Input(InputError::new(name, rule)))
    })
}

fn optional_text(v: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    text(v, name).map(Some)
}
