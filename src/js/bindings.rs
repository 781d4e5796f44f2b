//! The `connect` class: thin methods that read their arguments through `convert` and
//! hand them to the `client`. The TypeScript declarations of the models are generated
//! from the core's types.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::core::error::Error;
use crate::core::validate;
use crate::js::client::{rejected, Client};
use crate::js::convert::{self, lookup_fields, read_call_options, read_lookup, read_product_id};
use crate::js::guard;

// The models' declarations, generated from the Rust types (src/core/models.rs).
#[wasm_bindgen(typescript_custom_section)]
const MODELS_TS: &str = include_str!("models.d.ts");

// The error every promise rejects with: a JS `Error`, so not a serde model.
#[wasm_bindgen(typescript_custom_section)]
const ERROR_TS: &str = r#"
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
    session: Rc<Client>,
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
        let (details, options) = convert::read_session(&session_details, &options)
            .map_err(|e| JsValue::from(Error::Input(e)))?;
        let client = Client::new(details, options);
        Ok(Connect { session: client })
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
        if let Err(e) = guard::check() {
            return Promise::reject(&e);
        }
        let checked = read_product_id(&payment_product_id).and_then(|id| {
            let lookup = validate::lookup(read_lookup(&request)?)?;
            Ok((id, lookup, read_call_options(&call_options)?))
        });
        match checked {
            Ok((id, lookup, call)) => self.session.customer_details(id, lookup, call),
            Err(e) => rejected(Error::Input(e)),
        }
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
        if let Err(e) = guard::check() {
            return Promise::reject(&e);
        }
        let checked = read_product_id(&product_id).and_then(|id| {
            let details = convert::read_payment_details(&details)?.check()?;
            Ok((id, details, read_call_options(&call_options)?))
        });
        match checked {
            Ok((id, details, call)) => self.session.payment_product(id, details, call, then),
            Err(e) => rejected(Error::Input(e)),
        }
    }
}
