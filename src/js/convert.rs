//! Conversion between JavaScript values and the core's types: reading arguments into
//! the core's raw inputs without letting a throwing getter, Proxy or tampered prototype
//! escape, and finishing answers (product fields, lookup fields) on the JS objects.

use std::cell::RefCell;

use js_sys::{Array, JsString, Object, Reflect, RegExp};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::core::details::{RawSessionDetails, SessionDetails};
use crate::core::error::{rule, InputError};
use crate::core::product::{self, RawPaymentDetails};
use crate::core::request::PageInfo;
use crate::core::response::{Doc, Kind};
use crate::core::rules::Matcher;
use crate::core::session::{SessionOptions, DEFAULT_TIMEOUT_MS};
use crate::core::snapshot::{
    Snap, CALL_OPTIONS_NAMES, LOOKUP_NAMES, MALFORMED, PAIR_NAMES, PAYMENT_DETAILS_NAMES,
    SESSION_DETAILS_NAMES, SESSION_OPTIONS_NAMES, WRONG_TYPE,
};
use crate::core::validate::{self, Raw, RawLookup, RawOptions, MAX_VALUES};

#[wasm_bindgen]
extern "C" {
    // `Array.isArray`, catching what a revoked Proxy throws.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array_checked(value: &JsValue) -> Result<bool, JsValue>;
    // `encodeURIComponent`, which throws a URIError exactly when its argument has a lone
    // surrogate (ECMA-262 Encode), in every engine.
    #[wasm_bindgen(catch, js_name = encodeURIComponent)]
    fn encode_uri_component(text: &JsString) -> Result<JsValue, JsValue>;
    // The page's `RegExp`, constructed with `new RegExp(pattern, flags)`, catching the
    // SyntaxError of a pattern the engine refuses.
    #[wasm_bindgen(js_name = RegExp)]
    type PageRegExp;
    #[wasm_bindgen(catch, constructor, js_class = "RegExp")]
    fn new(pattern: &str, flags: &str) -> Result<PageRegExp, JsValue>;
}

/// Whether a JS string is well-formed UTF-16 (no lone surrogate), in one call into JS
/// (`JsString::is_valid_utf16` makes one `charCodeAt` call per code unit).
fn well_formed(text: &JsString) -> bool {
    encode_uri_component(text).is_ok()
}

/// Per-call settings, checked; the signal stays a JS value.
pub(crate) type CallOptions = crate::core::models::CallOptions<AbortSignal>;

/// `paymentDetails`, through a snapshot.
pub(crate) fn read_payment_details(details: &JsValue) -> Result<RawPaymentDetails, InputError> {
    require_object(details, "paymentDetails")?;
    Ok(RawPaymentDetails::from(&deserialize(snapshot(
        details,
        &PAYMENT_DETAILS_NAMES,
    ))))
}

/// The constructor's arguments, checked.
pub(crate) fn read_session(
    details: &JsValue,
    options: &JsValue,
) -> Result<(SessionDetails, SessionOptions), InputError> {
    require_object(details, "sessionDetails")?;
    let details =
        RawSessionDetails::from(&deserialize(snapshot(details, &SESSION_DETAILS_NAMES))).check()?;
    let raw = read_options(options, "options", &SESSION_OPTIONS_NAMES)?.unwrap_or_default();
    let options = SessionOptions {
        timeout_ms: validate::timeout_ms(raw.timeout_ms, "options.timeoutMs", DEFAULT_TIMEOUT_MS)?,
        cache: validate::flag(raw.cache, "options.cache", true)?,
    };
    Ok((details, options))
}

/// A payment product id.
pub(crate) fn read_product_id(v: &JsValue) -> Result<u64, InputError> {
    validate::product_id(number(raw(v.clone())))
}

/// The `request` of `getCustomerDetails`, through a snapshot.
pub(crate) fn read_lookup(request: &JsValue) -> Result<RawLookup, InputError> {
    require_object(request, "request")?;
    let [country_code, values_name] = LOOKUP_NAMES;
    let snap = snapshot(request, &[country_code]);
    let values = match prop(request, values_name) {
        Raw::Value(v) => Some(match is_array_checked(&v) {
            Ok(true) => snapshot_pairs(&v),
            Ok(false) => marker(WRONG_TYPE),
            // A revoked Proxy throws even on `Array.isArray`.
            Err(_) => marker(MALFORMED),
        }),
        other => snap_value(other),
    };
    if let Some(values) = values {
        set(&snap, values_name, &values);
    }
    Ok(RawLookup::from(&deserialize(snap)))
}

