//! The JavaScript face: the `connect` class, reading JS values into the core's raw
//! inputs, and the one conversion of [`Error`] into a JS `Error`. No logic lives here.

use std::rc::Rc;

use js_sys::{Array, Function, JsString, Object, Promise, Reflect, RegExp};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::client::{CallOptions, Session, SessionOptions, DEFAULT_TIMEOUT_MS};
use crate::error::{Error, InputError};
use crate::guard;
use crate::mask;
use crate::product::{self, RawPaymentDetails};
use crate::request::PageInfo;
use crate::response::{Doc, Kind};
use crate::rules::Matcher;
use crate::session::RawSessionDetails;
use crate::validate::{self, Raw, RawLookup, RawPair, MAX_VALUES};

#[wasm_bindgen]
extern "C" {
    // `Array.isArray`, catching what a revoked Proxy throws.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array_checked(value: &JsValue) -> Result<bool, JsValue>;
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** The four strings a merchant server gets from Create Session. */
export interface SessionDetails {
  clientSessionId: string;
  customerId: string;
  /** `https://host`, `https://host/client` or `https://host/client/v1`. */
  clientApiUrl: string;
  assetUrl: string;
}

/** Session-wide settings. */
export interface SessionOptions {
  /** Deadline of every call, in ms (default 10000). */
  timeoutMs?: number;
  /** Cache successful answers and merge identical calls in flight (default true). */
  cache?: boolean;
}

/** Per-call settings. */
export interface CallOptions {
  /** Deadline of this call, in ms; overrides the session's. */
  timeoutMs?: number;
  /** Aborting it rejects the call with `ConnectAbortError`. */
  signal?: AbortSignal;
}

/** One lookup value. */
export interface KeyValuePair {
  key: string;
  value: string;
}

/** The request of `getCustomerDetails`. */
export interface CustomerDetailsRequest {
  /** ISO 3166-1 alpha-2; sent upper-case. */
  countryCode: string;
  /** Every field of the product whose `usedForLookup` is true, in any order. */
  values: KeyValuePair[];
}

/** The answer of `getCustomerDetails`; unknown fields are passed through. */
export interface CustomerDetails {
  city?: string;
  country?: string;
  emailAddress?: string;
  firstName?: string;
  fiscalNumber?: string;
  languageCode?: string;
  phoneNumber?: string;
  street?: string;
  surname?: string;
  zip?: string;
  [extra: string]: unknown;
}

/** What `getPaymentProduct` needs to know about the payment (names as in connect-sdk-client-js). */
export interface PaymentDetails {
  /** Amount in cents, a non-negative integer. */
  totalAmount: number;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  /** ISO 4217, e.g. "SEK". */
  currency: string;
  /** e.g. "sv_SE". */
  locale?: string;
  isRecurring?: boolean;
}

/** Validators of a product field, as the API sends them. */
export interface Validators {
  length?: { minLength?: number; maxLength?: number };
  regularExpression?: { regularExpression?: string };
  range?: { minValue?: number; maxValue?: number };
  fixedList?: { allowedValues?: string[] };
  luhn?: Record<string, never>;
  emailAddress?: Record<string, never>;
  expirationDate?: Record<string, never>;
  iban?: Record<string, never>;
  residentIdNumber?: Record<string, never>;
  termsAndConditions?: Record<string, never>;
  [other: string]: unknown;
}

/** `dataRestrictions` of a product field. */
export interface DataRestrictions {
  isRequired?: boolean;
  validators?: Validators;
  [extra: string]: unknown;
}

/** `displayHints` of a product field. */
export interface FieldDisplayHints {
  displayOrder?: number;
  label?: string;
  placeholderLabel?: string;
  mask?: string;
  obfuscate?: boolean;
  preferredInputType?: string;
  formElement?: { type?: string; valueMapping?: { displayName?: string; value?: string }[] };
  /** `image` is made absolute against `assetUrl`. */
  tooltip?: { image?: string; label?: string };
  [extra: string]: unknown;
}

/** A field of a payment product. */
export interface PaymentProductField {
  id: string;
  type: string;
  usedForLookup?: boolean;
  dataRestrictions?: DataRestrictions;
  displayHints?: FieldDisplayHints;
  [extra: string]: unknown;
}

/** A payment product; `fields` sorted by `displayHints.displayOrder`, unknown properties passed through. */
export interface PaymentProduct {
  id: number;
  paymentMethod?: string;
  /** `logo` is made absolute against `assetUrl`. */
  displayHints?: { displayOrder?: number; label?: string; logo?: string; [extra: string]: unknown };
  fields?: PaymentProductField[];
  [extra: string]: unknown;
}

/** A field the shopper fills in for a customer details lookup, in display order. */
export interface LookupField {
  /** The `key` to send in `values`. */
  id: string;
  type: string;
  label?: string;
  /** From `placeholderLabel`. */
  placeholder?: string;
  /** Display mask such as `{{99999999}}-{{9999}}`; see `applyMask`. */
  mask?: string;
  /** Length of a full value once masked, for the input's `maxLength`; only with a mask. */
  maxLength?: number;
  preferredInputType?: string;
  displayOrder?: number;
  /** A hint for the shopper; `image` is absolute. */
  tooltip?: { image?: string; label?: string };
  isRequired: boolean;
  validators: Validators;
}

/** One entry of an `ErrorResponse`, or the single entry the SDK makes for its own errors. */
export interface APIError {
  code: string;
  category?: string;
  httpStatusCode?: number;
  id?: string;
  /** Never show this to the shopper. */
  message?: string;
  propertyName?: string;
  requestId?: string;
}

/** The body of a Client API error answer. */
export interface ErrorResponse {
  errorId: string;
  errors: APIError[];
}

/** The closed set of `name`s of the errors every promise rejects with. */
export type ConnectErrorName =
  | "ConnectInputError"
  | "ConnectApiError"
  | "ConnectHttpError"
  | "ConnectResponseError"
  | "ConnectNetworkError"
  | "ConnectTimeoutError"
  | "ConnectAbortError"
  | "ConnectInternalError"
  | "ConnectLoadError";

/** What every rejection (and every constructor throw) is. */
export interface ConnectError extends Error {
  name: ConnectErrorName;
  /** HTTP status; 0 when no HTTP response was used. */
  status: number;
  /** Only on `ConnectApiError`: the server's `errorId`. */
  errorId?: string;
  /** As sent for `ConnectApiError`; one SDK entry otherwise. */
  errors: APIError[];
}
"#;

/// A Client API session, named `connect` in JavaScript as in the documented JS API.
#[wasm_bindgen(js_name = connect)]
pub struct Connect {
    session: Rc<Session>,
}

#[wasm_bindgen(js_class = connect)]
impl Connect {
    /// Checks the session details eagerly; throws a `ConnectInputError` naming the field.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = sessionDetails, unchecked_param_type = "SessionDetails")]
        session_details: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SessionOptions")] options: JsValue,
    ) -> Result<Connect, JsValue> {
        guard::install();
        guard::check()?;
        new_session(&session_details, options)
            .map(|session| Connect {
                session: Rc::new(session),
            })
            .map_err(|e| error_to_js(Error::Input(e)))
    }

    /// The normalised Client API URL, ending in `/client/v1`.
    #[wasm_bindgen(getter, js_name = clientApiUrl)]
    pub fn client_api_url(&self) -> String {
        self.session.details.client_api_url.clone()
    }

    /// The asset URL, as given.
    #[wasm_bindgen(getter, js_name = assetUrl)]
    pub fn asset_url(&self) -> String {
        self.session.details.asset_url.clone()
    }

    /// Looks up a customer's details; the promise always settles.
    #[wasm_bindgen(js_name = getCustomerDetails, unchecked_return_type = "Promise<CustomerDetails>")]
    pub fn get_customer_details(
        &self,
        #[wasm_bindgen(js_name = paymentProductId, unchecked_param_type = "number")]
        payment_product_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CustomerDetailsRequest")] request: JsValue,
        #[wasm_bindgen(js_name = callOptions, unchecked_optional_param_type = "CallOptions")]
        call_options: JsValue,
    ) -> Promise {
        let checked = read_product_id(&payment_product_id).and_then(|id| {
            let lookup = validate::lookup(read_lookup(&request)?)?;
            Ok((id, lookup, read_call_options(call_options)?))
        });
        let session = Rc::clone(&self.session);
        guard::promise(async move {
            let (id, lookup, call) = checked.map_err(|e| error_to_js(Error::Input(e)))?;
            session.customer_details(id, lookup, call).await
        })
    }

    /// Fetches a payment product for a country; `fields` come sorted by display order and
    /// relative image paths absolute against `assetUrl`.
    #[wasm_bindgen(js_name = getPaymentProduct, unchecked_return_type = "Promise<PaymentProduct>")]
    pub fn get_payment_product(
        &self,
        #[wasm_bindgen(js_name = paymentProductId, unchecked_param_type = "number")]
        payment_product_id: JsValue,
        #[wasm_bindgen(js_name = paymentDetails, unchecked_param_type = "PaymentDetails")]
        payment_details: JsValue,
        #[wasm_bindgen(js_name = callOptions, unchecked_optional_param_type = "CallOptions")]
        call_options: JsValue,
    ) -> Promise {
        self.with_product(payment_product_id, payment_details, call_options, |p| p)
    }

    /// The fields to show for a customer details lookup with this product and country,
    /// in display order: every field whose `usedForLookup` is true.
    #[wasm_bindgen(js_name = getCustomerDetailsFields, unchecked_return_type = "Promise<LookupField[]>")]
    pub fn get_customer_details_fields(
        &self,
        #[wasm_bindgen(js_name = paymentProductId, unchecked_param_type = "number")]
        payment_product_id: JsValue,
        #[wasm_bindgen(js_name = paymentDetails, unchecked_param_type = "PaymentDetails")]
        payment_details: JsValue,
        #[wasm_bindgen(js_name = callOptions, unchecked_optional_param_type = "CallOptions")]
        call_options: JsValue,
    ) -> Promise {
        self.with_product(payment_product_id, payment_details, call_options, |p| {
            lookup_fields(&p)
        })
    }

    /// Forgets every cached answer of this session.
    #[wasm_bindgen(js_name = clearCache)]
    pub fn clear_cache(&self) -> Result<(), JsValue> {
        guard::check()?;
        self.session.clear_cache();
        Ok(())
    }

    /// Test-only trigger of the panic guard: panics now (`"sync"`) or inside the returned
    /// promise's work (`"async"`). Compiled only with the `test-panic` feature.
    #[cfg(feature = "test-panic")]
    #[allow(clippy::panic)]
    #[wasm_bindgen(js_name = panicForTest)]
    pub fn panic_for_test(&self, when: &str) -> Promise {
        if when == "sync" {
            panic!("test-only panic");
        }
        guard::promise(async { panic!("test-only panic") })
    }
}

