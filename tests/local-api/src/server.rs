//! Router assembly and the accept loop.

use std::path::PathBuf;

use axum::body::Body;
use axum::routing::{any, get, post};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::faults::ConnKill;
use crate::state::SharedState;
use crate::{api, control, cors};

/// A static directory mounted at a URL prefix (`/` or `/something`).
#[derive(Clone, Debug)]
pub struct StaticMount {
    pub prefix: String,
    pub dir: PathBuf,
}

/// Prefixes a static mount may not take.
pub const RESERVED: &[&str] = &["/client", "/_control", "/assets"];

/// The API origin: the Client API, the control API and the asset stand-in, with CORS
/// on every answer. Its preflights are counted per customer.
pub fn api_app(state: SharedState) -> Router {
    control_routes(Router::new())
        .route("/client/v1/{*rest}", any(api::client_api))
        .route("/assets", get(control::asset))
        .route("/assets/", get(control::asset))
        .route("/assets/{*path}", get(control::asset))
        .fallback(control::not_found)
        .with_state(state.clone())
        .layer(axum::middleware::from_fn(cors::cors))
        .layer(axum::middleware::from_fn_with_state(
            state,
            cors::count_preflights,
        ))
}

/// The page origin: the static mounts, and the control API (standing in for the
/// merchant's server, which creates the session). It never serves the Client API. With
/// `isolated`, its files make their page cross-origin isolated (COOP + COEP).
pub fn page_app(state: SharedState, statics: &[StaticMount], isolated: bool) -> Router {
    let mut router = control_routes(Router::new());
    let mut has_root = false;
    for m in statics {
        let mut files = Router::new()
            .fallback_service(ServeDir::new(&m.dir).append_index_html_on_directories(true))
            .layer(axum::middleware::from_fn(cors::static_types));
        if isolated {
            files = files.layer(axum::middleware::from_fn(cors::isolate));
        }
        if m.prefix == "/" {
            has_root = true;
            router = router.fallback_service(files);
        } else {
            router = router.nest_service(&m.prefix, files);
        }
    }
    if !has_root {
        router = router.fallback(control::not_found);
    }
    router
        .with_state(state)
        .layer(axum::middleware::from_fn(cors::cors))
}

fn control_routes(router: Router<SharedState>) -> Router<SharedState> {
    router
        .route("/_control/sessions", post(control::create_session))
        .route(
            "/_control/sessions/{customerId}/faults",
            post(control::queue_faults),
        )
        .route(
            "/_control/sessions/{customerId}/requests",
            get(control::list_requests),
        )
        .route("/_control/health", get(control::health))
}

/// Accepts connections forever. Each request gets a [`ConnKill`] for its connection;
/// keep-alive is off, so every request has a fresh connection (a dropped connection
/// then fails the browser's fetch instead of being silently retried).
pub async fn serve(listener: TcpListener, app: Router) {
    loop {
        let stream = match listener.accept().await {
            Ok((s, _)) => s,
            Err(_) => {
                // e.g. too many open files: back off instead of spinning.
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                continue;
            }
        };
        let app = app.clone();
        tokio::spawn(async move {
            let kill = ConnKill::default();
            let k = kill.clone();
            let svc = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(k.clone());
                let app = app.clone();
                app.oneshot(req.map(Body::new))
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .keep_alive(false)
                .serve_connection(TokioIo::new(stream), svc);
            tokio::select! {
                _ = conn => {}
                _ = kill.0.notified() => {}
            }
        });
    }
}
