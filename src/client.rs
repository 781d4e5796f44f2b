//! A live session: cache, shared in-flight requests and per-call deadlines around the
//! transport. Every call settles: with the answer, or with an error when its deadline
//! fires or its signal aborts; the request is aborted once no caller waits for it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Object, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, AbortSignal};

use crate::bindings::{error_to_js, finish_product, JsMatcher};
use crate::cache::Cache;
use crate::error::Error;
use crate::product::{self, PaymentDetails};
use crate::reload::{CacheMode, KnownGood};
use crate::request::{self, Built, PageInfo};
use crate::response;
use crate::rules::{self, FieldRules};
use crate::session::SessionDetails;
use crate::transport::{self, Deadline, Either, Fired};
use crate::validate::Lookup;

/// Default per-call timeout, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;

/// Session-wide settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionOptions {
    /// Deadline of each call unless the call sets its own.
    pub timeout_ms: u32,
    /// Keep successful answers and share identical in-flight requests.
    pub cache: bool,
}

/// Per-call settings.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Overrides the session's timeout.
    pub timeout_ms: Option<u32>,
    /// Aborts the call.
    pub signal: Option<AbortSignal>,
}

/// Which endpoint a request is for, so its answer is judged and finished right.
#[derive(Clone)]
enum Endpoint {
    CustomerDetails,
    Product { id: u64, country: String },
}

/// Most products whose lookup rules a session remembers.
const MAX_PRODUCTS: usize = 16;

/// One request in flight, shared by every identical call.
struct Flight {
    promise: Promise,
    controller: AbortController,
    waiters: Cell<u32>,
}

/// Everything a `connect` instance holds.
pub struct Session {
    /// The checked session details.
    pub details: SessionDetails,
    options: SessionOptions,
    /// Headers of GET and POST requests, built once.
    get_headers: Object,
    post_headers: Object,
    cache: RefCell<Cache<JsValue, Rc<Flight>>>,
    /// Lookup rules of the products fetched, keyed by product id and country.
    products: RefCell<Cache<Rc<Vec<FieldRules>>, ()>>,
    /// GET URLs whose last answer was accepted; other GETs bypass the HTTP cache.
    known_good: RefCell<KnownGood>,
}

impl Session {
    /// A session; the headers are built once here.
    pub fn new(details: SessionDetails, options: SessionOptions, page: &PageInfo) -> Session {
        let authorization = request::authorization(&details.client_session_id);
        let meta_info = request::meta_info(page);
        let common = [
            ("Authorization", authorization.as_str()),
            ("Accept", "application/json"),
            ("X-GCS-ClientMetaInfo", meta_info.as_str()),
        ];
        let mut post = common.to_vec();
        // Only requests with a body carry a Content-Type.
        post.push(("Content-Type", "application/json"));
        Session {
            get_headers: transport::headers(&common),
            post_headers: transport::headers(&post),
            details,
            options,
            cache: RefCell::default(),
            products: RefCell::new(Cache::with_capacity(MAX_PRODUCTS)),
            known_good: RefCell::default(),
        }
    }

    /// Forgets cached answers.
    pub fn clear_cache(&self) {
        if let Ok(mut c) = self.cache.try_borrow_mut() {
            c.clear();
        }
    }

    /// `getCustomerDetails` after its input checks. When the product is known for the
    /// country, masked values lose their mask, then every value is checked against the
    /// product's lookup fields.
    pub async fn customer_details(
        self: Rc<Self>,
        product_id: u64,
        mut lookup: Lookup,
        call: CallOptions,
    ) -> Result<JsValue, JsValue> {
        if let Some(fields) = self.rules(product_id, &lookup.country_code) {
            rules::unmask_lookup(&fields, &mut lookup.values);
            rules::check_lookup(&fields, &lookup.values, &JsMatcher)
                .map_err(|e| error_to_js(Error::Input(e)))?;
        }
        let built = request::customer_details(
            &self.details.client_api_url,
            &self.details.customer_id,
            product_id,
            &lookup,
        );
        self.call(built, call, Endpoint::CustomerDetails).await
    }

    /// `getPaymentProduct` after its input checks.
    pub async fn payment_product(
        self: Rc<Self>,
        product_id: u64,
        details: PaymentDetails,
        call: CallOptions,
    ) -> Result<JsValue, JsValue> {
        let built = request::payment_product(
            &self.details.client_api_url,
            &self.details.customer_id,
            product_id,
            &details,
        );
        let endpoint = Endpoint::Product {
            id: product_id,
            country: details.country_code,
        };
        self.call(built, call, endpoint).await
    }

    fn rules(&self, product_id: u64, country: &str) -> Option<Rc<Vec<FieldRules>>> {
        self.products
            .try_borrow()
            .ok()?
            .answer(&product_key(product_id, country))
    }

    fn remember_rules(&self, product_id: u64, country: &str, fields: Vec<FieldRules>) {
        if let Ok(mut products) = self.products.try_borrow_mut() {
            products.keep(&product_key(product_id, country), Rc::new(fields));
        }
    }

