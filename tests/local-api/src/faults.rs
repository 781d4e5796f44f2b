//! Injected faults: a queue per session, one consumed per API request.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use tokio::sync::Notify;

use crate::state::AppState;
use crate::util::{error_answer, Answer};

/// Body of a `malformedJson` fault: valid JSON start, cut off.
pub const MALFORMED_JSON: &str = r#"{"firstName": "Gustav", "surname": "#;

/// Largest `bodyBytes` accepted (keeps a typo from eating the machine's memory).
pub const MAX_BODY_BYTES: usize = 256 * 1024 * 1024;

/// One fault. All fields optional; see the README for how they combine.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    pub status: Option<u16>,
    pub body: Option<String>,
    pub content_type: Option<String>,
    pub delay_ms: Option<u64>,
    #[serde(default)]
    pub hang: bool,
    #[serde(default)]
    pub close: bool,
    #[serde(default)]
    pub malformed_json: bool,
    pub body_bytes: Option<usize>,
    pub trickle_ms: Option<u64>,
    #[serde(default)]
    pub reset_mid_body: bool,
    pub redirect: Option<String>,
    #[serde(default)]
    pub no_cors: bool,
    /// Only a request whose path, query or body contains this text takes the fault.
    pub when: Option<String>,
}

/// The body of `POST /_control/sessions/{customerId}/faults`: one fault or several.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum FaultList {
    Many(Vec<Fault>),
    One(Fault),
}

impl Fault {
    /// Whether a request takes this fault; `target` is the raw path, `?`, the raw query, a
    /// newline and the body.
    pub fn applies_to(&self, target: &str) -> bool {
        self.when.as_deref().is_none_or(|w| target.contains(w))
    }

    /// Checks values that would otherwise only fail when the fault is applied.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(s) = self.status {
            StatusCode::from_u16(s).map_err(|_| format!("invalid status {s}"))?;
        }
        if let Some(n) = self.body_bytes {
            if n > MAX_BODY_BYTES {
                return Err(format!("bodyBytes larger than {MAX_BODY_BYTES}"));
            }
        }
        if let Some(ct) = &self.content_type {
            HeaderValue::from_str(ct).map_err(|_| "invalid contentType".to_string())?;
        }
        if let Some(url) = &self.redirect {
            HeaderValue::from_str(url).map_err(|_| "invalid redirect URL".to_string())?;
        }
        Ok(())
    }
}

/// Marker in a response's extensions: the CORS layer must add no CORS headers.
#[derive(Clone, Copy)]
pub struct NoCors;

/// Handle on the TCP connection a request came in on; `kill` drops the connection
/// without (further) response bytes. Inserted into each request by the server loop.
#[derive(Clone, Default)]
pub struct ConnKill(pub Arc<Notify>);

impl ConnKill {
    pub fn kill(&self) {
        self.0.notify_one();
    }
}

/// `{"pad":"xxx…"}` of exactly `n` bytes (shorter prefixes of it for n < 10).
pub fn padded_body(n: usize) -> Bytes {
    const HEAD: &[u8] = b"{\"pad\":\"";
    const TAIL: &[u8] = b"\"}";
    if n < HEAD.len() + TAIL.len() {
        let mut v = [HEAD, TAIL].concat();
        v.truncate(n);
        return Bytes::from(v);
    }
    let mut v = Vec::with_capacity(n);
    v.extend_from_slice(HEAD);
    v.resize(n - TAIL.len(), b'x');
    v.extend_from_slice(TAIL);
    Bytes::from(v)
}

