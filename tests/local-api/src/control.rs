//! The control API (`/_control/...`) and the asset stand-in (`/assets/...`).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::faults::FaultList;
use crate::state::{Session, SharedState};
use crate::util::{error_answer, json_response, RouteTemplate};

/// A valid 1x1 PNG, served for every `/assets/...` URL.
pub const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x04, 0x00, 0x00, 0x00, 0xb5, 0x1c, 0x0c,
    0x02, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0x00, 0x00,
    0x00, 0x06, 0x00, 0x02, 0x30, 0x81, 0xd0, 0x2f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

fn tagged(mut resp: Response, route: &'static str) -> Response {
    resp.extensions_mut().insert(RouteTemplate(route));
    resp
}

fn bad_request(state: &SharedState, message: &str, route: &'static str) -> Response {
    let a = error_answer(
        state,
        StatusCode::BAD_REQUEST,
        "21000020",
        "REQUEST_NOT_VALID",
        message,
        Some("body"),
    );
    tagged(a.into_response(), route)
}

fn no_session(state: &SharedState, route: &'static str) -> Response {
    let a = error_answer(
        state,
        StatusCode::NOT_FOUND,
        "404",
        "SESSION_NOT_FOUND",
        "No session with that customerId",
        None,
    );
    tagged(a.into_response(), route)
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewSession {
    customer_id: Option<String>,
    client_session_id: Option<String>,
}

/// `POST /_control/sessions`
pub async fn create_session(State(state): State<SharedState>, body: Bytes) -> Response {
    const ROUTE: &str = "POST /_control/sessions";
    let req: NewSession = if body.iter().all(u8::is_ascii_whitespace) {
        NewSession::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(r) => r,
            Err(e) => return bad_request(&state, &format!("invalid session request: {e}"), ROUTE),
        }
    };
    let client_session_id = req
        .client_session_id
        .unwrap_or_else(|| format!("{}{}", state.random_hex16(), state.random_hex16()));
    let customer_id = req
        .customer_id
        .unwrap_or_else(|| format!("1234-{}", state.random_hex16()));
    state
        .sessions()
        .insert(customer_id.clone(), Session::new(client_session_id.clone()));
    let base = state.base_url();
    let out = json!({
        "clientSessionId": client_session_id,
        "customerId": customer_id,
        "clientApiUrl": format!("{base}/client/v1"),
        "assetUrl": format!("{base}/assets/"),
    });
    tagged(json_response(StatusCode::CREATED, out.to_string()), ROUTE)
}

/// `POST /_control/sessions/{customerId}/faults`
pub async fn queue_faults(
    State(state): State<SharedState>,
    Path(customer_id): Path<String>,
    body: Bytes,
) -> Response {
    const ROUTE: &str = "POST /_control/sessions/{customerId}/faults";
    let faults = match serde_json::from_slice::<FaultList>(&body) {
        Ok(FaultList::Many(v)) => v,
        Ok(FaultList::One(f)) => vec![f],
        Err(e) => return bad_request(&state, &format!("invalid faults: {e}"), ROUTE),
    };
    for f in &faults {
        if let Err(e) = f.validate() {
            return bad_request(&state, &e, ROUTE);
        }
    }
    let queued = {
        let mut sessions = state.sessions();
        match sessions.get_mut(&customer_id) {
            None => None,
            Some(s) => {
                s.faults.extend(faults);
                Some(s.faults.len())
            }
        }
    };
    match queued {
        None => no_session(&state, ROUTE),
        Some(n) => tagged(
            json_response(StatusCode::OK, json!({ "queued": n }).to_string()),
            ROUTE,
        ),
    }
}

/// `GET /_control/sessions/{customerId}/requests`
pub async fn list_requests(
    State(state): State<SharedState>,
    Path(customer_id): Path<String>,
) -> Response {
    const ROUTE: &str = "GET /_control/sessions/{customerId}/requests";
    let out = {
        let sessions = state.sessions();
        sessions.get(&customer_id).map(|s| {
            json!({
                "count": s.count,
                "preflights": s.preflights,
                "pendingFaults": s.faults.len(),
                "requests": s.requests.iter().collect::<Vec<_>>(),
            })
        })
    };
    match out {
        None => no_session(&state, ROUTE),
        Some(v) => tagged(json_response(StatusCode::OK, v.to_string()), ROUTE),
    }
}

/// `GET /_control/health`
pub async fn health() -> Response {
    tagged(
        json_response(StatusCode::OK, r#"{"ok":true}"#),
        "GET /_control/health",
    )
}

/// `GET /assets/...`
pub async fn asset() -> Response {
    let mut resp = Response::new(axum::body::Body::from(TINY_PNG));
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    tagged(resp, "GET /assets/{*path}")
}

/// Anything else (when no static directory is mounted at `/`).
pub async fn not_found(State(state): State<SharedState>) -> Response {
    let a = error_answer(
        &state,
        StatusCode::NOT_FOUND,
        "404",
        "NOT_FOUND",
        "No such route",
        None,
    );
    tagged(a.into_response(), "(not found)")
}
