//! Fuzz targets: Response classification of JSON documents and text bodies.

use super::*;

// ---- Responses -----------------------------------------------------------------------

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        select(&[200u16, 201, 204, 299, 300, 304, 400, 401, 404, 429, 500, 502, 503][..]),
        any::<u16>(),
        100u16..600,
    ]
}

fn check_classified(status: u16, body: Option<Json>) -> Result<(), TestCaseError> {
    let ok = (200..300).contains(&status);
    for (endpoint, result) in [
        ("customer", response::customer_details(status, body.clone())),
        (
            "product",
            response::classify(status, body.clone(), product::check_body),
        ),
    ] {
        match &result {
            Ok(doc) => {
                ensure(ok && doc.kind() == Kind::Object, || {
                    format!("{endpoint}: resolved {status}")
                })?;
                if endpoint == "customer" {
                    for f in CUSTOMER_DETAILS_FIELDS {
                        ensure(doc.get(f).is_none_or(|v| v.kind() == Kind::String), || {
                            format!("{f} is no string")
                        })?;
                    }
                } else {
                    ensure(product::check_body(doc).is_ok(), || "fields".into())?;
                }
            }
            Err(e) => {
                match e {
                    Error::Response { status: s, problem } => {
                        ensure(ok && *s == status, || {
                            format!("{endpoint}: {problem:?} for {status}")
                        })?;
                        ensure((*problem == BodyProblem::NotJson) == body.is_none(), || {
                            format!("{problem:?}")
                        })?;
                    }
                    Error::Api {
                        status: s,
                        code,
                        errors,
                        error_id,
                        ..
                    } => {
                        ensure(!ok && *s == status, || "api status".into())?;
                        ensure(
                            errors
                                .at(0)
                                .and_then(|e| e.get("code"))
                                .and_then(|c| c.text())
                                .as_deref()
                                == Some(code.as_str()),
                            || "code".into(),
                        )?;
                        ensure(
                            body.as_ref()
                                .and_then(|b| b.get("errorId"))
                                .and_then(|v| v.text())
                                .as_deref()
                                == Some(error_id.as_str()),
                            || "errorId".into(),
                        )?;
                    }
                    Error::Http { status: s } => {
                        ensure(!ok && *s == status, || "http status".into())?
                    }
                    other => return Err(TestCaseError::fail(format!("{endpoint}: {other:?}"))),
                }
                ensure(e.status() == status, || "status".into())?;
                // The server's message text is never repeated to the page.
                let m = e.message();
                ensure(m.starts_with("connect: ") && !m.contains("SECRET-"), || {
                    m.clone()
                })?;
                let _ = (e.name(), e.sdk_entry());
            }
        }
    }
    Ok(())
}

#[test]
fn fuzz_classify_json_documents() {
    let error_response = (text(10), prop::collection::vec((text(6), json(), text(10)), 1..4)).prop_map(|(id, entries)| {
        let errors: Vec<Value> = entries
            .into_iter()
            .map(|(code, extra, message)| serde_json::json!({"code": code, "id": "X", "message": format!("SECRET-{message}"), "extra": extra}))
            .collect();
        serde_json::json!({"errorId": id, "errors": errors})
    });
    let doc = prop_oneof![json(), error_response];
    let seeds: Vec<(u16, Option<Json>)> = corpus("json")
        .iter()
        .flat_map(|text| {
            let doc = serde_json::from_str::<Value>(text).ok().map(Json);
            [200u16, 204, 400, 404, 500, 502].map(|s| (s, doc.clone()))
        })
        .collect();
    fuzz(
        "classify_json",
        seeds,
        (status(), proptest::option::of(doc.prop_map(Json))),
        |(status, body)| check_classified(status, body),
    );
}

#[test]
fn fuzz_classify_text_bodies() {
    let seeds = corpus("json");
    let strategy = (status(), prop_oneof![mutated(seeds.clone()), text(40)]);
    let replay = seeds.iter().map(|s| (200u16, s.clone())).collect();
    fuzz("classify_text", replay, strategy, |(status, text)| {
        check_classified(status, serde_json::from_str::<Value>(&text).ok().map(Json))
    });
}
