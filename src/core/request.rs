//! Request building: URLs with every segment percent-encoded, headers and JSON bodies,
//! written by hand so the wasm carries no JSON or formatting machinery.

use crate::core::error::push_u64;
use crate::core::product::PaymentDetails;
use crate::core::text;
use crate::core::validate::Lookup;

/// `sdkIdentifier` of the meta header: `<SdkName>/v<crate version>`.
pub const SDK_IDENTIFIER: &str = concat!("RustWasmClientSDK/v", env!("CARGO_PKG_VERSION"));
/// `sdkCreator` of the meta header.
pub const SDK_CREATOR: &str = "connect-sdk-client-wasm";

/// A request ready for the transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// Absolute URL.
    pub url: String,
    /// JSON body; `None` for GET.
    pub body: Option<String>,
}

/// What the page tells about itself in `X-GCS-ClientMetaInfo`; each part may be absent
/// (a worker has no window).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// `innerWidth x innerHeight`.
    pub screen: Option<(u32, u32)>,
    /// `navigator.userAgent`.
    pub user_agent: Option<String>,
}

/// The `Authorization` header value.
pub fn authorization(client_session_id: &str) -> String {
    let mut s = String::from("GCS v1Client:");
    s.push_str(client_session_id);
    s
}

/// The `X-GCS-ClientMetaInfo` header value: base64 of the UTF-8 JSON.
pub fn meta_info(page: &PageInfo) -> String {
    let mut json = String::from("{");
    if let Some((w, h)) = page.screen {
        json.push_str("\"screenSize\":\"");
        push_u64(&mut json, u64::from(w));
        json.push('x');
        push_u64(&mut json, u64::from(h));
        json.push_str("\",");
    }
    if let Some(ua) = &page.user_agent {
        json.push_str("\"platformIdentifier\":");
        push_json_string(&mut json, ua);
        json.push(',');
    }
    json.push_str("\"sdkIdentifier\":");
    push_json_string(&mut json, SDK_IDENTIFIER);
    json.push_str(",\"sdkCreator\":");
    push_json_string(&mut json, SDK_CREATOR);
    json.push('}');
    base64(json.as_bytes())
}

/// `POST {base}/{customerId}/products/{id}/customerDetails` with `{countryCode, values}`.
pub fn customer_details(base: &str, customer_id: &str, product_id: u64, lookup: &Lookup) -> Built {
    let mut url = product_url(base, customer_id, product_id);
    url.push_str("/customerDetails");
    let mut body = String::from("{\"countryCode\":");
    push_json_string(&mut body, &lookup.country_code);
    body.push_str(",\"values\":[");
    for (i, (key, value)) in lookup.values.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str("{\"key\":");
        push_json_string(&mut body, key);
        body.push_str(",\"value\":");
        push_json_string(&mut body, value);
        body.push('}');
    }
    body.push_str("]}");
    Built {
        url,
        body: Some(body),
    }
}

/// `{base}/{customerId}/products/{id}`, every segment percent-encoded.
pub fn product_url(base: &str, customer_id: &str, product_id: u64) -> String {
    let mut url = String::with_capacity(base.len() + customer_id.len() + 40);
    url.push_str(base);
    url.push('/');
    push_segment(&mut url, customer_id);
    url.push_str("/products/");
    push_u64(&mut url, product_id);
    url
}

/// `GET {base}/{customerId}/products/{id}?countryCode=…&currencyCode=…&amount=…`, with
/// `isRecurring` and `locale` only when given; every value percent-encoded.
pub fn payment_product(
    base: &str,
    customer_id: &str,
    product_id: u64,
    details: &PaymentDetails,
) -> Built {
    let mut url = product_url(base, customer_id, product_id);
    url.push_str("?countryCode=");
    push_segment(&mut url, &details.country_code);
    url.push_str("&currencyCode=");
    push_segment(&mut url, &details.currency);
    url.push_str("&amount=");
    push_u64(&mut url, details.total_amount);
    if let Some(recurring) = details.is_recurring {
        url.push_str(if recurring {
            "&isRecurring=true"
        } else {
            "&isRecurring=false"
        });
    }
    if let Some(locale) = &details.locale {
        url.push_str("&locale=");
        push_segment(&mut url, locale);
    }
    Built { url, body: None }
}

/// The cache key of a built request: its URL and body, which together are unambiguous.
pub fn cache_key(built: &Built) -> String {
    let mut key = built.url.clone();
    if let Some(body) = &built.body {
        key.push('\n');
        key.push_str(body);
    }
    key
}

/// Whether the request of cache key `key` has a body (a POST): [`cache_key`] puts the
/// body after a newline, which a URL never holds.
pub fn has_body(key: &str) -> bool {
    text::has(key, b'\n')
}

/// The upper-case hex digit of the low four bits of `n`.
fn hex(n: u32) -> char {
    let n = (n & 15) as u8;
    char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 })
}

/// The base64 digit of the low six bits of `n`.
fn base64_digit(n: u32) -> char {
    let n = (n & 63) as u8;
    char::from(match n {
        0..=25 => b'A' + n,
        26..=51 => b'a' + n - 26,
        52..=61 => b'0' + n - 52,
        62 => b'+',
        _ => b'/',
    })
}

/// Appends `s` percent-encoded as one path segment: everything but RFC 3986
/// unreserved characters is encoded, so `/`, `?`, `#` and `%` cannot escape the segment.
/// (`.` and `..` stay dot segments for the browser; `session` refuses such ids.)
pub fn push_segment(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex(u32::from(b >> 4)));
            out.push(hex(u32::from(b)));
        }
    }
}

