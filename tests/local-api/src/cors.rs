//! CORS on every response, preflight answers, and the optional request log.

use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::faults::NoCors;
use crate::state::SharedState;
use crate::util::{percent_decode, RouteTemplate};

/// `--log`: one line per request on stderr (method, status, route template only).
pub static LOG: AtomicBool = AtomicBool::new(false);

pub const ALLOW_METHODS: &str = "GET, POST, OPTIONS";
pub const ALLOW_HEADERS: &str = "Authorization, Content-Type, Accept, X-GCS-ClientMetaInfo";

/// Answers any OPTIONS as a preflight (never reaching the handlers, so never recorded;
/// [`count_preflights`] counts them) and adds CORS headers to everything else, unless the
/// response carries the [`NoCors`] marker.
pub async fn cors(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let mut resp = if method == Method::OPTIONS {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NO_CONTENT;
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOW_METHODS),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        r.extensions_mut()
            .insert(RouteTemplate("OPTIONS (preflight)"));
        r
    } else {
        next.run(req).await
    };
    if resp.extensions().get::<NoCors>().is_none() {
        let h = resp.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("*"),
        );
    }
    if LOG.load(Ordering::Relaxed) {
        let route = resp
            .extensions()
            .get::<RouteTemplate>()
            .map_or("(static or unknown)", |r| r.0);
        eprintln!("{} {} {}", method, resp.status().as_u16(), route);
    }
    resp
}

/// Counts a preflight (`OPTIONS /client/v1/{customerId}/...`) for its customer, if that
/// session exists, so that tests can see how many the browser sent.
pub async fn count_preflights(
    State(state): State<SharedState>,
    req: Request,
    next: Next,
) -> Response {
    if req.method() == Method::OPTIONS {
        let customer = req
            .uri()
            .path()
            .strip_prefix("/client/v1/")
            .and_then(|rest| rest.split('/').next())
            .map(|raw| percent_decode(raw, false));
        if let Some(customer) = customer {
            if let Some(s) = state.sessions().get_mut(&customer) {
                s.preflights += 1;
            }
        }
    }
    next.run(req).await
}

/// `--isolated`: a page served with these is cross-origin isolated, so its
/// `performance.now()` has a fine resolution (the benchmark); its cross-origin calls must
/// then pass CORS, as the Client API's do.
pub async fn isolate(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-embedder-policy",
        HeaderValue::from_static("require-corp"),
    );
    resp
}

/// Content types the browser needs (`application/wasm` for streaming compile), set
/// by file extension on static responses; static files are never cached.
pub async fn static_types(req: Request, next: Next) -> Response {
    let ext = req
        .uri()
        .path()
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    let mut resp = next.run(req).await;
    let ct = match ext.as_deref() {
        Some("html" | "htm") => Some("text/html; charset=utf-8"),
        Some("js" | "mjs") => Some("text/javascript; charset=utf-8"),
        Some("wasm") => Some("application/wasm"),
        Some("css") => Some("text/css; charset=utf-8"),
        Some("json" | "map") => Some("application/json"),
        Some("png") => Some("image/png"),
        Some("svg") => Some("image/svg+xml"),
        _ => None,
    };
    if resp.status().is_success() {
        if let Some(ct) = ct {
            resp.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
        }
    }
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}