/// The entries of `values`, each a snapshot of its `key` and `value`; one past the
/// limit at most.
fn snapshot_pairs(array: &JsValue) -> JsValue {
    let len = match prop(array, "length") {
        Raw::Value(n) => n.as_f64().unwrap_or(0.0),
        _ => 0.0,
    };
    let len = (len.max(0.0) as usize).min(MAX_VALUES + 1);
    let out = Array::new();
    for i in 0..len {
        let item = match Reflect::get(array, &JsValue::from(i as u32)) {
            Ok(v) => match raw(v) {
                Raw::Value(v) if v.is_object() => snapshot(&v, &PAIR_NAMES),
                Raw::Value(_) => marker(WRONG_TYPE),
                _ => JsValue::NULL,
            },
            Err(_) => marker(MALFORMED),
        };
        out.push(&item);
    }
    out.into()
}

/// `callOptions`: `timeoutMs` through a snapshot; `signal` stays a JS value.
pub(crate) fn read_call_options(options: &JsValue) -> Result<CallOptions, InputError> {
    let Some(raw) = read_options(options, "callOptions", &CALL_OPTIONS_NAMES)? else {
        return Ok(CallOptions::default());
    };
    let timeout_ms = match raw.timeout_ms {
        Raw::Missing => None,
        n => Some(validate::timeout_ms(n, "callOptions.timeoutMs", 0)?),
    };
    let signal = match prop(options, "signal") {
        Raw::Value(v) => {
            let signal = v
                .dyn_into::<AbortSignal>()
                .map_err(|_| InputError::new("callOptions.signal", rule::TYPE))?;
            // A tampered signal whose `aborted` throws or lies about its type is refused
            // (whether it has aborted is read when the call starts: `is_aborted`).
            validate::signal_aborted(boolean(prop(&signal, "aborted")))?;
            Some(signal)
        }
        Raw::Missing => None,
        other => {
            return Err(InputError::new(
                "callOptions.signal",
                validate::absent_rule(&other),
            ))
        }
    };
    Ok(CallOptions { timeout_ms, signal })
}

/// Whether `signal` has aborted, read when a call starts; a tampered `aborted` (a
/// throwing getter, a non-boolean) reads as not aborted.
pub(crate) fn is_aborted(signal: &AbortSignal) -> bool {
    matches!(boolean(prop(signal, "aborted")), Raw::Value(true))
}

