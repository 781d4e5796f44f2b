//! End-to-end tests: the real accept loop on a random port, driven by a tiny raw
//! HTTP/1.1 client (every response is `Connection: close`, so read to EOF).

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::fixtures::{DETAILS_FI, DETAILS_NO, DETAILS_SE};
use crate::state::AppState;
use crate::{server, util};

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// The raw bytes after the head (before de-chunking).
    raw_body_len: usize,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("json body")
    }
    fn error(&self) -> Value {
        let v = self.json();
        assert!(v["errorId"].is_string(), "errorId in {v}");
        assert!(v["errors"][0]["requestId"].is_string(), "requestId in {v}");
        v["errors"][0].clone()
    }
}

async fn start() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let app = server::api_app(AppState::new(port));
    tokio::spawn(server::serve(listener, app));
    format!("127.0.0.1:{port}")
}

/// Sends raw bytes, returns everything the server sent until it closed.
async fn raw(addr: &str, req: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut s = TcpStream::connect(addr).await?;
    s.write_all(req).await?;
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out))
        .await
        .map_err(|_| std::io::Error::other("timeout"))??;
    Ok(out)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(i) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let n = usize::from_str_radix(std::str::from_utf8(&b[..i]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + n]);
        b = &b[i + 2 + n + 2..];
    }
}

fn parse(bytes: &[u8]) -> Resp {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(bytes)));
    let head = std::str::from_utf8(&bytes[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_ascii_lowercase(), v.trim().to_string())
        })
        .collect();
    let raw_body = &bytes[end + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    Resp {
        status,
        body: if chunked {
            dechunk(raw_body)
        } else {
            raw_body.to_vec()
        },
        raw_body_len: raw_body.len(),
        headers,
    }
}