    /// Judges an answer for `endpoint`; a product is also finished and its lookup rules
    /// remembered.
    fn judge(
        &self,
        endpoint: &Endpoint,
        status: u16,
        body: Option<JsValue>,
    ) -> Result<JsValue, Error<JsValue>> {
        match endpoint {
            Endpoint::CustomerDetails => response::customer_details(status, body),
            Endpoint::Product { id, country } => {
                let product = response::classify(status, body, product::check_body)?;
                let fields = finish_product(&product, &self.details.asset_url);
                if let Some(rules) = product::lookup_rules(&fields) {
                    self.remember_rules(*id, country, rules);
                }
                Ok(product)
            }
        }
    }

    async fn call(
        self: Rc<Self>,
        built: Built,
        call: CallOptions,
        endpoint: Endpoint,
    ) -> Result<JsValue, JsValue> {
        if call.signal.as_ref().is_some_and(transport::is_aborted) {
            return Err(error_to_js(Error::Abort));
        }
        let key = self.options.cache.then(|| request::cache_key(&built));
        let (flight, id) = match self.join(key.as_deref()) {
            // Every caller gets a copy of its own (cached answers are shared otherwise).
            Joined::Answer(v) => return Ok(transport::own_copy(&v)),
            Joined::Flight(f, id) => (f, id),
            Joined::None => self.launch(built, key.clone(), endpoint)?,
        };
        flight.waiters.set(flight.waiters.get() + 1);
        let ms = call.timeout_ms.unwrap_or(self.options.timeout_ms);
        let deadline = Deadline::new(ms, call.signal);
        match transport::first(JsFuture::from(flight.promise.clone()), deadline).await {
            Either::Left(result) if key.is_some() => result.map(|v| transport::own_copy(&v)),
            Either::Left(result) => result,
            Either::Right(fired) => {
                let left = flight.waiters.get().saturating_sub(1);
                flight.waiters.set(left);
                if left == 0 {
                    flight.controller.abort();
                    if let (Some(key), Ok(mut c)) = (&key, self.cache.try_borrow_mut()) {
                        c.finish(key, id, None);
                    }
                }
                Err(error_to_js(match fired {
                    Fired::Timeout => Error::Timeout { ms },
                    Fired::Abort => Error::Abort,
                }))
            }
        }
    }

    fn join(&self, key: Option<&str>) -> Joined {
        let (Some(key), Ok(c)) = (key, self.cache.try_borrow()) else {
            return Joined::None;
        };
        if let Some(v) = c.answer(key) {
            return Joined::Answer(v);
        }
        match c.flight(key) {
            Some((f, id)) => Joined::Flight(f, id),
            None => Joined::None,
        }
    }

    /// Starts the request; its promise settles with the classified answer.
    fn launch(
        self: &Rc<Self>,
        built: Built,
        key: Option<String>,
        endpoint: Endpoint,
    ) -> Result<(Rc<Flight>, u32), JsValue> {
        let controller = AbortController::new().map_err(|_| error_to_js(Error::Network))?;
        let signal = controller.signal();
        let id = match (&key, self.cache.try_borrow_mut()) {
            (Some(_), Ok(mut c)) => c.next_id(),
            _ => 0,
        };
        let session = Rc::clone(self);
        let finish_key = key.clone();
        let promise = future_to_promise(async move {
            let headers = match built.body {
                Some(_) => &session.post_headers,
                None => &session.get_headers,
            };
            let has_body = built.body.is_some();
            let mode = session
                .known_good
                .try_borrow()
                .map_or(CacheMode::Reload, |r| r.mode(&built.url, has_body));
            let result = match transport::send(&built, headers, &signal, mode).await {
                Ok(answer) => {
                    let judged = session.judge(&endpoint, answer.status, answer.json);
                    if let Ok(mut r) = session.known_good.try_borrow_mut() {
                        r.answered(&built.url, has_body, judged.is_ok());
                    }
                    judged
                }
                Err(()) => Err(Error::Network),
            };
            if let (Some(key), Ok(mut c)) = (&finish_key, session.cache.try_borrow_mut()) {
                c.finish(key, id, result.as_ref().ok().cloned());
            }
            result.map_err(error_to_js)
        });
        let flight = Rc::new(Flight {
            promise,
            controller,
            waiters: Cell::new(0),
        });
        if let (Some(key), Ok(mut c)) = (key, self.cache.try_borrow_mut()) {
            c.start(key, id, Rc::clone(&flight));
        }
        Ok((flight, id))
    }
}

/// The key of a product's lookup rules: id and (upper-case) country.
fn product_key(product_id: u64, country: &str) -> String {
    let mut key = String::new();
    crate::error::push_u64(&mut key, product_id);
    key.push(':');
    key.push_str(country);
    key
}

enum Joined {
    Answer(JsValue),
    Flight(Rc<Flight>, u32),
    None,
}
