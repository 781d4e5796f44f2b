//! The per-session cache of successful answers, oldest out first at capacity. Generic,
//! so it is tested natively.

/// Most successful answers kept per session; the oldest goes first.
pub const CAPACITY: usize = 32;

/// Answers (`V`) by request key.
#[derive(Debug)]
pub struct Cache<V> {
    done: Vec<(String, V)>,
    capacity: usize,
}

impl<V> Default for Cache<V> {
    fn default() -> Self {
        Self::with_capacity(CAPACITY)
    }
}

impl<V> Cache<V> {
    /// A cache that keeps at most `capacity` answers.
    pub fn with_capacity(capacity: usize) -> Self {
        Cache {
            done: Vec::new(),
            capacity,
        }
    }
}

impl<V: Clone> Cache<V> {
    /// A cached answer for `key`.
    pub fn answer(&self, key: &str) -> Option<V> {
        self.done
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// Keeps `answer` for `key`, replacing an older one; the oldest goes at capacity.
    pub fn keep(&mut self, key: &str, answer: V) {
        // Keys are unique: `position` and `remove` (cheaper in wasm than a `retain` of its own).
        if let Some(at) = self.done.iter().position(|(k, _)| k == key) {
            self.done.remove(at);
        }
        if self.done.len() >= self.capacity {
            self.done.remove(0);
        }
        self.done.push((key.to_string(), answer));
    }

    /// Forgets every answer.
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
    fn answers_kept_then_cleared() {
        let mut c: Cache<&str> = Cache::default();
        c.keep("k", "answer");
        assert_eq!(c.answer("k"), Some("answer"));
        c.clear();
        assert_eq!(c.answer("k"), None);
    }

    #[test]
    fn keep_replaces_and_respects_a_smaller_capacity() {
        let mut c: Cache<u8> = Cache::with_capacity(2);
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
        let mut c: Cache<usize> = Cache::default();
        for i in 0..CAPACITY + 5 {
            c.keep(&i.to_string(), i);
        }
        assert_eq!(c.len(), CAPACITY);
        assert_eq!(c.answer("0"), None);
        assert_eq!(c.answer(&(CAPACITY + 4).to_string()), Some(CAPACITY + 4));
    }
}
