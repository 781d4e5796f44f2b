//! Shared server state: sessions, their fault queues and recorded requests.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;

use crate::faults::Fault;

/// How many recorded requests a session keeps (its `count` is still the true total).
pub const MAX_RECORDED: usize = 100;

pub type SharedState = Arc<AppState>;

pub struct AppState {
    /// The port the server listens on (0 when the router is driven in-process).
    pub port: u16,
    sessions: Mutex<HashMap<String, Session>>,
    counter: AtomicU64,
}

pub struct Session {
    pub client_session_id: String,
    pub faults: VecDeque<Fault>,
    pub count: u64,
    /// CORS preflights (`OPTIONS`) received for this customer's Client API paths.
    pub preflights: u64,
    pub requests: VecDeque<Recorded>,
}

/// One API request as the server saw it.
#[derive(Clone, Serialize)]
pub struct Recorded {
    pub method: String,
    /// Raw path, still percent-encoded, without the query.
    pub path: String,
    /// Raw query string, or null.
    pub query: Option<String>,
    /// Lowercased header name -> value (repeated headers joined with ", ").
    pub headers: serde_json::Map<String, serde_json::Value>,
    /// Request body as text (lossy UTF-8).
    pub body: String,
}

impl AppState {
    pub fn new(port: u16) -> SharedState {
        Arc::new(AppState {
            port,
            sessions: Mutex::new(HashMap::new()),
            counter: AtomicU64::new(0),
        })
    }

    /// Locks the session table; a panic elsewhere never makes it unusable.
    pub fn sessions(&self) -> MutexGuard<'_, HashMap<String, Session>> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A process-wide increasing number (error ids, request ids, generated ids).
    pub fn next_counter(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// 16 random-ish hex characters, unique per call.
    pub fn random_hex16(&self) -> String {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(self.next_counter());
        if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            h.write_u128(d.as_nanos());
        }
        format!("{:016x}", h.finish())
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Session {
    pub fn new(client_session_id: String) -> Self {
        Session {
            client_session_id,
            faults: VecDeque::new(),
            count: 0,
            preflights: 0,
            requests: VecDeque::new(),
        }
    }

    /// The first queued fault that applies to a request (`when` absent, or found in
    /// `target`: the raw path, `?`, the raw query, a newline and the body), removed.
    pub fn take_fault(&mut self, target: &str) -> Option<Fault> {
        let i = self.faults.iter().position(|f| f.applies_to(target))?;
        self.faults.remove(i)
    }

    pub fn record(&mut self, r: Recorded) {
        self.count += 1;
        if self.requests.len() >= MAX_RECORDED {
            self.requests.pop_front();
        }
        self.requests.push_back(r);
    }
}
