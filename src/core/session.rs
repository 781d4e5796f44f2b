//! The sans-IO session: cache, in-flight sharing, waiter counting, deadlines, which
//! requests may use the browser's HTTP cache ([`crate::core::reload`]), and the lookup
//! rules learnt from products. It is
//! plain state driven by events (a call starts, an answer arrives, time passes, a
//! signal aborts); each event returns the [`Action`]s the I/O layer must perform. Time
//! is a number of milliseconds the caller supplies, so tests drive it with a fake clock.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::core::cache::Cache;
use crate::core::error::push_u64;
pub use crate::core::reload::CacheMode;
use crate::core::reload::KnownGood;
use crate::core::request::has_body;
use crate::core::rules::FieldRules;

/// Default per-call timeout, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
/// Most products whose lookup rules a session remembers.
pub const MAX_PRODUCTS: usize = 16;

/// Session-wide settings (the `options` of `new connect`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct SessionOptions {
    /// Deadline of every call, in ms (default 10000).
    #[cfg_attr(test, ts(as = "Option<u32>", optional))]
    pub timeout_ms: u32,
    /// Cache successful answers and merge identical calls in flight (default true).
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub cache: bool,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            cache: true,
        }
    }
}

/// One request the I/O layer sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct FlightId(u32);

/// One caller waiting for an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct WaiterId(u32);

impl WaiterId {
    /// The id as a number, unique among the session's waiters; never 0.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// What to do for a call that starts.
#[derive(Debug, Clone, PartialEq)]
pub enum Start<V> {
    /// A cached answer; nothing to send, nothing to wait for.
    Hit(V),
    /// Wait as `waiter`; when `send` is set, send that new request first.
    Wait {
        /// The caller's id, for [`Session::expire`], [`Session::abort`] and the
        /// settling [`Action`].
        waiter: WaiterId,
        /// When the deadline is reached, in the caller's clock.
        deadline: u64,
        /// A new request to send, or `None` when the call joined one in flight.
        send: Option<(FlightId, CacheMode)>,
    },
}

/// How a waiter's call ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<V, E> {
    /// The request's answer, accepted.
    Answer(V),
    /// The request failed (rejected answer, network error).
    Failed(E),
    /// The waiter's deadline passed; it was this many milliseconds.
    Timeout(u32),
    /// The waiter's signal aborted.
    Aborted,
}

/// What the I/O layer must do after an event.
#[derive(Debug, Clone, PartialEq)]
pub enum Action<V, E> {
    /// Settle this waiter's call.
    Settle(WaiterId, Outcome<V, E>),
    /// Abort this request: nobody waits for it any more.
    Abort(FlightId),
}

struct Flight {
    id: FlightId,
    key: String,
}

struct Waiter {
    id: WaiterId,
    flight: FlightId,
    deadline: u64,
    timeout_ms: u32,
}

/// A session's state. `V` is an accepted answer as kept in the cache (each waiter gets
/// its own copy made from it), `E` a failure.
pub struct Session<V, E> {
    options: SessionOptions,
    answers: Cache<V>,
    flights: Vec<Flight>,
    waiters: Vec<Waiter>,
    known_good: KnownGood,
    rules: Cache<Rc<Vec<FieldRules>>>,
    next_id: u32,
    _failure: std::marker::PhantomData<E>,
}

impl<V: Clone, E: Clone> Session<V, E> {
    /// A session with nothing cached.
    pub fn new(options: SessionOptions) -> Self {
        Session {
            options,
            answers: Cache::default(),
            flights: Vec::new(),
            waiters: Vec::new(),
            known_good: KnownGood::default(),
            rules: Cache::with_capacity(MAX_PRODUCTS),
            next_id: 0,
            _failure: std::marker::PhantomData,
        }
    }

    /// The next id, never 0 (after 2^32 - 1 ids it wraps to 1).
    fn next(&mut self) -> u32 {
        self.next_id = self.next_id.checked_add(1).unwrap_or(1);
        self.next_id
    }

    /// A call for the request `key` starts at `now`, with `timeout_ms` (the session's
    /// when `None`).
    pub fn start(&mut self, key: String, now: u64, timeout_ms: Option<u32>) -> Start<V> {
        let shared = self.options.cache;
        if shared {
            if let Some(v) = self.answers.answer(&key) {
                return Start::Hit(v);
            }
        }
        let joined = self
            .flights
            .iter()
            .find(|f| shared && f.key == key)
            .map(|f| f.id);
        let (flight, send) = match joined {
            Some(id) => (id, None),
            None => {
                let id = FlightId(self.next());
                let mode = self.known_good.mode(&key, has_body(&key));
                self.flights.push(Flight { id, key });
                (id, Some((id, mode)))
            }
        };
        let timeout_ms = timeout_ms.unwrap_or(self.options.timeout_ms);
        let deadline = now.saturating_add(u64::from(timeout_ms));
        let waiter = WaiterId(self.next());
        self.waiters.push(Waiter {
            id: waiter,
            flight,
            deadline,
            timeout_ms,
        });
        Start::Wait {
            waiter,
            deadline,
            send,
        }
    }

