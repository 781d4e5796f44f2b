//! Which requests must bypass the browser's HTTP cache. Requests use the browser's default
//! cache mode where they can, so that its CORS preflight cache spares a preflight per call
//! (`no-store`, `no-cache` and `reload` all make Chromium skip that cache). But the HTTP
//! cache may hold an answer the SDK rejected, from this page or an earlier one: a `300`,
//! `301`, `308` or `410` is stored without any header. So a GET is sent in the default mode
//! only when the last answer this session got for its URL was one the SDK accepted;
//! otherwise (the first time, or after a rejected answer) it is sent with
//! `cache: "reload"`, which skips any stored answer and replaces it. A rejected answer is
//! thus never replayed. Pure logic, tested natively; the transport only sets the mode.

/// Most URLs a session remembers; forgetting one only costs a reload.
pub const CAPACITY: usize = 32;

/// How a request may use the browser's HTTP cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheMode {
    /// The browser's default: stored answers by HTTP rules, preflights cached.
    Default,
    /// Go to the network and store the new answer (`cache: "reload"`).
    Reload,
}

/// The GET URLs whose last answer in this session the SDK accepted. Requests with a body
/// (POST) are never answered from the HTTP cache, so they always use the default mode.
#[derive(Debug)]
pub struct KnownGood {
    urls: Vec<String>,
    capacity: usize,
}

impl Default for KnownGood {
    fn default() -> Self {
        Self::with_capacity(CAPACITY)
    }
}

impl KnownGood {
    /// Remembers at most `capacity` URLs.
    pub fn with_capacity(capacity: usize) -> Self {
        KnownGood {
            urls: Vec::new(),
            capacity,
        }
    }

    /// The cache mode of a request for `url` (`has_body`: a POST).
    pub fn mode(&self, url: &str, has_body: bool) -> CacheMode {
        if has_body || self.urls.iter().any(|u| u == url) {
            CacheMode::Default
        } else {
            CacheMode::Reload
        }
    }

    /// Records what the SDK made of an HTTP answer to a request for `url`: an accepted
    /// one lets the next request use the default mode; a rejected one makes it reload. A
    /// request that got no answer at all is not recorded.
    pub fn answered(&mut self, url: &str, has_body: bool, accepted: bool) {
        if has_body {
            return;
        }
        if let Some(at) = self.urls.iter().position(|u| u == url) {
            self.urls.remove(at);
        }
        if accepted && self.capacity > 0 {
            if self.urls.len() >= self.capacity {
                self.urls.remove(0);
            }
            self.urls.push(url.to_string());
        }
    }

    /// Number of URLs remembered.
    pub fn len(&self) -> usize {
        self.urls.len()
    }

    /// Whether no URL is remembered.
    pub fn is_empty(&self) -> bool {
        self.urls.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CacheMode::{Default as Normal, Reload};

    #[test]
    fn a_get_uses_the_http_cache_only_after_an_accepted_answer() {
        let mut r = KnownGood::default();
        let (a, b) = ("https://api/client/v1/c/products/9000?x=1", "https://api/b");
        assert_eq!((r.mode(a, false), r.mode(b, false)), (Reload, Reload));
        // (url answered, accepted?, then the mode of the next request for a, for b)
        let steps = [
            (a, true, Normal, Reload),
            (b, true, Normal, Normal),
            (a, false, Reload, Normal),
            (a, false, Reload, Normal),
            (a, true, Normal, Normal),
            (b, false, Normal, Reload),
        ];
        for (i, (url, accepted, mode_a, mode_b)) in steps.into_iter().enumerate() {
            r.answered(url, false, accepted);
            assert_eq!(
                (r.mode(a, false), r.mode(b, false)),
                (mode_a, mode_b),
                "step {i}"
            );
        }
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn requests_with_a_body_always_use_the_default_mode() {
        let mut r = KnownGood::default();
        assert_eq!(r.mode("u", true), Normal);
        r.answered("u", true, true);
        assert_eq!((r.mode("u", false), r.len()), (Reload, 0));
        r.answered("u", true, false);
        assert_eq!(r.mode("u", true), Normal);
    }

    #[test]
    fn bounded_and_forgetting_only_costs_a_reload() {
        let mut r = KnownGood::with_capacity(2);
        for u in ["a", "b", "a", "c"] {
            r.answered(u, false, true);
        }
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r.mode("a", false), r.mode("b", false), r.mode("c", false)),
            (Normal, Reload, Normal)
        );
        let mut none = KnownGood::with_capacity(0);
        none.answered("a", false, true);
        assert!(none.is_empty());
        assert_eq!(none.mode("a", false), Reload);
    }
}
