//! A live session: the I/O around the core's sans-IO [`Session`]. It sends the requests
//! the core asks for, arms each call's deadline and signal, and performs the core's
//! actions (settle a caller, abort a request). Cached answers are kept as JSON text, so
//! every caller receives its own copy.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, JsString, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::AbortController;

use crate::core::details::SessionDetails;
use crate::core::error::Error;
use crate::core::product::{self, PaymentDetails};
use crate::core::request::{self, Built, PageInfo};
use crate::core::response;
use crate::core::rules;
use crate::core::session::{
    Action, CacheMode, FlightId, Outcome, Session, SessionOptions, Start, WaiterId,
};
use crate::core::validate::Lookup;
use crate::js::convert::{finish_product, CallOptions, JsMatcher};
use crate::js::guard;
use crate::js::transport::{self, Answer, Deadline, Either, Fired};

#[wasm_bindgen]
extern "C" {
    // `JSON.stringify` and `JSON.parse`, catching what a pathological value throws.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = stringify)]
    fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
}

/// Which endpoint a request is for, so its answer is judged and finished right.
enum Endpoint {
    CustomerDetails,
    Product { id: u64, country: String },
}

/// A caller waiting for the core to settle it.
struct Waiting {
    id: WaiterId,
    resolve: Function,
    reject: Function,
}

/// Everything a `connect` instance holds.
pub(crate) struct Client {
    /// The checked session details.
    pub details: SessionDetails,
    /// Headers of GET and POST requests, built once.
    get_headers: Object,
    post_headers: Object,
    /// The core; an answer is kept as a JS string of its JSON text.
    state: RefCell<Session<JsValue, JsValue>>,
    waiting: RefCell<Vec<Waiting>>,
    flights: RefCell<Vec<(FlightId, AbortController)>>,
}

impl Client {
    /// A session; the headers are built once here.
    pub fn new(details: SessionDetails, options: SessionOptions, page: &PageInfo) -> Client {
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
        Client {
            get_headers: transport::headers(&common),
            post_headers: transport::headers(&post),
            details,
            state: RefCell::new(Session::new(options)),
            waiting: RefCell::default(),
            flights: RefCell::default(),
        }
    }