/// An optional options object named `owner`, through a snapshot of `names`; `None` when
/// absent.
fn read_options(
    options: &JsValue,
    owner: &str,
    names: &[&'static str],
) -> Result<Option<RawOptions>, InputError> {
    if is_nullish(options) {
        return Ok(None);
    }
    if !options.is_object() {
        return Err(InputError::new(owner, rule::TYPE));
    }
    let snap = deserialize(snapshot(options, names));
    Ok(Some(RawOptions::from(&snap)))
}

/// A plain-data copy of the properties `names` of `obj`: primitives as they are, other
/// values as markers (see `core::snapshot`). Every read catches, so no getter, Proxy or
/// revoked Proxy can throw past it.
fn snapshot(obj: &JsValue, names: &[&'static str]) -> JsValue {
    let out = Object::new();
    for name in names {
        if let Some(v) = snap_value(prop(obj, name)) {
            set(&out, name, &v);
        }
    }
    out.into()
}

fn snap_value(r: Raw<JsValue>) -> Option<JsValue> {
    match r {
        Raw::Missing => None,
        // Strings first: most values read are.
        Raw::Value(v) => Some(match v.dyn_ref::<JsString>() {
            Some(s) if well_formed(s) => v,
            Some(_) => marker(MALFORMED),
            None if v.as_f64().is_some() || v.as_bool().is_some() => v,
            None => marker(WRONG_TYPE),
        }),
        Raw::WrongType => Some(marker(WRONG_TYPE)),
        Raw::Malformed => Some(marker(MALFORMED)),
    }
}

fn marker(key: &'static str) -> JsValue {
    let m = Object::new();
    set(&m, key, &JsValue::TRUE);
    m.into()
}

/// Deserializes a snapshot with serde-wasm-bindgen. A snapshot is plain data, so this
/// cannot fail; if it ever did, the whole argument would read as malformed.
fn deserialize(snapshot: JsValue) -> Snap {
    serde_wasm_bindgen::from_value(snapshot).unwrap_or(Snap::Malformed)
}

/// An argument that must be an object: `REQUIRED` when absent, `TYPE` otherwise.
fn require_object(v: &JsValue, name: &str) -> Result<(), InputError> {
    match raw(v.clone()) {
        Raw::Value(o) if o.is_object() => Ok(()),
        other => Err(InputError::new(name, validate::absent_rule(&other))),
    }
}

fn raw(v: JsValue) -> Raw<JsValue> {
    if is_nullish(&v) {
        Raw::Missing
    } else {
        Raw::Value(v)
    }
}

/// `v == null`: undefined or null, in one call into JS.
fn is_nullish(v: &JsValue) -> bool {
    v.loose_eq(&JsValue::NULL)
}

/// Reads a property of an object without letting a throwing getter or proxy escape.
/// Every caller has checked that `obj` is an object; a primitive would read as malformed
/// (`Reflect.get` throws on one).
fn prop(obj: &JsValue, name: &'static str) -> Raw<JsValue> {
    match Reflect::get(obj, &key(name)) {
        Ok(v) => raw(v),
        Err(_) => Raw::Malformed,
    }
}

fn map_absent<T, U>(r: Raw<T>) -> Raw<U> {
    match r {
        Raw::Missing => Raw::Missing,
        Raw::Malformed => Raw::Malformed,
        _ => Raw::WrongType,
    }
}

fn text(r: Raw<JsValue>) -> Raw<String> {
    match r {
        Raw::Value(v) => match v.dyn_ref::<JsString>() {
            Some(s) if well_formed(s) => v.as_string().map_or(Raw::Malformed, Raw::Value),
            Some(_) => Raw::Malformed,
            None => Raw::WrongType,
        },
        other => map_absent(other),
    }
}

fn number(r: Raw<JsValue>) -> Raw<f64> {
    match r {
        Raw::Value(v) => v.as_f64().map_or(Raw::WrongType, Raw::Value),
        other => map_absent(other),
    }
}

fn boolean(r: Raw<JsValue>) -> Raw<bool> {
    match r {
        Raw::Value(v) => v.as_bool().map_or(Raw::WrongType, Raw::Value),
        other => map_absent(other),
    }
}

/// What the page says about itself; absent parts (a worker) are left out.
pub(crate) fn page_info() -> PageInfo {
    let global = js_sys::global();
    let dim = |name: &'static str| match prop(&global, name) {
        Raw::Value(v) => v.as_f64().filter(|n| *n >= 0.0).map(|n| n as u32),
        _ => None,
    };
    let user_agent = match prop(&global, "navigator") {
        Raw::Value(nav) => match text(prop(&nav, "userAgent")) {
            Raw::Value(ua) => Some(ua),
            _ => None,
        },
        _ => None,
    };
    PageInfo {
        screen: dim("innerWidth").zip(dim("innerHeight")),
        user_agent,
    }
}

impl Doc for JsValue {
    fn kind(&self) -> Kind {
        // Strings first: most values judged are (one call instead of three).
        if self.is_string() {
            Kind::String
        } else if is_array_checked(self) == Ok(true) {
            Kind::Array
        } else if self.is_object() {
            Kind::Object
        } else {
            Kind::Other
        }
    }

    fn get(&self, name: &'static str) -> Option<Self> {
        // `Reflect.get` throws on a primitive (caught: `None`), so objects and arrays are
        // read in one call, without asking first whether this is one.
        Reflect::get(self, &key(name))
            .ok()
            .filter(|v| !v.is_undefined())
    }

    fn text(&self) -> Option<String> {
        self.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn at(&self, i: u32) -> Option<Self> {
        if is_array_checked(self) != Ok(true) {
            return None;
        }
        let arr: &Array = self.unchecked_ref();
        (i < arr.length()).then(|| arr.get(i))
    }
}

/// The browser's own `RegExp` judges the API's patterns (Unicode mode when the pattern
/// allows it), so no regex engine ships in the wasm.
pub(crate) struct JsMatcher;

impl Matcher for JsMatcher {
    fn is_match(&self, pattern: &str, value: &str) -> Option<bool> {
        let regexp = ["u", ""]
            .into_iter()
            .find_map(|flags| PageRegExp::new(pattern, flags).ok())?;
        Some(regexp.unchecked_into::<RegExp>().test(value))
    }
}

/// Finishes a product in place: `fields` sorted by display order, relative logo and
/// tooltip image paths made absolute against `asset_url`. Returns the sorted fields.
pub(crate) fn finish_product(product: &JsValue, asset_url: &str) -> JsValue {
    if let Some(hints) = Doc::get(product, "displayHints") {
        absolutize(&hints, "logo", asset_url);
    }
    let Some(fields) = Doc::get(product, "fields") else {
        return JsValue::UNDEFINED;
    };
    let sorted = Array::new();
    for i in product::display_order(&fields) {
        let Some(field) = fields.at(i) else { continue };
        if let Some(tooltip) =
            Doc::get(&field, "displayHints").and_then(|h| Doc::get(&h, "tooltip"))
        {
            absolutize(&tooltip, "image", asset_url);
        }
        sorted.push(&field);
    }
    set(product, "fields", &sorted);
    sorted.into()
}

fn absolutize(obj: &JsValue, key: &'static str, asset_url: &str) {
    let path = Doc::get(obj, key).and_then(|v| v.as_string());
    if let Some(url) = path.and_then(|p| product::absolute_asset_url(asset_url, &p)) {
        set(obj, key, &JsValue::from(url));
    }
}

/// The `LookupField`s of a finished product, in display order.
pub(crate) fn lookup_fields(product: &JsValue) -> JsValue {
    let out = Array::new();
    let Some(fields) = Doc::get(product, "fields") else {
        return out.into();
    };
    let mut i = 0;
    while let Some(field) = fields.at(i) {
        i += 1;
        if !product::is_lookup_field(&field) {
            continue;
        }
        let hints = Doc::get(&field, "displayHints").unwrap_or(JsValue::UNDEFINED);
        let restrictions = Doc::get(&field, "dataRestrictions").unwrap_or(JsValue::UNDEFINED);
        let entry = Object::new();
        for (from, key, to) in [
            (&field, "id", "id"),
            (&field, "type", "type"),
            (&hints, "label", "label"),
            (&hints, "placeholderLabel", "placeholder"),
            (&hints, "mask", "mask"),
            (&hints, "preferredInputType", "preferredInputType"),
            (&hints, "displayOrder", "displayOrder"),
            (&hints, "tooltip", "tooltip"),
        ] {
            if let Some(v) = Doc::get(from, key) {
                set(&entry, to, &v);
            }
        }
        let mask = Doc::get(&hints, "mask").and_then(|m| m.as_string());
        if let Some(n) = crate::core::mask::max_length(mask.as_deref()) {
            set(&entry, "maxLength", &JsValue::from(n as f64));
        }
        let required =
            Doc::get(&restrictions, "isRequired").and_then(|b| b.as_bool()) == Some(true);
        set(&entry, "isRequired", &JsValue::from_bool(required));
        let validators = Doc::get(&restrictions, "validators")
            .filter(|v| v.kind() == Kind::Object)
            .unwrap_or_else(|| Object::new().into());
        set(&entry, "validators", &validators);
        out.push(&entry);
    }
    out.into()
}

pub(crate) fn set(target: &JsValue, name: &'static str, value: &JsValue) {
    let _ = Reflect::set(target, &key(name), value);
}

/// The JS string of a property name, made once. Names are the SDK's own literals, so a
/// small cache (by the literal's address and length) spares a crossing into JS and a UTF-8 decode
/// there on most property reads and writes (about 20 per lookup); at most 64 are kept.
pub(crate) fn key(name: &'static str) -> JsValue {
    thread_local! {
        static KEYS: RefCell<Vec<((usize, usize), JsValue)>> = const { RefCell::new(Vec::new()) };
    }
    // A `'static` string's bytes never move or change.
    let at = (name.as_ptr() as usize, name.len());
    KEYS.with(|keys| {
        let Ok(mut keys) = keys.try_borrow_mut() else {
            return JsValue::from_str(name);
        };
        if let Some((_, v)) = keys.iter().find(|(k, _)| *k == at) {
            return v.clone();
        }
        let v = JsValue::from_str(name);
        if keys.len() < 64 {
            keys.push((at, v.clone()));
        }
        v
    })
}
