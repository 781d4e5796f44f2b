//! The Client API routes under `/client/v1`.

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use crate::faults::{self, ConnKill};
use crate::fixtures::{self, ProductError};
use crate::state::{Recorded, SharedState};
use crate::util::{error_answer, percent_decode, query_param, Answer, RouteTemplate};

/// Largest request body read.
pub const MAX_REQUEST_BODY: usize = 1024 * 1024;

const ROUTE_DETAILS: &str =
    "POST /client/v1/{customerId}/products/{paymentProductId}/customerDetails";
const ROUTE_PRODUCT: &str = "GET /client/v1/{customerId}/products/{paymentProductId}";

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Product,
    Details,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DetailsRequest {
    country_code: String,
    values: Vec<KeyValue>,
}

#[derive(Deserialize)]
struct KeyValue {
    key: Option<String>,
    value: Option<String>,
}

fn tagged(mut resp: Response, route: &'static str) -> Response {
    resp.extensions_mut().insert(RouteTemplate(route));
    resp
}

/// Handles every request under `/client/v1/`: the path is matched raw, segment by
/// segment, so a percent-encoded `/` stays inside the customerId.
pub async fn client_api(State(state): State<SharedState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let raw_path = parts.uri.path().to_owned();
    let rest = raw_path.strip_prefix("/client/v1/").unwrap_or("");
    let segs: Vec<&str> = rest.split('/').collect();
    let (kind, cid_raw, pid_raw) = match segs.as_slice() {
        [c, "products", p] => (Kind::Product, *c, *p),
        [c, "products", p, "customerDetails"] => (Kind::Details, *c, *p),
        _ => {
            let a = error_answer(
                &state,
                StatusCode::NOT_FOUND,
                "404",
                "NOT_FOUND",
                "No such Client API route",
                None,
            );
            return tagged(a.into_response(), "/client/v1/(unknown)");
        }
    };
    let route = match kind {
        Kind::Product => ROUTE_PRODUCT,
        Kind::Details => ROUTE_DETAILS,
    };
    let declared_len = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = declared_len.is_some_and(|n| n > MAX_REQUEST_BODY as u64);
    let body = match if too_large {
        Err(())
    } else {
        to_bytes(body, MAX_REQUEST_BODY).await.map_err(|_| ())
    } {
        Ok(b) => b,
        Err(_) => {
            let a = error_answer(
                &state,
                StatusCode::PAYLOAD_TOO_LARGE,
                "21000020",
                "REQUEST_NOT_VALID",
                "Request body too large or unreadable",
                Some("body"),
            );
            return tagged(a.into_response(), route);
        }
    };
    let customer_id = percent_decode(cid_raw, false);
    let product_id = percent_decode(pid_raw, false);
    let query = parts.uri.query().map(str::to_owned);

    let mut headers = serde_json::Map::new();
    for (name, value) in &parts.headers {
        let v = String::from_utf8_lossy(value.as_bytes()).into_owned();
        let key = name.as_str().to_owned();
        match headers.get_mut(&key) {
            Some(serde_json::Value::String(prev)) => {
                prev.push_str(", ");
                prev.push_str(&v);
            }
            _ => {
                headers.insert(key, serde_json::Value::String(v));
            }
        }
    }
    let auth = parts
        .headers
        .get(header::AUTHORIZATION)
        .map(|v| v.as_bytes().to_vec());

    // a. session + auth (recorded whenever the session exists), b. record + pop fault.
    let outcome = {
        let mut sessions = state.sessions();
        match sessions.get_mut(&customer_id) {
            None => None,
            Some(s) => {
                let body_text = String::from_utf8_lossy(&body).into_owned();
                // What a fault's `when` is matched against.
                let target = format!("{raw_path}?{}\n{body_text}", query.as_deref().unwrap_or(""));
                s.record(Recorded {
                    method: parts.method.to_string(),
                    path: raw_path.clone(),
                    query: query.clone(),
                    headers,
                    body: body_text,
                });
                let expected = format!("GCS v1Client:{}", s.client_session_id);
                if auth.as_deref() == Some(expected.as_bytes()) {
                    Some(s.take_fault(&target))
                } else {
                    None
                }
            }
        }
    };
    let Some(fault) = outcome else {
        let a = error_answer(
            &state,
            StatusCode::UNAUTHORIZED,
            "9002",
            "MISSING_OR_INVALID_AUTHORIZATION",
            "Authorization is missing or invalid",
            None,
        );
        return tagged(a.into_response(), route);
    };

    // c. the normal answer.
    let expected_method = match kind {
        Kind::Product => Method::GET,
        Kind::Details => Method::POST,
    };
    let normal = if parts.method != expected_method {
        error_answer(
            &state,
            StatusCode::METHOD_NOT_ALLOWED,
            "405",
            "METHOD_NOT_ALLOWED",
            "Method not allowed",
            None,
        )
    } else {
        match kind {
            Kind::Product => product_answer(&state, &product_id, query.as_deref()),
            Kind::Details => details_answer(&state, &product_id, &body),
        }
    };

    let resp = match fault {
        Some(f) => {
            let kill = parts.extensions.get::<ConnKill>().cloned();
            faults::apply(&state, f, normal, kill).await
        }
        None => normal.into_response(),
    };
    tagged(resp, route)
}

fn unknown_product(state: &SharedState) -> Answer {
    error_answer(
        state,
        StatusCode::NOT_FOUND,
        "1070",
        "UNKNOWN_PAYMENT_PRODUCT_ID",
        "UNKNOWN_PAYMENT_PRODUCT_ID",
        None,
    )
}

fn product_answer(state: &SharedState, product_id: &str, query: Option<&str>) -> Answer {
    let country = query_param(query, "countryCode");
    let currency = query_param(query, "currencyCode");
    match fixtures::payment_product(product_id, country.as_deref(), currency.as_deref()) {
        Ok(v) => Answer::json(StatusCode::OK, v.to_string()),
        Err(ProductError::UnknownProduct) => unknown_product(state),
        Err(ProductError::MissingParameter(name)) => error_answer(
            state,
            StatusCode::BAD_REQUEST,
            "21000020",
            "PARAMETER_NOT_FOUND_IN_REQUEST",
            &format!("{name} is missing"),
            Some(name),
        ),
        Err(ProductError::NotAvailable) => error_answer(
            state,
            StatusCode::BAD_REQUEST,
            "1103",
            "PRODUCT_NOT_AVAILABLE",
            "The payment product is not available for the given filters",
            Some("countryCode"),
        ),
    }
}

fn details_answer(state: &SharedState, product_id: &str, body: &[u8]) -> Answer {
    if product_id != "9000" {
        return unknown_product(state);
    }
    let req: DetailsRequest = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(_) => {
            return error_answer(
                state,
                StatusCode::BAD_REQUEST,
                "21000020",
                "REQUEST_NOT_VALID",
                "The request body is not a valid GetCustomerDetailsRequest",
                Some("body"),
            )
        }
    };
    let mut pairs = Vec::with_capacity(req.values.len());
    let mut complete = true;
    for kv in req.values {
        match (kv.key, kv.value) {
            (Some(k), Some(v)) => pairs.push((k, v)),
            _ => complete = false,
        }
    }
    match fixtures::lookup_customer_details(&req.country_code, &pairs).filter(|_| complete) {
        Some(found) => Answer::json(StatusCode::OK, found),
        None => error_answer(
            state,
            StatusCode::BAD_REQUEST,
            "1214",
            "CUSTOMER_DETAILS_NOT_FOUND",
            "No customer details could be found with the provided data.",
            None,
        ),
    }
}
