//! Session details: the four strings from Create Session, checked and normalised.

use serde::{Deserialize, Serialize};

use crate::core::error::{rule, InputError};
use crate::core::text;
use crate::core::validate::{require_text, Raw};

/// Session details as read from JavaScript (a snapshot), before any check.
#[derive(Debug, Clone, Default)]
pub struct RawSessionDetails {
    /// `clientSessionId`.
    pub client_session_id: Raw<String>,
    /// `customerId`.
    pub customer_id: Raw<String>,
    /// `clientApiUrl`.
    pub client_api_url: Raw<String>,
    /// `assetUrl`.
    pub asset_url: Raw<String>,
}

/// Session details: the four strings a merchant server gets from Create Session
/// (checked, with `clientApiUrl` normalised, once built by [`RawSessionDetails::check`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct SessionDetails {
    /// Secret of the client session; goes only into the `Authorization` header.
    pub client_session_id: String,
    /// The customer id, a path segment of every call.
    pub customer_id: String,
    /// The normalised Client API base URL, ending in `/client/v1` (no trailing slash).
    pub client_api_url: String,
    /// Base URL for logos and tooltip images, as given.
    pub asset_url: String,
}

/// Longest session string accepted; real ones are far shorter.
const MAX_DETAIL_LEN: usize = 2048;

impl RawSessionDetails {
    /// Checks every field, in documented order, and normalises `clientApiUrl`.
    pub fn check(self) -> Result<SessionDetails, InputError> {
        let field = |raw: Raw<String>, name: &str| {
            let mut path = String::from("sessionDetails.");
            path.push_str(name);
            require_text(raw, path, MAX_DETAIL_LEN)
        };
        let client_session_id = field(self.client_session_id, "clientSessionId")?;
        // It travels in the Authorization header: visible ASCII only.
        if !client_session_id.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(InputError::new(
                "sessionDetails.clientSessionId",
                rule::FORMAT,
            ));
        }
        let customer_id = field(self.customer_id, "customerId")?;
        if customer_id == "." || customer_id == ".." {
            // A dot segment, even percent-encoded, is resolved away by the URL parser.
            return Err(InputError::new("sessionDetails.customerId", rule::FORMAT));
        }
        let url = field(self.client_api_url, "clientApiUrl")?;
        let asset_url = field(self.asset_url, "assetUrl")?;
        let client_api_url = normalise_api_url(&url).map_err(|rule| InputError {
            property: "sessionDetails.clientApiUrl".into(),
            rule,
            quoted: Some(url.clone()),
        })?;
        Ok(SessionDetails {
            client_session_id,
            customer_id,
            client_api_url,
            asset_url,
        })
    }
}

