//! Which requests must bypass the browser's HTTP cache. Requests use the browser's default
//! cache mode, so that its CORS preflight cache spares a preflight per call (`no-store`
//! would disable it). An answer the SDK rejected may have been stored by the HTTP cache,
//! though (a `410`, a `301` or a `300` is cacheable without any header), so the next request
//! for that URL is sent with `cache: "reload"`, which skips the stored answer and replaces it.
//! Pure logic, tested natively; the transport only sets the mode.

/// Most rejected URLs a session remembers; the oldest is forgotten first.
pub const CAPACITY: usize = 32;

/// How a request may use the browser's HTTP cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheMode {
    /// The browser's default: stored answers by HTTP rules, preflights cached.
    Default,
    /// Go to the network and store the new answer (`cache: "reload"`).
    Reload,
}

/// The URLs of GET requests whose last answer the SDK rejected. Requests with a body
/// (POST) are never answered from the HTTP cache, so they are never remembered.
#[derive(Debug)]
pub struct Rejected {
    urls: Vec<String>,
    capacity: usize,
}

impl Default for Rejected {
    fn default() -> Self {
        Self::with_capacity(CAPACITY)
    }
}

impl Rejected {
    /// Remembers at most `capacity` URLs.
    pub fn with_capacity(capacity: usize) -> Self {
        Rejected {
            urls: Vec::new(),
            capacity,
        }
    }

    /// The cache mode of a request for `url` (`has_body`: a POST).
    pub fn mode(&self, url: &str, has_body: bool) -> CacheMode {
        if !has_body && self.urls.iter().any(|u| u == url) {
            CacheMode::Reload
        } else {
            CacheMode::Default
        }
    }

    /// Records what the SDK made of an HTTP answer to a request for `url`: a rejected one
    /// makes the next request for it reload; an accepted one (which replaced any stored
    /// answer) ends that. A request that got no answer at all is not recorded.
    pub fn answered(&mut self, url: &str, has_body: bool, accepted: bool) {
        if has_body {
            return;
        }
        self.urls.retain(|u| u != url);
        if !accepted && self.capacity > 0 {
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
    fn a_rejected_get_reloads_until_an_answer_is_accepted() {
        let mut r = Rejected::default();
        let (a, b) = ("https://api/client/v1/c/products/9000?x=1", "https://api/b");
        // (step, url, answer accepted?, mode of the next request for a, for b)
        let steps = [
            (a, true, Normal, Normal),
            (a, false, Reload, Normal),
            (b, false, Reload, Reload),
            (a, false, Reload, Reload),
            (a, true, Normal, Reload),
            (b, true, Normal, Normal),
        ];
        for (i, (url, accepted, mode_a, mode_b)) in steps.into_iter().enumerate() {
            r.answered(url, false, accepted);
            assert_eq!(
                (r.mode(a, false), r.mode(b, false)),
                (mode_a, mode_b),
                "step {i}"
            );
        }
        assert!(r.is_empty());
    }

    #[test]
    fn requests_with_a_body_never_reload() {
        let mut r = Rejected::default();
        r.answered("u", true, false);
        assert_eq!(
            (r.mode("u", true), r.mode("u", false), r.len()),
            (Normal, Normal, 0)
        );
        // A GET of the same URL marked: a POST to it still uses the default mode.
        r.answered("u", false, false);
        assert_eq!((r.mode("u", true), r.mode("u", false)), (Normal, Reload));
    }

    #[test]
    fn bounded_oldest_forgotten_first() {
        let mut r = Rejected::with_capacity(2);
        for u in ["a", "b", "a", "c"] {
            r.answered(u, false, false);
        }
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r.mode("a", false), r.mode("b", false), r.mode("c", false)),
            (Reload, Normal, Reload)
        );
        let mut none = Rejected::with_capacity(0);
        none.answered("a", false, false);
        assert!(none.is_empty());
    }
}