async fn send(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Resp {
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(body);
    parse(&raw(addr, req.as_bytes()).await.expect("request"))
}

async fn new_session(addr: &str, body: Value) -> (String, String) {
    let r = send(addr, "POST", "/_control/sessions", &[], &body.to_string()).await;
    assert_eq!(r.status, 201);
    let v = r.json();
    (
        v["customerId"].as_str().unwrap().to_string(),
        v["clientSessionId"].as_str().unwrap().to_string(),
    )
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn details(addr: &str, cid: &str, csid: &str, product: &str, body: &str) -> Resp {
    let auth = format!("GCS v1Client:{csid}");
    let path = format!("/client/v1/{}/products/{product}/customerDetails", enc(cid));
    send(
        addr,
        "POST",
        &path,
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        body,
    )
    .await
}

async fn product(addr: &str, cid: &str, csid: &str, product: &str, query: &str) -> Resp {
    let auth = format!("GCS v1Client:{csid}");
    let path = format!("/client/v1/{}/products/{product}{query}", enc(cid));
    send(addr, "GET", &path, &[("Authorization", &auth)], "").await
}

async fn requests(addr: &str, cid: &str) -> Value {
    let r = send(
        addr,
        "GET",
        &format!("/_control/sessions/{}/requests", enc(cid)),
        &[],
        "",
    )
    .await;
    assert_eq!(r.status, 200);
    r.json()
}

async fn faults(addr: &str, cid: &str, f: Value) -> Resp {
    let path = format!("/_control/sessions/{}/faults", enc(cid));
    send(addr, "POST", &path, &[], &f.to_string()).await
}

fn assert_cors(r: &Resp) {
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("access-control-expose-headers"), Some("*"));
}

#[tokio::test]
async fn health_session_and_generated_ids() {
    let addr = start().await;
    let r = send(&addr, "GET", "/_control/health", &[], "").await;
    assert_eq!((r.status, r.json()), (200, json!({"ok": true})));
    assert_cors(&r);

    let r = send(&addr, "POST", "/_control/sessions", &[], "").await;
    assert_eq!(r.status, 201);
    let v = r.json();
    let csid = v["clientSessionId"].as_str().unwrap();
    assert_eq!(csid.len(), 32);
    assert!(csid.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(v["customerId"].as_str().unwrap().starts_with("1234-"));
    assert_eq!(v["clientApiUrl"], format!("http://{addr}/client/v1"));
    assert_eq!(v["assetUrl"], format!("http://{addr}/assets/"));
    let (c2, s2) = new_session(&addr, json!({})).await;
    assert_ne!(c2, v["customerId"].as_str().unwrap());
    assert_ne!(s2, csid);

    let r = send(&addr, "POST", "/_control/sessions", &[], "{not json").await;
    assert_eq!(r.status, 400);

    let r = send(
        &addr,
        "GET",
        "/assets/templates/x/pp_logo_9000_v1.png",
        &[],
        "",
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("image/png"));
    assert!(r.body.starts_with(b"\x89PNG"));

    let r = send(&addr, "GET", "/nope", &[], "").await;
    assert_eq!(r.status, 404);
    assert_cors(&r);
    assert_eq!(r.error()["id"], "NOT_FOUND");
}

#[tokio::test]
async fn auth_401_is_recorded_for_known_customers() {
    let addr = start().await;
    let (cid, csid) = new_session(&addr, json!({"customerId": "c-auth"})).await;
    let body = r#"{"countryCode":"SE","values":[{"key":"fiscalNumber","value":"012345678901"}]}"#;

    for auth in [
        None,
        Some("GCS v1Client:wrong"),
        Some(&*format!("gcs v1client:{csid}")),
    ] {
        let path = "/client/v1/c-auth/products/9000/customerDetails";
        let h: Vec<(&str, &str)> = auth.map(|a| ("Authorization", a)).into_iter().collect();
        let r = send(&addr, "POST", path, &h, body).await;
        assert_eq!(r.status, 401);
        assert_cors(&r);
        let e = r.error();
        assert_eq!(e["code"], "9002");
        assert_eq!(e["id"], "MISSING_OR_INVALID_AUTHORIZATION");
        assert_eq!(e["httpStatusCode"], 401);
        assert_eq!(e["category"], "CONNECT_PLATFORM_ERROR");
    }
    // Unknown customer: 401 as well.
    let r = details(&addr, "nobody", &csid, "9000", body).await;
    assert_eq!(r.status, 401);
    // A queued fault is not consumed by a 401.
    assert_eq!(
        faults(&addr, &cid, json!({"status": 500})).await.status,
        200
    );
    assert_eq!(details(&addr, &cid, "x", "9000", body).await.status, 401);
    assert_eq!(details(&addr, &cid, &csid, "9000", body).await.status, 500);

    let v = requests(&addr, &cid).await;
    assert_eq!(v["count"], 5);
    assert_eq!(v["pendingFaults"], 0);
}

#[tokio::test]
async fn customer_details_fixtures() {
    let addr = start().await;
    let (cid, csid) = new_session(&addr, json!({"customerId": "c-details"})).await;

    let se = r#"{"countryCode":"SE","values":[{"key":"fiscalNumber","value":"012345678901"}]}"#;
    let r = details(&addr, &cid, &csid, "9000", se).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_cors(&r);
    assert_eq!(r.body, DETAILS_SE.as_bytes());

    // Order-insensitive.
    let no = r#"{"countryCode":"NO","values":[{"key":"zip","value":"0150"},{"key":"phoneNumber","value":"40612345"}]}"#;
    let r = details(&addr, &cid, &csid, "9000", no).await;
    assert_eq!((r.status, r.body.as_slice()), (200, DETAILS_NO.as_bytes()));

    let fi = r#"{"countryCode":"FI","values":[{"key":"fiscalNumber","value":"131052-308T"},{"key":"zip","value":"00100"}]}"#;
    let r = details(&addr, &cid, &csid, "9000", fi).await;
    assert_eq!((r.status, r.body.as_slice()), (200, DETAILS_FI.as_bytes()));
    assert_eq!(r.json()["surname"], "Meikäläinen");

    for miss in [
        r#"{"countryCode":"SE","values":[{"key":"fiscalNumber","value":"000000000000"}]}"#,
        r#"{"countryCode":"SE","values":[]}"#,
        r#"{"countryCode":"NO","values":[{"key":"phoneNumber","value":"40612345"}]}"#,
        r#"{"countryCode":"NO","values":[{"key":"phoneNumber","value":"40612345"},{"key":"zip","value":"0150"},{"key":"x","value":"y"}]}"#,
        r#"{"countryCode":"DK","values":[{"key":"fiscalNumber","value":"012345678901"}]}"#,
        r#"{"countryCode":"SE","values":[{"key":"fiscalNumber"}]}"#,
    ] {
        let r = details(&addr, &cid, &csid, "9000", miss).await;
        assert_eq!(r.status, 400, "{miss}");
        let e = r.error();
        assert_eq!(e["code"], "1214");
        assert_eq!(e["id"], "CUSTOMER_DETAILS_NOT_FOUND");
        assert_eq!(e["httpStatusCode"], 400);
        assert_eq!(
            e["message"],
            "No customer details could be found with the provided data."
        );
    }

    for bad in [
        "",
        "nope",
        r#"{"values":[]}"#,
        r#"{"countryCode":"SE","values":{}}"#,
    ] {
        let r = details(&addr, &cid, &csid, "9000", bad).await;
        assert_eq!(r.status, 400, "{bad}");
        let e = r.error();
        assert_eq!(
            (
                e["code"].as_str(),
                e["id"].as_str(),
                e["propertyName"].as_str()
            ),
            (Some("21000020"), Some("REQUEST_NOT_VALID"), Some("body"))
        );
    }

    let r = details(&addr, &cid, &csid, "1", se).await;
    assert_eq!(r.status, 404);
    let e = r.error();
    assert_eq!(
        (e["code"].as_str(), e["id"].as_str()),
        (Some("1070"), Some("UNKNOWN_PAYMENT_PRODUCT_ID"))
    );
    assert_eq!(e["message"], "UNKNOWN_PAYMENT_PRODUCT_ID");

    // Error ids are unique.
    let a = details(&addr, &cid, &csid, "9000", "{}").await.json();
    let b = details(&addr, &cid, &csid, "9000", "{}").await.json();
    assert_ne!(a["errorId"], b["errorId"]);
}

fn display_sorted(fields: &[Value]) -> Vec<String> {
    let mut f: Vec<&Value> = fields.iter().collect();
    f.sort_by_key(|v| v["displayHints"]["displayOrder"].as_u64());
    f.iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn payment_products() {
    let addr = start().await;
    let (cid, csid) = new_session(&addr, json!({"customerId": "c-products"})).await;
    let q = |c: &str| {
        format!("?countryCode={c}&currencyCode=EUR&amount=1000&isRecurring=false&locale=en_GB")
    };

    let expect: [(&str, &[&str], &[&str]); 3] = [
        (
            "SE",
            &[
                "fiscalNumber",
                "emailAddress",
                "birthDate",
                "termsAndConditions",
            ],
            &["fiscalNumber"],
        ),
        (
            "NO",
            &["phoneNumber", "zip", "emailAddress"],
            &["phoneNumber", "zip"],
        ),
        (
            "FI",
            &["fiscalNumber", "zip", "emailAddress", "gender"],
            &["fiscalNumber", "zip"],
        ),
    ];
    for (country, display_order, lookup) in expect {
        let r = product(&addr, &cid, &csid, "9000", &q(country)).await;
        assert_eq!(r.status, 200, "{country}");
        assert_cors(&r);
        let v = r.json();
        assert_eq!(v["id"], 9000);
        assert_eq!(v["paymentMethod"], "invoice");
        assert_eq!(v["displayHints"]["logo"], crate::fixtures::LOGO_9000);
        let fields = v["fields"].as_array().unwrap();
        let ids: Vec<&str> = fields.iter().map(|f| f["id"].as_str().unwrap()).collect();
        assert_eq!(display_sorted(fields), display_order, "{country}");
        assert_ne!(ids, display_order, "{country}: fields must be shuffled");
        let mut l: Vec<&str> = fields
            .iter()
            .filter(|f| f["usedForLookup"] == true)
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        l.sort_unstable();
        let mut want = lookup.to_vec();
        want.sort_unstable();
        assert_eq!(l, want, "{country}");
    }
    let se = product(&addr, &cid, &csid, "9000", &q("SE")).await.json();
    let fiscal = se["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "fiscalNumber")
        .unwrap()
        .clone();
    assert_eq!(
        fiscal["dataRestrictions"]["validators"]["length"],
        json!({"minLength": 10, "maxLength": 12})
    );
    assert_eq!(fiscal["displayHints"]["mask"], "{{99999999}}-{{9999}}");
    assert!(!fiscal["displayHints"]["tooltip"]["image"]
        .as_str()
        .unwrap()
        .starts_with("http"));

    let r = product(&addr, &cid, &csid, "9000", &q("DE")).await;
    assert_eq!(r.status, 400);
    let e = r.error();
    assert_eq!(
        (e["code"].as_str(), e["id"].as_str()),
        (Some("1103"), Some("PRODUCT_NOT_AVAILABLE"))
    );
    assert_eq!(e["propertyName"], "countryCode");

    let r = product(&addr, &cid, &csid, "9000", "?countryCode=SE").await;
    let e = r.error();
    assert_eq!(
        (r.status, e["id"].as_str()),
        (400, Some("PARAMETER_NOT_FOUND_IN_REQUEST"))
    );
    assert_eq!(
        (e["code"].as_str(), e["propertyName"].as_str()),
        (Some("21000020"), Some("currencyCode"))
    );
    let r = product(&addr, &cid, &csid, "9000", "?currencyCode=SEK").await;
    assert_eq!(r.error()["propertyName"], "countryCode");

    let r = product(&addr, &cid, &csid, "1", &q("DE")).await;
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["paymentMethod"], "card");
    assert!(v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f.get("usedForLookup").is_none()));

    let r = product(&addr, &cid, &csid, "555", &q("SE")).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.error()["code"], "1070");

    // Wrong method on a known route is answered (and counted), not a crash.
    let auth = format!("GCS v1Client:{csid}");
    let r = send(
        &addr,
        "POST",
        "/client/v1/c-products/products/9000",
        &[("Authorization", &auth)],
        "",
    )
    .await;
    assert_eq!(r.status, 405);
}

#[tokio::test]
async fn encoded_customer_id_preflight_and_recording() {
    let addr = start().await;
    let weird = "a/../b?c#d";
    let (cid, csid) = new_session(
        &addr,
        json!({"customerId": weird, "clientSessionId": "s-1"}),
    )
    .await;
    assert_eq!((cid.as_str(), csid.as_str()), (weird, "s-1"));

    let r = send(
        &addr,
        "OPTIONS",
        "/client/v1/a%2F..%2Fb%3Fc%23d/products/9000/customerDetails",
        &[
            ("Origin", "http://x"),
            ("Access-Control-Request-Method", "POST"),
        ],
        "",
    )
    .await;
    assert_eq!(r.status, 204);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        r.header("access-control-allow-methods"),
        Some("GET, POST, OPTIONS")
    );
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("Authorization, Content-Type, Accept, X-GCS-ClientMetaInfo")
    );
    assert_eq!(r.header("access-control-max-age"), Some("600"));

    let se = r#"{"countryCode":"SE","values":[{"key":"fiscalNumber","value":"012345678901"}]}"#;
    let path = "/client/v1/a%2F..%2Fb%3Fc%23d/products/9000/customerDetails";
    let r = send(
        &addr,
        "POST",
        path,
        &[
            ("Authorization", "GCS v1Client:s-1"),
            ("X-GCS-ClientMetaInfo", "e30="),
        ],
        se,
    )
    .await;
    assert_eq!(r.status, 200);
    let r = product(
        &addr,
        &cid,
        &csid,
        "9000",
        "?countryCode=SE&currencyCode=SEK",
    )
    .await;
    assert_eq!(r.status, 200);

    let v = requests(&addr, weird).await;
    assert_eq!(v["count"], 2, "preflight not counted");
    let reqs = v["requests"].as_array().unwrap();
    assert_eq!(reqs[0]["method"], "POST");
    assert_eq!(reqs[0]["path"], path);
    assert_eq!(reqs[0]["query"], Value::Null);
    assert_eq!(reqs[0]["headers"]["x-gcs-clientmetainfo"], "e30=");
    assert_eq!(reqs[0]["headers"]["authorization"], "GCS v1Client:s-1");
    assert_eq!(reqs[0]["body"], se);
    assert_eq!(reqs[1]["method"], "GET");
    assert_eq!(
        reqs[1]["path"],
        "/client/v1/a%2F..%2Fb%3Fc%23d/products/9000"
    );
    assert_eq!(reqs[1]["query"], "countryCode=SE&currencyCode=SEK");

    // Replacing the session resets its counters.
    new_session(&addr, json!({"customerId": weird})).await;
    assert_eq!(requests(&addr, weird).await["count"], 0);
    // Unknown session in the control API: 404.
    let r = send(&addr, "GET", "/_control/sessions/zzz/requests", &[], "").await;
    assert_eq!(r.status, 404);
    assert_eq!(faults(&addr, "zzz", json!([])).await.status, 404);
}

