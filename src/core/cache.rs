//! The per-session cache of successful answers and of requests still in flight, so
//! identical calls share one request. Generic, so it is tested natively.

/// Most successful answers kept per session; the oldest goes first.
pub const CAPACITY: usize = 32;

/// Answers (`V`) and in-flight requests (`F`) by request key.
#[derive(Debug)]
pub struct Cache<V, F> {
    done: Vec<(String, V)>,
    flights: Vec<(String, u32, F)>,
    next_id: u32,
    capacity: usize,
}

impl<V, F> Default for Cache<V, F> {
    fn default() -> Self {
        Self::with_capacity(CAPACITY)
    }
}

impl<V, F> Cache<V, F> {
    /// A cache that keeps at most `capacity` answers.
    pub fn with_capacity(capacity: usize) -> Self {
        Cache {
            done: Vec::new(),
            flights: Vec::new(),
            next_id: 0,
            capacity,
        }
    }
}

impl<V: Clone, F: Clone> Cache<V, F> {
    /// A cached answer for `key`.
    pub fn answer(&self, key: &str) -> Option<V> {
        self.done
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// The request in flight for `key`, if any, with its id.
    pub fn flight(&self, key: &str) -> Option<(F, u32)> {
        self.flights
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, id, f)| (f.clone(), *id))
    }

    /// A fresh flight id, which tells a flight apart from later ones for the same key.
    pub fn next_id(&mut self) -> u32 {
        self.next_id = self.next_id.wrapping_add(1);
        self.next_id
    }

    /// Records flight `id` for `key`.
    pub fn start(&mut self, key: String, id: u32, flight: F) {
        self.flights.push((key, id, flight));
    }

    /// Ends flight `id` (if it is still the one recorded) and keeps its answer, if any.
    pub fn finish(&mut self, key: &str, id: u32, answer: Option<V>) {
        self.flights.retain(|(k, i, _)| !(k == key && *i == id));
        if let Some(v) = answer {
            self.keep(key, v);
        }
    }

    /// Keeps `answer` for `key`, replacing an older one; the oldest goes at capacity.
    pub fn keep(&mut self, key: &str, answer: V) {
        self.done.retain(|(k, _)| k != key);
        if self.done.len() >= self.capacity {
            self.done.remove(0);
        }
        self.done.push((key.to_string(), answer));
    }

    /// Forgets every answer; flights go on.
    pub fn clear(&mut self) {
        self.done.clear();
    }

    /// Number of answers kept.
    pub fn len(&self) -> usize {
        self.done.len()
    }

    /// Whether no answer is kept.
    pub fn is_empty(&self) -> bool {
        self.done.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flights_are_shared_then_answers_kept() {
        let mut c: Cache<&str, u8> = Cache::default();
        assert_eq!(c.flight("k"), None);
        let id = c.next_id();
        c.start("k".into(), id, 7);
        assert_eq!(c.flight("k"), Some((7, id)));
        c.finish("k", id, Some("answer"));
        assert_eq!(c.flight("k"), None);
        assert_eq!(c.answer("k"), Some("answer"));
        c.clear();
        assert_eq!(c.answer("k"), None);
    }

    #[test]
    fn a_stale_flight_cannot_end_a_newer_one() {
        let mut c: Cache<&str, u8> = Cache::default();
        let old = c.next_id();
        c.start("k".into(), old, 1);
        c.finish("k", old, None);
        let new = c.next_id();
        c.start("k".into(), new, 2);
        c.finish("k", old, None);
        assert_eq!(c.flight("k"), Some((2, new)));
        c.finish("k", new, None);
        assert!(c.is_empty());
    }

    #[test]
    fn keep_replaces_and_respects_a_smaller_capacity() {
        let mut c: Cache<u8, ()> = Cache::with_capacity(2);
        c.keep("a", 1);
        c.keep("a", 2);
        c.keep("b", 3);
        c.keep("c", 4);
        assert_eq!(
            (c.len(), c.answer("a"), c.answer("b"), c.answer("c")),
            (2, None, Some(3), Some(4))
        );
    }

    #[test]
    fn capacity_evicts_oldest() {
        let mut c: Cache<usize, ()> = Cache::default();
        for i in 0..CAPACITY + 5 {
            let id = c.next_id();
            c.start(i.to_string(), id, ());
            c.finish(&i.to_string(), id, Some(i));
        }
        assert_eq!(c.len(), CAPACITY);
        assert_eq!(c.answer("0"), None);
        assert_eq!(c.answer(&(CAPACITY + 4).to_string()), Some(CAPACITY + 4));
    }
}