/// Applies `fault` in place of the `normal` answer.
pub async fn apply(
    state: &AppState,
    fault: Fault,
    normal: Answer,
    kill: Option<ConnKill>,
) -> Response {
    if let Some(ms) = fault.delay_ms {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if fault.hang {
        std::future::pending::<()>().await;
    }
    if fault.close {
        return match kill {
            Some(k) => {
                k.kill();
                std::future::pending::<Response>().await
            }
            // Driven without a real connection: a body that fails at once.
            None => Response::new(Body::from_stream(futures_util::stream::once(async {
                Err::<Bytes, _>(std::io::Error::other("connection closed by fault"))
            }))),
        };
    }
    let status_or = |d: StatusCode| {
        fault
            .status
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(d)
    };
    let json_ct = Some("application/json");
    let mut location = None;
    let (status, body, mut content_type): (StatusCode, Bytes, Option<&str>) =
        if let Some(url) = &fault.redirect {
            location = Some(url.clone());
            match &fault.body {
                Some(b) => (
                    status_or(StatusCode::TEMPORARY_REDIRECT),
                    Bytes::from(b.clone()),
                    json_ct,
                ),
                None => (
                    status_or(StatusCode::TEMPORARY_REDIRECT),
                    Bytes::new(),
                    None,
                ),
            }
        } else if fault.malformed_json {
            (
                status_or(StatusCode::OK),
                Bytes::from(MALFORMED_JSON),
                json_ct,
            )
        } else if let Some(n) = fault.body_bytes {
            (status_or(StatusCode::OK), padded_body(n), json_ct)
        } else if let Some(b) = &fault.body {
            (status_or(StatusCode::OK), Bytes::from(b.clone()), json_ct)
        } else if let Some(s) = fault.status.and_then(|s| StatusCode::from_u16(s).ok()) {
            if s.as_u16() >= 400 {
                let a = error_answer(
                    state,
                    s,
                    &s.as_u16().to_string(),
                    "INJECTED_FAULT",
                    "Injected fault",
                    None,
                );
                (s, a.body, json_ct)
            } else {
                (s, normal.body, json_ct)
            }
        } else {
            (normal.status, normal.body, json_ct)
        };
    if let Some(ct) = &fault.content_type {
        content_type = if ct == "none" {
            None
        } else {
            Some(ct.as_str())
        };
    }

    let streamed = fault.trickle_ms.is_some() || fault.reset_mid_body;
    let declared_len = body.len();
    let mut resp = if streamed {
        let (send, declared) = if fault.reset_mid_body {
            let send = body.len() / 2;
            (send, declared_len.max(send + 1))
        } else {
            (body.len(), declared_len)
        };
        let mut r = Response::new(stream_body(
            body,
            send,
            fault.trickle_ms.map(Duration::from_millis),
            fault.reset_mid_body,
            kill,
        ));
        r.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(declared));
        r
    } else {
        Response::new(Body::from(body))
    };
    *resp.status_mut() = status;
    if let Some(ct) = content_type.and_then(|c| HeaderValue::from_str(c).ok()) {
        resp.headers_mut().insert(header::CONTENT_TYPE, ct);
    }
    if let Some(loc) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        resp.headers_mut().insert(header::LOCATION, loc);
    }
    if fault.no_cors {
        resp.extensions_mut().insert(NoCors);
    }
    resp
}

struct StreamState {
    data: Bytes,
    pos: usize,
    send: usize,
    chunk: usize,
    trickle: Option<Duration>,
    reset: bool,
    kill: Option<ConnKill>,
}

/// Streams the first `send` bytes of `data` (1 byte at a time with a pause between
/// when trickling); with `reset`, then drops the connection.
fn stream_body(
    data: Bytes,
    send: usize,
    trickle: Option<Duration>,
    reset: bool,
    kill: Option<ConnKill>,
) -> Body {
    let chunk = if trickle.is_some() { 1 } else { send.max(1) };
    let st = StreamState {
        data,
        pos: 0,
        send,
        chunk,
        trickle,
        reset,
        kill,
    };
    Body::from_stream(futures_util::stream::unfold(st, |mut s| async move {
        if s.pos < s.send {
            if s.pos > 0 {
                if let Some(d) = s.trickle {
                    tokio::time::sleep(d).await;
                }
            }
            let end = (s.pos + s.chunk).min(s.send);
            let b = s.data.slice(s.pos..end);
            s.pos = end;
            return Some((Ok::<Bytes, std::io::Error>(b), s));
        }
        if s.reset {
            s.reset = false;
            if let Some(k) = s.kill.take() {
                // Let the partial body reach the client, then drop the socket.
                tokio::time::sleep(Duration::from_millis(100)).await;
                k.kill();
                std::future::pending::<()>().await;
            }
            return Some((Err(std::io::Error::other("reset mid body")), s));
        }
        None
    }))
}