impl Connect {
    fn with_product(
        &self,
        product_id: JsValue,
        details: JsValue,
        call_options: JsValue,
        then: fn(JsValue) -> JsValue,
    ) -> Promise {
        let checked = read_product_id(&product_id).and_then(|id| {
            let details = read_payment_details(&details)?.check()?;
            Ok((id, details, read_call_options(call_options)?))
        });
        let session = Rc::clone(&self.session);
        guard::promise(async move {
            let (id, details, call) = checked.map_err(|e| error_to_js(Error::Input(e)))?;
            session.payment_product(id, details, call).await.map(then)
        })
    }
}

fn read_payment_details(details: &JsValue) -> Result<RawPaymentDetails, InputError> {
    require_object(details, "paymentDetails")?;
    Ok(RawPaymentDetails {
        total_amount: number(prop(details, "totalAmount")),
        country_code: text(prop(details, "countryCode")),
        currency: text(prop(details, "currency")),
        locale: text(prop(details, "locale")),
        is_recurring: boolean(prop(details, "isRecurring")),
    })
}

fn new_session(details: &JsValue, options: JsValue) -> Result<Session, InputError> {
    require_object(details, "sessionDetails")?;
    let details = RawSessionDetails {
        client_session_id: text(prop(details, "clientSessionId")),
        customer_id: text(prop(details, "customerId")),
        client_api_url: text(prop(details, "clientApiUrl")),
        asset_url: text(prop(details, "assetUrl")),
    }
    .check()?;
    let options = SessionOptions {
        timeout_ms: validate::timeout_ms(
            number(object_prop(&options, "options", "timeoutMs")?),
            "options.timeoutMs",
            DEFAULT_TIMEOUT_MS,
        )?,
        cache: validate::flag(
            boolean(object_prop(&options, "options", "cache")?),
            "options.cache",
            true,
        )?,
    };
    Ok(Session::new(details, options, &page_info()))
}