    /// The answer of `flight` arrived: every waiter of it settles with it. `rejected`
    /// says the answer was an HTTP answer the SDK rejected (so the next identical GET
    /// skips the browser's cache, as it does until an answer is accepted); a failure
    /// without an answer (network) leaves that as it was. An unknown flight (aborted earlier) settles nobody.
    pub fn answered(
        &mut self,
        flight: FlightId,
        result: Result<V, E>,
        rejected: bool,
    ) -> Vec<Action<V, E>> {
        let Some(at) = self.flights.iter().position(|f| f.id == flight) else {
            return Vec::new();
        };
        let f = self.flights.remove(at);
        match &result {
            Ok(v) => {
                self.known_good.answered(&f.key, has_body(&f.key), true);
                if self.options.cache {
                    self.answers.keep(&f.key, v.clone());
                }
            }
            Err(_) if rejected => self.known_good.answered(&f.key, has_body(&f.key), false),
            Err(_) => {}
        }
        let mut actions = Vec::new();
        // In order, with `remove` (shared with `leave`) rather than a `retain` of its own.
        let mut i = 0;
        while let Some(w) = self.waiters.get(i) {
            if w.flight != flight {
                i += 1;
                continue;
            }
            let w = self.waiters.remove(i);
            let outcome = match &result {
                Ok(v) => Outcome::Answer(v.clone()),
                Err(e) => Outcome::Failed(e.clone()),
            };
            actions.push(Action::Settle(w.id, outcome));
        }
        actions
    }

    /// Time is `now`: every waiter whose deadline passed settles with a timeout, and
    /// every request left without waiters is aborted.
    pub fn expire(&mut self, now: u64) -> Vec<Action<V, E>> {
        let due: Vec<WaiterId> = self
            .waiters
            .iter()
            .filter(|w| w.deadline <= now)
            .map(|w| w.id)
            .collect();
        let mut actions = Vec::new();
        for id in due {
            actions.extend(self.leave(id, |w| Outcome::Timeout(w.timeout_ms)));
        }
        actions
    }

    /// `waiter`'s signal aborted: it settles as aborted, and its request is aborted if
    /// nobody else waits for it.
    pub fn abort(&mut self, waiter: WaiterId) -> Vec<Action<V, E>> {
        self.leave(waiter, |_| Outcome::Aborted)
    }

    fn leave(&mut self, id: WaiterId, outcome: fn(&Waiter) -> Outcome<V, E>) -> Vec<Action<V, E>> {
        let Some(at) = self.waiters.iter().position(|w| w.id == id) else {
            return Vec::new();
        };
        let w = self.waiters.remove(at);
        let mut actions = vec![Action::Settle(id, outcome(&w))];
        if !self.waiters.iter().any(|o| o.flight == w.flight) {
            if let Some(at) = self.flights.iter().position(|f| f.id == w.flight) {
                self.flights.remove(at);
            }
            actions.push(Action::Abort(w.flight));
        }
        actions
    }

    /// The earliest deadline of a waiting call.
    pub fn next_deadline(&self) -> Option<u64> {
        self.waiters.iter().map(|w| w.deadline).min()
    }

    /// How many callers wait for `flight`.
    pub fn waiting(&self, flight: FlightId) -> usize {
        self.waiters.iter().filter(|w| w.flight == flight).count()
    }

    /// Forgets every cached answer; requests in flight go on.
    pub fn clear_cache(&mut self) {
        self.answers.clear();
    }

    /// The lookup rules learnt for a product in a country.
    pub fn rules(&self, product_id: u64, country: &str) -> Option<Rc<Vec<FieldRules>>> {
        self.rules.answer(&product_key(product_id, country))
    }

    /// Learns the lookup rules of a product in a country, from a product just
    /// accepted; `None` (fields absent or unreadable) learns nothing, so the server
    /// keeps judging lookups (bug E).
    pub fn learn(&mut self, product_id: u64, country: &str, rules: Option<Vec<FieldRules>>) {
        if let Some(rules) = rules {
            self.rules
                .keep(&product_key(product_id, country), Rc::new(rules));
        }
    }
}

/// The key of a product's lookup rules: id and (upper-case) country.
fn product_key(product_id: u64, country: &str) -> String {
    let mut key = String::new();
    push_u64(&mut key, product_id);
    key.push(':');
    key.push_str(country);
    key
}

#[cfg(test)]
mod tests;