    /// Forgets cached answers.
    pub fn clear_cache(&self) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.clear_cache();
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
        let known = self
            .state
            .try_borrow()
            .ok()
            .and_then(|s| s.rules(product_id, &lookup.country_code));
        if let Some(fields) = known {
            rules::unmask_lookup(&fields, &mut lookup.values);
            rules::check_lookup(&fields, &lookup.values, &JsMatcher)
                .map_err(|e| JsValue::from(Error::Input(e)))?;
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

    async fn call(
        self: Rc<Self>,
        built: Built,
        call: CallOptions,
        endpoint: Endpoint,
    ) -> Result<JsValue, JsValue> {
        if call.signal.as_ref().is_some_and(transport::is_aborted) {
            return Err(Error::Abort.into());
        }
        let key = request::cache_key(&built);
        let now = js_sys::Date::now() as u64;
        let start = match self.state.try_borrow_mut() {
            Ok(mut s) => s.start(key, now, call.timeout_ms),
            Err(_) => return Err(Error::Internal.into()),
        };
        let (waiter, deadline, send) = match start {
            Start::Hit(answer) => return Ok(copy(&answer)),
            Start::Wait {
                waiter,
                deadline,
                send,
            } => (waiter, deadline, send),
        };
        let settled = self.wait(waiter);
        if let Some((flight, mode)) = send {
            self.launch(flight, mode, built, endpoint);
        }
        let ms = deadline.saturating_sub(now).min(u64::from(u32::MAX)) as u32;
        let deadline_fired = Deadline::new(ms, call.signal);
        let raced = transport::first(JsFuture::from(settled.clone()), deadline_fired).await;
        match raced {
            Either::Left(result) => result,
            Either::Right(fired) => {
                let actions = match (fired, self.state.try_borrow_mut()) {
                    (Fired::Timeout, Ok(mut s)) => s.expire(deadline),
                    (Fired::Abort, Ok(mut s)) => s.abort(waiter),
                    // Never expected (nothing holds the state across an await); settle
                    // this caller directly rather than wait for a core that cannot run.
                    (Fired::Timeout, Err(_)) => return Err(Error::Timeout { ms }.into()),
                    (Fired::Abort, Err(_)) => return Err(Error::Abort.into()),
                };
                let own = actions.iter().find_map(|a| match a {
                    Action::Settle(w, Outcome::Timeout(ms)) if *w == waiter => {
                        Some(Error::Timeout { ms: *ms })
                    }
                    Action::Settle(w, Outcome::Aborted) if *w == waiter => Some(Error::Abort),
                    _ => None,
                });
                // Others the core settled too (earlier deadlines) hear about it now.
                self.perform(actions);
                match own {
                    Some(error) => Err(error.into()),
                    // The answer settled this caller first; its promise is already
                    // settled, so this does not wait.
                    None => JsFuture::from(settled).await,
                }
            }
        }
    }

    /// A promise the core's settle action resolves or rejects for `waiter`.
    fn wait(&self, waiter: WaiterId) -> Promise {
        let (promise, resolve, reject) = guard::deferred();
        if let Ok(mut w) = self.waiting.try_borrow_mut() {
            w.push(Waiting {
                id: waiter,
                resolve,
                reject,
            });
        }
        promise
    }

    /// Sends the request of `flight`; its answer, judged, goes to the core.
    fn launch(
        self: &Rc<Self>,
        flight: FlightId,
        mode: CacheMode,
        built: Built,
        endpoint: Endpoint,
    ) {
        let client = Rc::clone(self);
        spawn_local(async move {
            let (result, rejected) = match AbortController::new() {
                Ok(controller) => {
                    let signal = controller.signal();
                    if let Ok(mut f) = client.flights.try_borrow_mut() {
                        f.push((flight, controller));
                    }
                    let headers = match built.body {
                        Some(_) => &client.post_headers,
                        None => &client.get_headers,
                    };
                    let sent = transport::send(&built, headers, &signal, mode).await;
                    if let Ok(mut f) = client.flights.try_borrow_mut() {
                        f.retain(|(id, _)| *id != flight);
                    }
                    match sent {
                        Ok(answer) => client.judge(&endpoint, answer),
                        Err(()) => (Err(Error::Network.into()), false),
                    }
                }
                Err(_) => (Err(Error::Network.into()), false),
            };
            let actions = match client.state.try_borrow_mut() {
                Ok(mut s) => s.answered(flight, result, rejected),
                Err(_) => Vec::new(),
            };
            client.perform(actions);
        });
    }

    /// Judges an answer for `endpoint`: the answer to keep (JSON text), or the error and
    /// whether it was an HTTP answer the SDK rejected. A product is also finished and
    /// its lookup rules learnt.
    fn judge(&self, endpoint: &Endpoint, answer: Answer) -> (Result<JsValue, JsValue>, bool) {
        let Answer { status, json, text } = answer;
        let judged = match endpoint {
            // Customer details are kept as the body's own JSON text: nothing changes
            // them, and it parses to the same value, so no `JSON.stringify` is needed.
            Endpoint::CustomerDetails => response::customer_details(status, json).map(|_| text),
            Endpoint::Product { id, country } => {
                response::classify(status, json, product::check_body).map(|p| {
                    let fields = finish_product(&p, &self.details.asset_url);
                    if let Ok(mut s) = self.state.try_borrow_mut() {
                        s.learn(*id, country, product::lookup_rules(&fields));
                    }
                    // Kept as text when it can be; a value JSON.stringify refuses is
                    // kept as is.
                    json_stringify(&p)
                        .ok()
                        .filter(JsValue::is_string)
                        .unwrap_or(p)
                })
            }
        };
        match judged {
            Ok(v) => (Ok(v), false),
            Err(e) => {
                let rejected = !matches!(e, Error::Network);
                (Err(e.into()), rejected)
            }
        }
    }

    /// Performs the core's actions: settles callers, aborts requests nobody waits for.
    fn perform(&self, actions: Vec<Action<JsValue, JsValue>>) {
        for action in actions {
            match action {
                Action::Abort(flight) => {
                    let controller = self.flights.try_borrow_mut().ok().and_then(|mut f| {
                        let at = f.iter().position(|(id, _)| *id == flight)?;
                        Some(f.remove(at).1)
                    });
                    if let Some(c) = controller {
                        c.abort();
                    }
                }
                Action::Settle(waiter, outcome) => {
                    let entry = self.waiting.try_borrow_mut().ok().and_then(|mut w| {
                        let at = w.iter().position(|x| x.id == waiter)?;
                        Some(w.remove(at))
                    });
                    let Some(entry) = entry else { continue };
                    let (settle, value) = match outcome {
                        Outcome::Answer(answer) => (&entry.resolve, copy(&answer)),
                        Outcome::Failed(error) => (&entry.reject, error),
                        Outcome::Timeout(ms) => (&entry.reject, Error::Timeout { ms }.into()),
                        Outcome::Aborted => (&entry.reject, Error::Abort.into()),
                    };
                    let _ = settle.call1(&JsValue::UNDEFINED, &value);
                }
            }
        }
    }
}

/// A caller's own copy of a kept answer: parsed afresh from its JSON text.
fn copy(answer: &JsValue) -> JsValue {
    match answer.dyn_ref::<JsString>() {
        Some(text) => json_parse(text).unwrap_or_else(|_| answer.clone()),
        None => answer.clone(),
    }
}