fn read_product_id(v: &JsValue) -> Result<u64, InputError> {
    validate::product_id(number(raw(v.clone())))
}

fn read_lookup(request: &JsValue) -> Result<RawLookup, InputError> {
    require_object(request, "request")?;
    let values = match prop(request, "values") {
        Raw::Value(v) => match is_array_checked(&v) {
            Ok(true) => Raw::Value(read_pairs(&v)),
            Ok(false) => Raw::WrongType,
            // A revoked Proxy throws even on `Array.isArray`.
            Err(_) => Raw::Malformed,
        },
        other => map_absent(other),
    };
    Ok(RawLookup {
        country_code: text(prop(request, "countryCode")),
        values,
    })
}

fn read_pairs(array: &JsValue) -> Vec<Raw<RawPair>> {
    let len = match prop(array, "length") {
        Raw::Value(n) => n.as_f64().unwrap_or(0.0),
        _ => 0.0,
    };
    // One past the limit is enough for the check to reject.
    let len = (len.max(0.0) as usize).min(MAX_VALUES + 1);
    (0..len)
        .map(|i| {
            let item = match Reflect::get(array, &JsValue::from(i as u32)) {
                Ok(v) => raw(v),
                Err(_) => Raw::Malformed,
            };
            match item {
                Raw::Value(v) if v.is_object() => Raw::Value(RawPair {
                    key: text(prop(&v, "key")),
                    value: text(prop(&v, "value")),
                }),
                Raw::Value(_) => Raw::WrongType,
                other => map_absent(other),
            }
        })
        .collect()
}

