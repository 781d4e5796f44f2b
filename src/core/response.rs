//! Response classification: from an HTTP status and a parsed body to a result or an
//! [`Error`]. It works on any JSON document through [`Doc`], so the browser's own
//! `JSON.parse` serves the wasm build and native tests use `serde_json`.

use crate::core::error::{BodyProblem, Error};

/// The JSON kinds classification cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{…}`.
    Object,
    /// `[…]`.
    Array,
    /// `"…"`.
    String,
    /// Numbers, booleans and `null`.
    Other,
}

/// A parsed JSON value, seen read-only.
pub trait Doc: Sized {
    /// Which kind of JSON value this is.
    fn kind(&self) -> Kind;
    /// Property `name` of an object; `None` when absent or not an object.
    fn get(&self, name: &'static str) -> Option<Self>;
    /// The text of a JSON string.
    fn text(&self) -> Option<String>;
    /// Element `i` of an array.
    fn at(&self, i: u32) -> Option<Self>;
    /// The value of a JSON number.
    fn number(&self) -> Option<f64>;
    /// The value of a JSON boolean.
    fn boolean(&self) -> Option<bool>;
}

/// The documented string fields of `GetCustomerDetailsResponse`.
pub const CUSTOMER_DETAILS_FIELDS: [&str; 10] = [
    "city",
    "country",
    "emailAddress",
    "firstName",
    "fiscalNumber",
    "languageCode",
    "phoneNumber",
    "street",
    "surname",
    "zip",
];

/// Classifies a `GetCustomerDetailsResponse`: a JSON object whose documented fields,
/// where present, are strings. Unknown fields pass through.
pub fn customer_details<D: Doc>(status: u16, body: Option<D>) -> Result<D, Error<D>> {
    classify(status, body, |doc| {
        for field in CUSTOMER_DETAILS_FIELDS {
            if doc.get(field).is_some_and(|v| v.kind() != Kind::String) {
                return Err(BodyProblem::FieldType(field));
            }
        }
        Ok(())
    })
}

/// Classifies any answer. `body` is the parsed body, `None` when it was empty or not
/// JSON; `check` judges a 2xx object further (a `fn` pointer: one `classify` in the wasm
/// for every endpoint).
pub fn classify<D: Doc>(
    status: u16,
    body: Option<D>,
    check: fn(&D) -> Result<(), BodyProblem>,
) -> Result<D, Error<D>> {
    let ok = (200..300).contains(&status);
    match body {
        Some(doc) if ok && doc.kind() == Kind::Object => match check(&doc) {
            Ok(()) => Ok(doc),
            Err(problem) => Err(Error::Response { status, problem }),
        },
        Some(_) if ok => Err(Error::Response {
            status,
            problem: BodyProblem::NotObject,
        }),
        None if ok => Err(Error::Response {
            status,
            problem: BodyProblem::NotJson,
        }),
        Some(doc) => Err(error_response(status, doc).unwrap_or(Error::Http { status })),
        None => Err(Error::Http { status }),
    }
}

/// Reads an `ErrorResponse`: `errorId` a string, `errors` a non-empty array whose
/// entries are objects with a string `code`.
fn error_response<D: Doc>(status: u16, doc: D) -> Option<Error<D>> {
    let error_id = doc.get("errorId")?.text()?;
    let errors = doc.get("errors").filter(|e| e.kind() == Kind::Array)?;
    let first = errors.at(0)?;
    let code = first.get("code")?.text()?;
    let mut i = 1;
    while let Some(entry) = errors.at(i) {
        entry.get("code")?.text()?;
        i += 1;
    }
    let id = first.get("id").and_then(|v| v.text());
    Some(Error::Api {
        status,
        error_id,
        code,
        id,
        errors,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::{json, Value};

    pub(crate) fn parse(text: &str) -> Option<Value> {
        serde_json::from_str(text).ok()
    }

    impl Doc for Value {
        fn kind(&self) -> Kind {
            match self {
                Value::Object(_) => Kind::Object,
                Value::Array(_) => Kind::Array,
                Value::String(_) => Kind::String,
                _ => Kind::Other,
            }
        }
        fn get(&self, name: &'static str) -> Option<Self> {
            self.as_object()?.get(name).cloned()
        }
        fn text(&self) -> Option<String> {
            self.as_str().map(str::to_string)
        }
        fn at(&self, i: u32) -> Option<Self> {
            self.as_array()?.get(i as usize).cloned()
        }
        fn number(&self) -> Option<f64> {
            self.as_f64()
        }
        fn boolean(&self) -> Option<bool> {
            self.as_bool()
        }
    }

    fn run(status: u16, text: &str) -> Result<Value, Error<Value>> {
        customer_details(status, parse(text))
    }

    #[test]
    fn success_passes_unknown_fields_through() {
        let body = r#"{"firstName":"Gustav","city":"Stockholm","loyalty":{"tier":3}}"#;
        assert_eq!(run(200, body), Ok(parse(body).expect("json")));
        assert_eq!(run(204, "{}"), Ok(json!({})));
    }

    #[test]
    fn unusable_2xx_bodies_reject() {
        for (text, problem) in [
            ("", BodyProblem::NotJson),
            ("<html>", BodyProblem::NotJson),
            (r#"{"firstName": "#, BodyProblem::NotJson),
            ("[]", BodyProblem::NotObject),
            ("\"x\"", BodyProblem::NotObject),
            ("null", BodyProblem::NotObject),
            ("42", BodyProblem::NotObject),
            (r#"{"zip":11152}"#, BodyProblem::FieldType("zip")),
            (r#"{"city":null}"#, BodyProblem::FieldType("city")),
            (r#"{"surname":["A"]}"#, BodyProblem::FieldType("surname")),
        ] {
            assert_eq!(
                run(200, text),
                Err(Error::Response {
                    status: 200,
                    problem
                }),
                "{text}"
            );
        }
    }

    #[test]
    fn error_responses_keep_errors_as_sent() {
        let body = json!({"errorId": "e-1", "errors": [
            {"code": "1214", "id": "CUSTOMER_DETAILS_NOT_FOUND", "message": "secret text", "extra": 1}
        ]});
        let got = run(400, &body.to_string());
        assert_eq!(
            got,
            Err(Error::Api {
                status: 400,
                error_id: "e-1".into(),
                code: "1214".into(),
                id: Some("CUSTOMER_DETAILS_NOT_FOUND".into()),
                errors: body["errors"].clone(),
            })
        );
        let e = got.expect_err("api error");
        assert!(!e.message().contains("secret text"));

        let no_id = json!({"errorId": "e-2", "errors": [{"code": "1070", "message": "UNKNOWN_PAYMENT_PRODUCT_ID"}]});
        assert!(matches!(
            run(404, &no_id.to_string()),
            Err(Error::Api {
                status: 404,
                id: None,
                ..
            })
        ));
    }

    #[test]
    fn other_failures_are_http_errors() {
        for (status, text) in [
            (502, "<html><body>Bad gateway</body></html>"),
            (500, ""),
            (401, "{}"),
            (400, r#"{"errorId": 5, "errors": []}"#),
            (400, r#"{"errorId": "x", "errors": []}"#),
            (400, r#"{"errorId": "x", "errors": {}}"#),
            (400, r#"{"errorId": "x", "errors": [{"id": "NO_CODE"}]}"#),
            (
                400,
                r#"{"errorId": "x", "errors": [{"code": "1"}, "junk"]}"#,
            ),
            (400, "[1,2]"),
            (301, ""),
        ] {
            assert_eq!(
                run(status, text),
                Err(Error::Http { status }),
                "{status} {text}"
            );
        }
    }
}