/// Appends `s` as a JSON string literal.
pub fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let n = c as u32;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(hex(n >> shift));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(base64_digit(n >> (18 - 6 * i)));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_rfc4648_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("ö€😀", "w7bigqzwn5iA"),
        ] {
            assert_eq!(base64(input.as_bytes()), want, "{input}");
        }
    }

    #[test]
    fn segments_cannot_escape() {
        let mut s = String::new();
        push_segment(&mut s, "a/../b?c#d");
        assert_eq!(s, "a%2F..%2Fb%3Fc%23d");
        for (input, want) in [
            ("50%", "50%25"),
            ("a b+c", "a%20b%2Bc"),
            ("Ä", "%C3%84"),
            ("AZaz09-._~", "AZaz09-._~"),
        ] {
            let mut s = String::new();
            push_segment(&mut s, input);
            assert_eq!(s, want, "{input}");
        }
    }

    #[test]
    fn json_strings_escape_everything_needed() {
        let mut s = String::new();
        push_json_string(&mut s, "a\"b\\c\nd\u{1}\u{2028}é😀");
        assert_eq!(s, r#""a\"b\\c\nd\u0001\u2028é😀""#);
        let parsed: String = serde_json::from_str(&s).expect("valid JSON");
        assert_eq!(parsed, "a\"b\\c\nd\u{1}\u{2028}é😀");
    }

    #[test]
    fn customer_details_request_is_exact() {
        let lookup = Lookup {
            country_code: "NO".into(),
            values: vec![
                ("zip".into(), "0150".into()),
                ("phoneNumber".into(), "4061\"2345".into()),
            ],
        };
        let built = customer_details("https://h/client/v1", "a/../b?c#d", 9000, &lookup);
        assert_eq!(
            built.url,
            "https://h/client/v1/a%2F..%2Fb%3Fc%23d/products/9000/customerDetails"
        );
        assert_eq!(
            built.body.as_deref(),
            Some(
                r#"{"countryCode":"NO","values":[{"key":"zip","value":"0150"},{"key":"phoneNumber","value":"4061\"2345"}]}"#
            )
        );
        let other = customer_details("https://h/client/v1", "a/../b?c#d", 9001, &lookup);
        assert_ne!(cache_key(&built), cache_key(&other));
    }

    /// The hand-written body is exactly serde's JSON of the typed model.
    #[test]
    fn body_is_the_typed_models_json() {
        use crate::core::models::{CustomerDetailsRequest, KeyValuePair};
        let lookup = Lookup {
            country_code: "SE".into(),
            values: vec![
                ("fiscalNumber".into(), "0123\"45\\6\n".into()),
                ("zip".into(), "111 52 Ö😀".into()),
            ],
        };
        let typed = CustomerDetailsRequest {
            country_code: lookup.country_code.clone(),
            values: lookup
                .values
                .iter()
                .map(|(key, value)| KeyValuePair {
                    key: key.clone(),
                    value: value.clone(),
                })
                .collect(),
        };
        let built = customer_details("https://h/client/v1", "c", 1, &lookup);
        assert_eq!(built.body, serde_json::to_string(&typed).ok());
    }

    #[test]
    fn payment_product_query() {
        let mut details = PaymentDetails {
            total_amount: 1000,
            country_code: "SE".into(),
            currency: "SEK".into(),
            locale: None,
            is_recurring: None,
        };
        let url = |d: &PaymentDetails| payment_product("https://h/client/v1", "c 1", 9000, d).url;
        assert_eq!(
            url(&details),
            "https://h/client/v1/c%201/products/9000?countryCode=SE&currencyCode=SEK&amount=1000"
        );
        details.is_recurring = Some(false);
        details.locale = Some("sv_SE".into());
        assert_eq!(
            url(&details),
            "https://h/client/v1/c%201/products/9000?countryCode=SE&currencyCode=SEK&amount=1000&isRecurring=false&locale=sv_SE"
        );
        assert_eq!(payment_product("b", "c", 1, &details).body, None);
    }

    #[test]
    fn headers() {
        assert_eq!(authorization("s3cr3t"), "GCS v1Client:s3cr3t");
        let page = PageInfo {
            screen: Some((1280, 720)),
            user_agent: Some("Mozilla/5.0 (Ünïcödé)".into()),
        };
        let decoded = decode(&meta_info(&page));
        let v: serde_json::Value = serde_json::from_slice(&decoded).expect("JSON");
        assert_eq!(v["screenSize"], "1280x720");
        assert_eq!(v["platformIdentifier"], "Mozilla/5.0 (Ünïcödé)");
        assert_eq!(v["sdkIdentifier"], SDK_IDENTIFIER);
        assert!(SDK_IDENTIFIER.ends_with(env!("CARGO_PKG_VERSION")));
        assert_eq!(v["sdkCreator"], SDK_CREATOR);

        let worker: serde_json::Value =
            serde_json::from_slice(&decode(&meta_info(&PageInfo::default()))).expect("JSON");
        assert!(worker.get("screenSize").is_none());
        assert!(worker.get("platformIdentifier").is_none());
    }

    fn decode(b64: &str) -> Vec<u8> {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut bits = 0u32;
        let mut n = 0;
        let mut out = Vec::new();
        for c in b64.bytes().filter(|&c| c != b'=') {
            let v = ALPHABET.iter().position(|&a| a == c).expect("alphabet") as u32;
            bits = (bits << 6) | v;
            n += 6;
            if n >= 8 {
                n -= 8;
                out.push((bits >> n) as u8);
                bits &= (1 << n) - 1;
            }
        }
        out
    }
}