fn read_call_options(options: JsValue) -> Result<CallOptions, InputError> {
    let timeout_ms = match number(object_prop(&options, "callOptions", "timeoutMs")?) {
        Raw::Missing => None,
        n => Some(validate::timeout_ms(n, "callOptions.timeoutMs", 0)?),
    };
    let signal = match object_prop(&options, "callOptions", "signal")? {
        Raw::Value(v) => {
            let signal = v
                .dyn_into::<AbortSignal>()
                .map_err(|_| InputError::new("callOptions.signal", crate::error::rule::TYPE))?;
            // A tampered signal whose `aborted` throws or lies about its type is refused.
            match Reflect::get(&signal, &JsValue::from_str("aborted")).map(|a| a.as_bool()) {
                Ok(Some(_)) => Some(signal),
                _ => {
                    return Err(InputError::new(
                        "callOptions.signal",
                        crate::error::rule::MALFORMED,
                    ))
                }
            }
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

/// Property `name` of an optional options object named `owner`.
fn object_prop(options: &JsValue, owner: &str, name: &str) -> Result<Raw<JsValue>, InputError> {
    if options.is_undefined() || options.is_null() {
        return Ok(Raw::Missing);
    }
    if !options.is_object() {
        return Err(InputError::new(owner, crate::error::rule::TYPE));
    }
    Ok(prop(options, name))
}

/// An argument that must be an object: `REQUIRED` when absent, `TYPE` otherwise.
fn require_object(v: &JsValue, name: &str) -> Result<(), InputError> {
    match raw(v.clone()) {
        Raw::Value(o) if o.is_object() => Ok(()),
        other => Err(InputError::new(name, validate::absent_rule(&other))),
    }
}

fn raw(v: JsValue) -> Raw<JsValue> {
    if v.is_undefined() || v.is_null() {
        Raw::Missing
    } else {
        Raw::Value(v)
    }
}

/// Reads a property without letting a throwing getter or proxy escape.
fn prop(obj: &JsValue, name: &str) -> Raw<JsValue> {
    if !obj.is_object() {
        return Raw::Missing;
    }
    match Reflect::get(obj, &JsValue::from_str(name)) {
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
            Some(s) if s.is_valid_utf16() => v.as_string().map_or(Raw::Malformed, Raw::Value),
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
fn page_info() -> PageInfo {
    let global = js_sys::global();
    let dim = |name: &str| match prop(&global, name) {
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
        if Array::is_array(self) {
            Kind::Array
        } else if self.is_object() {
            Kind::Object
        } else if self.is_string() {
            Kind::String
        } else {
            Kind::Other
        }
    }

    fn get(&self, name: &str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        Reflect::get(self, &JsValue::from_str(name))
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
        if !Array::is_array(self) {
            return None;
        }
        let arr: &Array = self.unchecked_ref();
        (i < arr.length()).then(|| arr.get(i))
    }
}

/// The browser's own `RegExp` judges the API's patterns (Unicode mode when the pattern
/// allows it), so no regex engine ships in the wasm.
pub struct JsMatcher;

impl Matcher for JsMatcher {
    fn is_match(&self, pattern: &str, value: &str) -> Option<bool> {
        let ctor: Function = Reflect::get(&js_sys::global(), &JsValue::from_str("RegExp"))
            .ok()?
            .dyn_into()
            .ok()?;
        let pattern = JsValue::from_str(pattern);
        let regexp = ["u", ""].into_iter().find_map(|flags| {
            Reflect::construct(&ctor, &Array::of2(&pattern, &JsValue::from_str(flags))).ok()
        })?;
        Some(regexp.unchecked_into::<RegExp>().test(value))
    }
}

/// Finishes a product in place: `fields` sorted by display order, relative logo and
/// tooltip image paths made absolute against `asset_url`. Returns the sorted fields.
pub fn finish_product(product: &JsValue, asset_url: &str) -> JsValue {
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

fn absolutize(obj: &JsValue, key: &str, asset_url: &str) {
    let path = Doc::get(obj, key).and_then(|v| v.as_string());
    if let Some(url) = path.and_then(|p| product::absolute_asset_url(asset_url, &p)) {
        set(obj, key, &JsValue::from(url));
    }
}

/// The `LookupField`s of a finished product, in display order.
fn lookup_fields(product: &JsValue) -> JsValue {
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
        if let Some(n) = mask::max_length(mask.as_deref()) {
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

/// The one place an [`Error`] becomes a JS `Error`: `name`, `message`, `status`,
/// `errors` and, for API errors, `errorId`.
pub fn error_to_js(e: Error<JsValue>) -> JsValue {
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

fn set(target: &JsValue, name: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(name), value);
}