/// Starts both origins, as the binary does with `--page-port`: the API (returned
/// first) and the page origin serving `dir` at `/`.
async fn start_two(dir: &std::path::Path, isolated: bool) -> (String, String) {
    let api = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let page = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let (api_port, page_port) = (
        api.local_addr().expect("addr").port(),
        page.local_addr().expect("addr").port(),
    );
    let state = AppState::new(api_port);
    let mount = server::StaticMount {
        prefix: "/".into(),
        dir: dir.to_path_buf(),
    };
    tokio::spawn(server::serve(
        page,
        server::page_app(state.clone(), &[mount], isolated),
    ));
    tokio::spawn(server::serve(api, server::api_app(state)));
    (
        format!("127.0.0.1:{api_port}"),
        format!("127.0.0.1:{page_port}"),
    )
}

#[tokio::test]
async fn pages_and_the_api_live_on_two_origins() {
    let dir = std::env::temp_dir().join(format!("local-api-pages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html>page").unwrap();
    let (api, page) = start_two(&dir, false).await;

    // The page origin serves the files and the control API (the merchant's server).
    let r = send(&page, "GET", "/", &[], "").await;
    assert_eq!(
        (r.status, r.body.as_slice()),
        (200, &b"<!doctype html>page"[..])
    );
    let r = send(&page, "POST", "/_control/sessions", &[], "{}").await;
    assert_eq!(r.status, 201);
    let v = r.json();
    assert_eq!(v["clientApiUrl"], format!("http://{api}/client/v1"));
    assert_eq!(v["assetUrl"], format!("http://{api}/assets/"));
    let (cid, csid) = (
        v["customerId"].as_str().unwrap().to_string(),
        v["clientSessionId"].as_str().unwrap().to_string(),
    );
    // ... but never the Client API or the assets.
    let path = format!(
        "/client/v1/{}/products/9000?countryCode=SE&currencyCode=SEK",
        enc(&cid)
    );
    let auth = format!("GCS v1Client:{csid}");
    let r = send(&page, "GET", &path, &[("Authorization", &auth)], "").await;
    assert_eq!(r.status, 404);
    assert_eq!(
        send(&page, "GET", "/assets/x.png", &[], "").await.status,
        404
    );
    // The API origin serves no files, and the session made on the page origin works there.
    let r = send(&api, "GET", "/", &[], "").await;
    assert_eq!(r.status, 404);
    assert_cors(&r);
    assert_eq!(send(&api, "GET", "/index.html", &[], "").await.status, 404);
    assert_eq!(
        product(
            &api,
            &cid,
            &csid,
            "9000",
            "?countryCode=SE&currencyCode=SEK"
        )
        .await
        .status,
        200
    );
    assert_eq!(requests(&page, &cid).await["count"], 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn isolated_pages_carry_coop_and_coep() {
    let dir = std::env::temp_dir().join(format!("local-api-isolated-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html>page").unwrap();
    for isolated in [true, false] {
        let (api, page) = start_two(&dir, isolated).await;
        let r = send(&page, "GET", "/index.html", &[], "").await;
        assert_eq!(r.status, 200);
        let coop = isolated.then_some("same-origin");
        let coep = isolated.then_some("require-corp");
        assert_eq!(r.header("cross-origin-opener-policy"), coop);
        assert_eq!(r.header("cross-origin-embedder-policy"), coep);
        // Never on the API's answers.
        let r = send(&api, "GET", "/_control/health", &[], "").await;
        assert_eq!(r.header("cross-origin-embedder-policy"), None);
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn preflights_are_counted_per_customer() {
    let addr = start().await;
    let (a, _) = new_session(&addr, json!({"customerId": "pre/a"})).await;
    let (b, _) = new_session(&addr, json!({})).await;
    let preflight = |cid: &str, tail: &str| format!("/client/v1/{}/products/9000{tail}", enc(cid));
    let ask = [
        ("Origin", "http://x"),
        ("Access-Control-Request-Method", "POST"),
    ];
    for _ in 0..3 {
        let r = send(
            &addr,
            "OPTIONS",
            &preflight(&a, "/customerDetails"),
            &ask,
            "",
        )
        .await;
        assert_eq!(r.status, 204);
    }
    send(
        &addr,
        "OPTIONS",
        &preflight(&b, "?countryCode=SE"),
        &ask,
        "",
    )
    .await;
    // Unknown customers and other paths count nowhere, and nothing reaches the handlers.
    send(&addr, "OPTIONS", &preflight("nobody", ""), &ask, "").await;
    send(&addr, "OPTIONS", "/_control/sessions", &ask, "").await;
    let (ra, rb) = (requests(&addr, &a).await, requests(&addr, &b).await);
    assert_eq!((&ra["preflights"], &ra["count"]), (&json!(3), &json!(0)));
    assert_eq!((&rb["preflights"], &rb["count"]), (&json!(1), &json!(0)));
    // Replacing the session resets its preflights too.
    new_session(&addr, json!({"customerId": "pre/a"})).await;
    assert_eq!(requests(&addr, &a).await["preflights"], 0);
}

#[tokio::test]
async fn faults_replace_answers_in_order() {
    let addr = start().await;
    let (cid, csid) = new_session(&addr, json!({"customerId": "c-faults"})).await;
    let q = "?countryCode=SE&currencyCode=SEK";

    assert_eq!(faults(&addr, &cid, json!({"bogus": 1})).await.status, 400);
    assert_eq!(faults(&addr, &cid, json!({"status": 42})).await.status, 400);

    let r = faults(
        &addr,
        &cid,
        json!([
            {"status": 502, "body": "<html>Bad gateway</html>", "contentType": "text/html"},
            {"status": 503},
            {"status": 200, "body": "not json", "contentType": "none"},
            {"malformedJson": true},
            {"noCors": true},
            {"redirect": "http://127.0.0.1:1/elsewhere"},
            {"delayMs": 150},
        ]),
    )
    .await;
    assert_eq!((r.status, r.json()), (200, json!({"queued": 7})));
    let r = faults(&addr, &cid, json!({"status": 418, "body": "{}"})).await;
    assert_eq!(r.json(), json!({"queued": 8}));

    let r = product(&addr, &cid, &csid, "9000", q).await;
    assert_eq!(
        (r.status, r.header("content-type")),
        (502, Some("text/html"))
    );
    assert_eq!(r.body, b"<html>Bad gateway</html>");
    assert_cors(&r);

    let r = product(&addr, &cid, &csid, "9000", q).await;
    assert_eq!(r.status, 503);
    assert_eq!(r.error()["httpStatusCode"], 503);

    let r = product(&addr, &cid, &csid, "9000", q).await;
    assert_eq!((r.status, r.header("content-type")), (200, None));
    assert_eq!(r.body, b"not json");

    let r = product(&addr, &cid, &csid, "9000", q).await;
    assert_eq!(
        (r.status, r.header("content-type")),
        (200, Some("application/json"))
    );
    assert_eq!(r.body, br#"{"firstName": "Gustav", "surname": "#);

    let r = product(&addr, &cid, &csid, "9000", q).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), None);
    assert_eq!(r.json()["id"], 9000);

    let r = product(&addr, &cid, &csid, "9000", q).await;
    assert_eq!(
        (r.status, r.header("location")),
        (307, Some("http://127.0.0.1:1/elsewhere"))
    );

    let t = Instant::now();
    let r = product(&addr, &cid, &csid, "9000", q).await;
    assert!(t.elapsed() >= Duration::from_millis(150));
    assert_eq!(r.json()["id"], 9000);

    assert_eq!(product(&addr, &cid, &csid, "9000", q).await.status, 418);
    // Queue empty: normal again.
    assert_eq!(product(&addr, &cid, &csid, "9000", q).await.status, 200);

    let v = requests(&addr, &cid).await;
    assert_eq!(v["count"], 9);
    assert_eq!(v["pendingFaults"], 0);
}

#[tokio::test]
async fn faults_with_when_apply_only_to_matching_requests() {
    let addr = start().await;
    let (cid, csid) = new_session(&addr, json!({"customerId": "c-when"})).await;
    let r = faults(
        &addr,
        &cid,
        json!([
            {"when": "\"value\":\"999\"", "status": 503},
            {"when": "amount=7", "status": 502, "body": "x"},
            {"status": 418, "body": "{}"},
        ]),
    )
    .await;
    assert_eq!(r.json(), json!({"queued": 3}));
    let seed = r#"{"countryCode":"SE","values":[{"key":"fiscalNumber","value":"012345678901"}]}"#;
    // No `when` matches: the first fault without one.
    assert_eq!(details(&addr, &cid, &csid, "9000", seed).await.status, 418);
    // Matched by the query, then by the body, whatever their place in the queue.
    let q = "?countryCode=SE&currencyCode=SEK&amount=7";
    assert_eq!(product(&addr, &cid, &csid, "9000", q).await.status, 502);
    let other = r#"{"countryCode":"SE","values":[{"key":"fiscalNumber","value":"999"}]}"#;
    assert_eq!(details(&addr, &cid, &csid, "9000", other).await.status, 503);
    assert_eq!(details(&addr, &cid, &csid, "9000", seed).await.status, 200);
    assert_eq!(requests(&addr, &cid).await["pendingFaults"], 0);
}

#[tokio::test]
async fn faults_on_the_connection() {
    let addr = start().await;
    let (cid, csid) = new_session(&addr, json!({"customerId": "c-conn"})).await;
    let q = "?countryCode=SE&currencyCode=SEK";
    let r = faults(
        &addr,
        &cid,
        json!([
            {"close": true},
            {"resetMidBody": true},
            {"trickleMs": 5, "body": "{\"a\":1}"},
            {"bodyBytes": 10_000_000},
            {"hang": true},
        ]),
    )
    .await;
    assert_eq!(r.json()["queued"], 5);

    // close: no byte at all.
    let auth = format!("GCS v1Client:{csid}");
    let get = format!("GET /client/v1/c-conn/products/9000{q} HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\n\r\n");
    match raw(&addr, get.as_bytes()).await {
        Ok(b) => assert!(b.is_empty(), "got {:?}", String::from_utf8_lossy(&b)),
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset),
    }

    // resetMidBody: head + less than Content-Length.
    let b = raw(&addr, get.as_bytes()).await.expect("partial response");
    let r = parse(&b);
    assert_eq!(r.status, 200);
    let declared: usize = r.header("content-length").unwrap().parse().unwrap();
    assert!(
        r.raw_body_len > 0 && r.raw_body_len < declared,
        "{} of {declared}",
        r.raw_body_len
    );

    // trickle: 7 bytes, 5 ms apart.
    let t = Instant::now();
    let r = product(&addr, &cid, &csid, "9000", q).await;
    assert!(t.elapsed() >= Duration::from_millis(30));
    assert_eq!(
        (r.status, r.body.as_slice()),
        (200, br#"{"a":1}"#.as_slice())
    );

    // bodyBytes: exactly N bytes of valid JSON.
    let r = product(&addr, &cid, &csid, "9000", q).await;
    assert_eq!(r.body.len(), 10_000_000);
    assert_eq!(r.json()["pad"].as_str().unwrap().len(), 10_000_000 - 10);

    // hang: nothing within 300 ms; the server keeps serving others.
    let mut s = TcpStream::connect(&addr).await.unwrap();
    s.write_all(get.as_bytes()).await.unwrap();
    let mut buf = [0u8; 16];
    let read = tokio::time::timeout(Duration::from_millis(300), s.read(&mut buf)).await;
    assert!(read.is_err(), "hang answered");
    drop(s);

    assert_eq!(requests(&addr, &cid).await["count"], 5);
    assert_eq!(product(&addr, &cid, &csid, "9000", q).await.status, 200);
}

#[tokio::test]
async fn bad_input_never_kills_the_server() {
    let addr = start().await;
    for junk in [
        &b"\x00\x01\x02garbage\r\n\r\n"[..],
        b"GET /client/v1/%FF%FE/products/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /client/v1/x/products/9000/customerDetails HTTP/1.1\r\nContent-Length: 99999999\r\n\r\nabc",
        b"GET /_control/sessions/%FF/requests HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /client/v1/ HTTP/1.1\r\nHost: x\r\n\r\n",
    ] {
        let t = Instant::now();
        let _ = raw(&addr, junk).await;
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", String::from_utf8_lossy(junk));
    }
    let r = send(&addr, "GET", "/_control/health", &[], "").await;
    assert_eq!(r.status, 200);
}

#[test]
fn percent_decoding_and_queries() {
    assert_eq!(
        util::percent_decode("a%2F..%2Fb%3Fc%23d", false),
        "a/../b?c#d"
    );
    assert_eq!(util::percent_decode("100%", false), "100%");
    assert_eq!(util::percent_decode("%zz+%2", false), "%zz+%2");
    assert_eq!(util::percent_decode("a+b%20c", true), "a b c");
    assert_eq!(util::percent_decode("%C3%A4", false), "ä");
    let q = Some("countryCode=SE&currencyCode=S%45K&x&countryCode=NO");
    assert_eq!(util::query_param(q, "countryCode").as_deref(), Some("SE"));
    assert_eq!(util::query_param(q, "currencyCode").as_deref(), Some("SEK"));
    assert_eq!(util::query_param(q, "x").as_deref(), Some(""));
    assert_eq!(util::query_param(None, "x"), None);
}

#[test]
fn padded_body_lengths() {
    for n in [0, 1, 9, 10, 11, 1000] {
        assert_eq!(crate::faults::padded_body(n).len(), n);
    }
    let b = crate::faults::padded_body(12);
    assert_eq!(&b[..], br#"{"pad":"xx"}"#);
}

#[test]
fn cli_parsing() {
    let o = crate::parse_args(
        [
            "--port",
            "0",
            "--ttl=5",
            "--page-port=0",
            "--static",
            "/pkg=/tmp",
            "--static",
            "/tmp",
            "--exit-on-stdin-eof",
            "--isolated",
        ]
        .map(String::from),
    )
    .unwrap();
    assert_eq!(
        (o.port, o.ttl, o.exit_on_stdin_eof, o.isolated),
        (0, 5, true, true)
    );
    assert_eq!(o.page_port, Some(0));
    assert_eq!(o.statics[0].prefix, "/pkg");
    assert_eq!(o.statics[1].prefix, "/");
    let statics =
        |s: &str| crate::parse_args(["--page-port", "0", "--static", s].map(String::from));
    assert!(statics("/assets=/tmp").is_err());
    assert!(statics("/tmp").is_ok());
    // Static files are only ever served on the page origin.
    assert!(crate::parse_args(["--static", "/tmp"].map(String::from)).is_err());
    assert!(crate::parse_args(["--page-port", "x"].map(String::from)).is_err());
    assert!(crate::parse_args(["--bogus"].map(String::from)).is_err());
}