/// Normalises a Client API URL to `scheme://host[:port]/client/v1`.
///
/// Accepted paths are none, `/client` and `/client/v1`, each with or without trailing
/// slashes. `https` is required unless the host is loopback. On failure the rule broken
/// is returned.
pub fn normalise_api_url(input: &str) -> Result<String, &'static str> {
    // A `fn` pointer, as in `mask::js_trim`: one `trim_matches` in the wasm for both.
    let ascii_space: fn(char) -> bool = |c| c.is_ascii_whitespace();
    let input = input.trim_matches(ascii_space);
    // ':' then "//": a substring search would pull kilobytes into the wasm.
    let (scheme, rest) = text::split_once(input, b':').ok_or(rule::URL_SYNTAX)?;
    let rest = rest.strip_prefix("//").ok_or(rule::URL_SYNTAX)?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(if is_scheme(&scheme) {
            rule::URL_SCHEME
        } else {
            rule::URL_SYNTAX
        });
    }
    if rest.bytes().any(|b| matches!(b, b'?' | b'#' | b'\\')) {
        return Err(rule::URL_SYNTAX);
    }
    // `split_at_checked`: the panicking `split_at` links kilobytes of formatting.
    let (authority, path) = text::find(rest, b'/')
        .and_then(|i| rest.split_at_checked(i))
        .unwrap_or((rest, ""));
    let (host, port) = split_authority(authority).ok_or(rule::URL_SYNTAX)?;
    let path = path.trim_end_matches('/');
    if !path.is_empty() && path != "/client" && path != "/client/v1" {
        return Err(rule::URL_PATH);
    }
    if scheme == "http" && !is_loopback(&host) {
        return Err(rule::URL_INSECURE);
    }
    let mut out = scheme;
    out.push_str("://");
    out.push_str(&host);
    if let Some(port) = port {
        out.push(':');
        out.push_str(port);
    }
    out.push_str("/client/v1");
    Ok(out)
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Splits `host[:port]` (no user info) into the lower-cased host and the port, or
/// `None` when either is malformed.
fn split_authority(authority: &str) -> Option<(String, Option<&str>)> {
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (inside, after) = text::split_once(v6, b']')?;
            let v6_ok = !inside.is_empty()
                && text::has(inside, b':')
                && inside
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
            if !v6_ok {
                return None;
            }
            let port = match after {
                "" => None,
                a => Some(a.strip_prefix(':')?),
            };
            let mut host = String::from("[");
            host.push_str(inside);
            host.push(']');
            (host, port)
        }
        None => {
            let (name, port) = match text::split_once(authority, b':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            };
            let name_ok = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
            if !name_ok {
                return None;
            }
            (name.to_string(), port)
        }
    };
    if let Some(p) = port {
        if !(1..=5).contains(&p.len()) || decimal(p)? > 65535 {
            return None;
        }
    }
    Some((host.to_ascii_lowercase(), port))
}

/// The value of a string of ASCII digits (no sign), without the standard parser.
fn decimal(s: &str) -> Option<u32> {
    s.bytes().try_fold(0u32, |n, b| {
        b.is_ascii_digit()
            .then(|| n.checked_mul(10)?.checked_add(u32::from(b - b'0')))
            .flatten()
    })
}

