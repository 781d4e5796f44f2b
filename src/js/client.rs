//! A live session: the I/O around the core's sans-IO [`Session`]. It sends the requests
//! the core asks for, arms the session's deadline timer and each caller's abort listener,
//! and performs the core's actions (settle a caller, abort a request). A call is one
//! promise that those actions settle; the timer and the listeners call handlers made
//! once per session. Cached answers are kept as JSON text, so every caller receives its
//! own copy.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use js_sys::{Function, JsString, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{AbortController, AbortSignal};

use crate::core::details::SessionDetails;
use crate::core::error::Error;
use crate::core::product::{self, PaymentDetails};
use crate::core::request::{self, Built};
use crate::core::response;
use crate::core::rules;
use crate::core::session::{
    Action, CacheMode, FlightId, Outcome, Session, SessionOptions, Start, WaiterId,
};
use crate::core::validate::Lookup;
use crate::js::convert::{finish_product, is_aborted, page_info, CallOptions, JsMatcher};
use crate::js::guard;
use crate::js::transport::{self, json_parse, Answer};

#[wasm_bindgen]
extern "C" {
    // `JSON.stringify`, catching what a pathological value throws.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = stringify)]
    fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// What the timer calls the session's handler with (waiter ids are never 0).
const TIMER: u32 = 0;

/// Which endpoint a request is for, so its answer is judged and finished right.
enum Endpoint {
    CustomerDetails,
    Product { id: u64, country: String },
}

/// A caller waiting for the core to settle it: its promise's functions and its abort
/// listener.
struct Waiting {
    /// Its id in the core; its abort listener is called with `id.get()`.
    id: WaiterId,
    resolve: Function,
    reject: Function,
    /// Its reject function's registration with the panic guard.
    guarded: u32,
    abort: Option<(AbortSignal, Function)>,
    /// What the caller receives of an answer.
    then: fn(JsValue) -> JsValue,
}

/// What a session makes for its first call: the headers of requests without and with a
/// body, and the session's one handler, no Rust closure per call: the timer calls it with
/// 0 (`TIMER`), every caller's abort listener with its waiter id (never 0).
struct Io {
    headers: [Object; 2],
    on_event: Closure<dyn Fn(u32)>,
}

/// Everything a `connect` instance holds.
pub(crate) struct Client {
    /// The checked session details.
    pub details: SessionDetails,
    /// The headers and the handler, made by the first call (not by the constructor: a
    /// page's start-up need not wait for them).
    io: OnceCell<Io>,
    /// The core; an answer is kept as a JS string of its JSON text.
    state: RefCell<Session<JsValue, JsValue>>,
    waiting: RefCell<Vec<Waiting>>,
    flights: RefCell<Vec<(FlightId, AbortController)>>,
    /// The session's one timer, armed for the earliest deadline of a waiting caller (or
    /// earlier: a caller settled before it), and when.
    armed: RefCell<Option<(u64, JsValue)>>,
    /// The session itself while callers wait or the timer is armed, so that the
    /// handlers outlive a `connect` the page dropped.
    keep: RefCell<Option<Rc<Client>>>,
}

impl Client {
    /// A session. Its headers and its handler are made when first needed, so that the
    /// constructor does only what it must: check the details.
    pub fn new(details: SessionDetails, options: SessionOptions) -> Rc<Client> {
        Rc::new(Client {
            details,
            io: OnceCell::new(),
            state: RefCell::new(Session::new(options)),
            waiting: RefCell::default(),
            flights: RefCell::default(),
            armed: RefCell::default(),
            keep: RefCell::default(),
        })
    }

    /// The headers and the handler, made once.
    fn io(self: &Rc<Self>) -> &Io {
        self.io.get_or_init(|| {
            let authorization = request::authorization(&self.details.client_session_id);
            let meta_info = request::meta_info(&page_info());
            let common = [
                ("Authorization", authorization.as_str()),
                ("Accept", "application/json"),
                ("X-GCS-ClientMetaInfo", meta_info.as_str()),
            ];
            let mut with_body = common.to_vec();
            // Only requests with a body carry a Content-Type.
            with_body.push(("Content-Type", "application/json"));
            let me = Rc::downgrade(self);
            Io {
                headers: [transport::headers(&common), transport::headers(&with_body)],
                on_event: Closure::new(move |id| {
                    if let Some(client) = me.upgrade() {
                        match id {
                            TIMER => client.expired(),
                            _ => client.aborted(id),
                        }
                    }
                }),
            }
        })
    }

    /// The session's handler.
    fn handler(self: &Rc<Self>) -> &Function {
        self.io().on_event.as_ref().unchecked_ref()
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
    pub fn customer_details(
        self: &Rc<Self>,
        product_id: u64,
        mut lookup: Lookup,
        call: CallOptions,
    ) -> Promise {
        let known = self
            .state
            .try_borrow()
            .ok()
            .and_then(|s| s.rules(product_id, &lookup.country_code));
        if let Some(fields) = known {
            rules::unmask_lookup(&fields, &mut lookup.values);
            if let Err(e) = rules::check_lookup(&fields, &lookup.values, &JsMatcher) {
                return rejected(Error::Input(e));
            }
        }
        let built = request::customer_details(
            &self.details.client_api_url,
            &self.details.customer_id,
            product_id,
            &lookup,
        );
        self.call(built, call, Endpoint::CustomerDetails, same)
    }

    /// `getPaymentProduct` after its input checks; the caller receives `then` of the
    /// product.
    pub fn payment_product(
        self: &Rc<Self>,
        product_id: u64,
        details: PaymentDetails,
        call: CallOptions,
        then: fn(JsValue) -> JsValue,
    ) -> Promise {
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
        self.call(built, call, endpoint, then)
    }

    /// Starts a call: one promise, settled by the core's actions (an answer, a failure,
    /// the caller's deadline or abort signal).
    fn call(
        self: &Rc<Self>,
        built: Built,
        call: CallOptions,
        endpoint: Endpoint,
        then: fn(JsValue) -> JsValue,
    ) -> Promise {
        if call.signal.as_ref().is_some_and(is_aborted) {
            return rejected(Error::Abort);
        }
        let cache_key = request::cache_key(&built);
        let now = js_sys::Date::now() as u64;
        let start = match self.state.try_borrow_mut() {
            Ok(mut s) => s.start(cache_key, now, call.timeout_ms),
            Err(_) => return rejected(Error::Internal),
        };
        let (id, deadline, send) = match start {
            Start::Hit(answer) => return Promise::resolve(&then(copy(&answer))),
            Start::Wait {
                waiter,
                deadline,
                send,
            } => (waiter, deadline, send),
        };
        let (promise, resolve, reject) = guard::deferred();
        let abort = call.signal.map(|signal| {
            let listener: Function = self
                .handler()
                .bind1(&JsValue::NULL, &JsValue::from(id.get()))
                .unchecked_into();
            let _ = signal.add_event_listener_with_callback("abort", &listener);
            (signal, listener)
        });
        let entry = Waiting {
            id,
            guarded: guard::track(&reject),
            resolve,
            reject,
            abort,
            then,
        };
        match (self.waiting.try_borrow_mut(), self.keep.try_borrow_mut()) {
            (Ok(mut w), Ok(mut keep)) => {
                w.push(entry);
                if keep.is_none() {
                    *keep = Some(Rc::clone(self));
                }
            }
            // Never expected (nothing holds these across a call).
            _ => {
                self.release(entry);
                return rejected(Error::Internal);
            }
        }
        self.arm(deadline, now);
        if let Some((flight, mode)) = send {
            self.launch(flight, mode, built, endpoint);
        }
        promise
    }

    /// Arms the session's timer for `deadline`, unless it is armed for then or earlier
    /// (when it fires, it is armed again for the core's next deadline).
    fn arm(self: &Rc<Self>, deadline: u64, now: u64) {
        let Ok(mut armed) = self.armed.try_borrow_mut() else {
            return;
        };
        match armed.take() {
            Some((at, timer)) if at <= deadline => {
                *armed = Some((at, timer));
                return;
            }
            Some((_, timer)) => transport::clear_timeout(&timer),
            None => {}
        }
        let ms = deadline.saturating_sub(now).min(u64::from(u32::MAX)) as u32;
        let handler = self.handler();
        *armed = Some((
            deadline,
            transport::set_timeout(handler, ms, &JsValue::from(TIMER)),
        ));
    }

    /// The timer fired: callers whose deadline passed time out (the core says whom),
    /// and the timer is armed for the next deadline.
    fn expired(self: &Rc<Self>) {
        if let Ok(mut armed) = self.armed.try_borrow_mut() {
            *armed = None;
        }
        let now = js_sys::Date::now() as u64;
        let actions = match self.state.try_borrow_mut() {
            Ok(mut s) => s.expire(now),
            Err(_) => Vec::new(),
        };
        self.perform(actions);
        // (Never expected: a core that cannot be read now is asked again in 1 ms.)
        let next = match self.state.try_borrow() {
            Ok(s) => s.next_deadline(),
            Err(_) => Some(now + 1),
        };
        if let Some(deadline) = next {
            self.arm(deadline, now);
        }
    }

    /// A caller's signal aborted: the core settles it, and aborts its request if nobody
    /// else waits for it.
    fn aborted(&self, id: u32) {
        let waiter = self
            .waiting
            .try_borrow()
            .ok()
            .and_then(|w| Some(w.iter().find(|x| x.id.get() == id)?.id));
        let Some(waiter) = waiter else {
            return;
        };
        let actions = match self.state.try_borrow_mut() {
            Ok(mut s) => s.abort(waiter),
            // Never expected (nothing holds the state across a call); settle this caller
            // directly rather than wait for a core that cannot run.
            Err(_) => vec![Action::Settle(waiter, Outcome::Aborted)],
        };
        self.perform(actions);
    }

    /// Stops a caller's abort listener, and its panic-guard registration.
    fn release(&self, entry: Waiting) -> Waiting {
        if let Some((signal, listener)) = &entry.abort {
            let _ = signal.remove_event_listener_with_callback("abort", listener);
        }
        guard::untrack(entry.guarded);
        entry
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
                    let [get, with_body] = &client.io().headers;
                    let headers = if built.body.is_some() { with_body } else { get };
                    let sent = transport::send(&built, headers, &signal, mode).await;
                    client.take_flight(flight);
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

    /// Forgets the request of `flight`, handing back its controller.
    fn take_flight(&self, flight: FlightId) -> Option<AbortController> {
        let mut f = self.flights.try_borrow_mut().ok()?;
        let at = f.iter().position(|(id, _)| *id == flight)?;
        Some(f.remove(at).1)
    }

    /// Performs the core's actions: settles callers, aborts requests nobody waits for.
    fn perform(&self, actions: Vec<Action<JsValue, JsValue>>) {
        for action in actions {
            match action {
                Action::Abort(flight) => {
                    if let Some(c) = self.take_flight(flight) {
                        c.abort();
                    }
                }
                Action::Settle(waiter, outcome) => {
                    let entry = self.waiting.try_borrow_mut().ok().and_then(|mut w| {
                        let at = w.iter().position(|x| x.id == waiter)?;
                        Some(w.remove(at))
                    });
                    let Some(entry) = entry else { continue };
                    let entry = self.release(entry);
                    let (settle, value) = match outcome {
                        Outcome::Answer(answer) => (&entry.resolve, (entry.then)(copy(&answer))),
                        Outcome::Failed(error) => (&entry.reject, error),
                        Outcome::Timeout(ms) => (&entry.reject, Error::Timeout { ms }.into()),
                        Outcome::Aborted => (&entry.reject, Error::Abort.into()),
                    };
                    let _ = settle.call1(&JsValue::UNDEFINED, &value);
                }
            }
        }
        self.release_if_idle();
    }

    /// With no caller waiting and no timer armed, the session no longer keeps itself
    /// (every caller of this holds its own reference, so this never drops it here).
    fn release_if_idle(&self) {
        let idle = self.waiting.try_borrow().is_ok_and(|w| w.is_empty())
            && self.armed.try_borrow().is_ok_and(|a| a.is_none());
        let kept = match self.keep.try_borrow_mut() {
            Ok(mut keep) if idle => keep.take(),
            _ => None,
        };
        drop(kept);
    }
}

/// A promise rejected with `error`.
pub(crate) fn rejected(error: Error<JsValue>) -> Promise {
    Promise::reject(&error.into())
}

/// The answer itself, for callers that receive all of it.
fn same(value: JsValue) -> JsValue {
    value
}

/// A caller's own copy of a kept answer: parsed afresh from its JSON text.
fn copy(answer: &JsValue) -> JsValue {
    match answer.dyn_ref::<JsString>() {
        Some(text) => json_parse(text).unwrap_or_else(|_| answer.clone()),
        None => answer.clone(),
    }
}
