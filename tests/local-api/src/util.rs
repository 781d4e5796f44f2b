//! Small helpers: percent-decoding, query parsing, JSON answers and error bodies.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::state::AppState;

/// Route template of a response, for the optional request log.
#[derive(Clone, Copy)]
pub struct RouteTemplate(pub &'static str);

/// A complete (non-streamed) answer, before faults are applied.
pub struct Answer {
    pub status: StatusCode,
    pub body: Bytes,
}

impl Answer {
    pub fn json(status: StatusCode, body: impl Into<Bytes>) -> Self {
        Answer {
            status,
            body: body.into(),
        }
    }

    pub fn into_response(self) -> Response {
        json_response(self.status, self.body)
    }
}

pub fn json_response(status: StatusCode, body: impl Into<Bytes>) -> Response {
    let mut resp = Response::new(Body::from(body.into()));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

/// An `ErrorResponse` with one error.
pub fn error_answer(
    state: &AppState,
    status: StatusCode,
    code: &str,
    id: &str,
    message: &str,
    property_name: Option<&str>,
) -> Answer {
    let n = state.next_counter();
    let mut err = json!({
        "code": code,
        "id": id,
        "category": "CONNECT_PLATFORM_ERROR",
        "httpStatusCode": status.as_u16(),
        "message": message,
        "requestId": format!("{}", 1_000_000 + n),
    });
    if let (Some(p), Some(o)) = (property_name, err.as_object_mut()) {
        o.insert("propertyName".into(), json!(p));
    }
    let body = json!({
        "errorId": format!("657b10da-d2f9-4088-a948-bf190ef516b1-{:08}", n),
        "errors": [err],
    });
    Answer::json(status, body.to_string())
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes (invalid escapes are kept literally; invalid UTF-8 is replaced).
/// With `plus_as_space`, `+` decodes to a space (query strings).
pub fn percent_decode(s: &str, plus_as_space: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex_val(b[i + 1]), hex_val(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_as_space => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// First value of `name` in a raw query string, decoded.
pub fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(k, true) == name).then(|| percent_decode(v, true))
    })
}