/// `localhost`, `127.0.0.0/8` or `[::1]`.
pub fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    let octet = |p: &str| (1..=3).contains(&p.len()) && decimal(p).is_some_and(|n| n <= 255);
    text::split(host, b'.').count() == 4
        && host.starts_with("127.")
        && text::split(host, b'.').all(octet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_normalisation_table() {
        let ok = [
            ("https://h.example", "https://h.example/client/v1"),
            ("https://h.example/", "https://h.example/client/v1"),
            ("https://h.example//", "https://h.example/client/v1"),
            ("https://h.example/client", "https://h.example/client/v1"),
            ("https://h.example/client/", "https://h.example/client/v1"),
            ("https://h.example/client/v1", "https://h.example/client/v1"),
            (
                "https://h.example/client/v1/",
                "https://h.example/client/v1",
            ),
            (
                "https://h.example:8443/client/v1",
                "https://h.example:8443/client/v1",
            ),
            ("HTTPS://H.Example", "https://h.example/client/v1"),
            (" https://h.example ", "https://h.example/client/v1"),
            ("http://localhost:3000", "http://localhost:3000/client/v1"),
            (
                "http://127.0.0.1:8080/client",
                "http://127.0.0.1:8080/client/v1",
            ),
            ("http://127.1.2.3", "http://127.1.2.3/client/v1"),
            ("http://[::1]:9000/", "http://[::1]:9000/client/v1"),
        ];
        for (input, want) in ok {
            assert_eq!(normalise_api_url(input).as_deref(), Ok(want), "{input}");
        }
        let bad = [
            ("https://h.example/other", rule::URL_PATH),
            ("https://h.example/client/v2", rule::URL_PATH),
            ("https://h.example/client/v1/extra", rule::URL_PATH),
            ("https://h.example/Client", rule::URL_PATH),
            ("ftp://h.example", rule::URL_SCHEME),
            ("javascript://h.example", rule::URL_SCHEME),
            ("not a url", rule::URL_SYNTAX),
            ("", rule::URL_SYNTAX),
            ("https://", rule::URL_SYNTAX),
            ("https://user@h.example", rule::URL_SYNTAX),
            ("https://h.example:99999", rule::URL_SYNTAX),
            ("https://h.example:", rule::URL_SYNTAX),
            ("https://h.example?x=1", rule::URL_SYNTAX),
            ("https://h.example/client#v1", rule::URL_SYNTAX),
            ("https://h ex.example", rule::URL_SYNTAX),
            ("https://[zz]", rule::URL_SYNTAX),
            ("1ttps://h", rule::URL_SYNTAX),
            ("http://h.example", rule::URL_INSECURE),
            ("http://128.0.0.1", rule::URL_INSECURE),
            ("http://localhost.evil.example", rule::URL_INSECURE),
            ("http://127.0.0.1.evil.example", rule::URL_INSECURE),
            ("http://127.0.0.256", rule::URL_INSECURE),
        ];
        for (input, want) in bad {
            assert_eq!(normalise_api_url(input), Err(want), "{input}");
        }
    }

    fn raw(s: &str) -> Raw<String> {
        Raw::Value(s.to_string())
    }

    fn details() -> RawSessionDetails {
        RawSessionDetails {
            client_session_id: raw("secret"),
            customer_id: raw("1234-abc"),
            client_api_url: raw("https://h.example/client/"),
            asset_url: raw("https://assets.example/"),
        }
    }

    #[test]
    fn details_are_checked_in_order_and_named() {
        let ok = details().check().expect("valid");
        assert_eq!(ok.client_api_url, "https://h.example/client/v1");
        assert_eq!(ok.asset_url, "https://assets.example/");

        let mut d = details();
        d.customer_id = Raw::Missing;
        d.asset_url = Raw::WrongType;
        let e = d.check().expect_err("invalid");
        assert_eq!(
            (e.property.as_str(), e.rule),
            ("sessionDetails.customerId", rule::REQUIRED)
        );

        let mut d = details();
        d.client_session_id = raw("");
        let e = d.check().expect_err("invalid");
        assert_eq!(e.property, "sessionDetails.clientSessionId");
        assert_eq!(e.rule, rule::EMPTY);

        let mut d = details();
        d.asset_url = Raw::WrongType;
        assert_eq!(d.check().expect_err("invalid").rule, rule::TYPE);

        for bad in ["a b", "a\r\nb", "a\u{0}b", "ab\u{1F600}", "é"] {
            let mut d = details();
            d.client_session_id = raw(bad);
            let e = d.check().expect_err("invalid");
            assert_eq!(
                (e.property.as_str(), e.rule),
                ("sessionDetails.clientSessionId", rule::FORMAT),
                "{bad:?}"
            );
        }
    }

    /// Bug A: a session id that cannot be an HTTP header value is refused by the
    /// constructor, naming the field, instead of failing every call as a network error.
    #[test]
    fn fixed_bug_a_a_header_unsafe_session_id_is_refused_up_front() {
        for bad in [
            "ab\u{1F600}cd",
            "a\u{202E}b",
            "e\u{301}",
            "a\u{0}b",
            "a\r\nb",
        ] {
            let mut d = details();
            d.client_session_id = raw(bad);
            let e = d.check().expect_err("refused");
            assert_eq!(e.property, "sessionDetails.clientSessionId", "{bad:?}");
        }
    }

    #[test]
    fn url_errors_quote_the_input() {
        let mut d = details();
        d.client_api_url = raw("https://h.example/v2");
        let e = d.check().expect_err("invalid");
        assert_eq!(e.rule, rule::URL_PATH);
        assert_eq!(e.quoted.as_deref(), Some("https://h.example/v2"));
    }
}
