//! The one error type of the SDK. `js/error.rs` holds the only `From<Error> for JsValue`,
//! which gives it the JavaScript `Error` shape documented in the README.

/// The closed set of JavaScript `name`s of the SDK's errors. `ConnectLoadError` is made
/// by the npm entry module when the wasm cannot load, never by Rust; it is listed so the
/// set (and its TypeScript union) is complete.
pub const NAMES: [&str; 9] = [
    "ConnectInputError",
    "ConnectApiError",
    "ConnectHttpError",
    "ConnectResponseError",
    "ConnectNetworkError",
    "ConnectTimeoutError",
    "ConnectAbortError",
    "ConnectInternalError",
    "ConnectLoadError",
];

/// An input that failed a check before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Where the input sits, e.g. `values[1].value` or `sessionDetails.clientApiUrl`.
    pub property: String,
    /// The rule it broke: one of the `rule::*` constants.
    pub rule: &'static str,
    /// The offending text, quoted in the message. Only for inputs that are not shopper
    /// data or secrets (the Client API URL).
    pub quoted: Option<String>,
}

impl InputError {
    /// An error for `property` breaking `rule`.
    pub fn new(property: impl Into<String>, rule: &'static str) -> Self {
        InputError {
            property: property.into(),
            rule,
            quoted: None,
        }
    }
}

/// Rule ids carried in `errors[0].id` of a `ConnectInputError`.
pub mod rule {
    /// Absent, `undefined` or `null`.
    pub const REQUIRED: &str = "REQUIRED";
    /// Present but of the wrong JavaScript type.
    pub const TYPE: &str = "TYPE";
    /// An empty string or array where content is needed.
    pub const EMPTY: &str = "EMPTY";
    /// Text that is not well-formed (lone UTF-16 surrogates) or a property that throws.
    pub const MALFORMED: &str = "MALFORMED";
    /// Longer than the SDK accepts.
    pub const TOO_LONG: &str = "TOO_LONG";
    /// A number outside its allowed range.
    pub const RANGE: &str = "RANGE";
    /// Text that does not have the required form.
    pub const FORMAT: &str = "FORMAT";
    /// A key given twice in `values`.
    pub const DUPLICATE: &str = "DUPLICATE";
    /// A Client API URL that cannot be parsed.
    pub const URL_SYNTAX: &str = "URL_SYNTAX";
    /// A Client API URL whose scheme is not http(s).
    pub const URL_SCHEME: &str = "URL_SCHEME";
    /// A Client API URL whose path is not none, `/client` or `/client/v1`.
    pub const URL_PATH: &str = "URL_PATH";
    /// A plain-http Client API URL on a host that is not loopback.
    pub const URL_INSECURE: &str = "URL_INSECURE";
}

/// Why a 2xx response could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyProblem {
    /// Empty, or not JSON at all.
    NotJson,
    /// JSON, but not an object.
    NotObject,
    /// A documented field holds the wrong type; the field is named.
    FieldType(&'static str),
}

/// Everything that can make a call fail. `D` is the parsed-JSON type that holds the
/// `errors` array of an `ErrorResponse` as the server sent it.
#[derive(Debug, Clone, PartialEq)]
pub enum Error<D> {
    /// Bad input; no request was sent.
    Input(InputError),
    /// A non-2xx answer carrying an `ErrorResponse`.
    Api {
        /// HTTP status.
        status: u16,
        /// `errorId` as sent.
        error_id: String,
        /// `errors[0].code`.
        code: String,
        /// `errors[0].id`, when sent.
        id: Option<String>,
        /// The whole `errors` array, untouched.
        errors: D,
    },
    /// A non-2xx answer without an `ErrorResponse` (gateway page, empty body).
    Http {
        /// HTTP status.
        status: u16,
    },
    /// A 2xx answer whose body is unusable.
    Response {
        /// HTTP status.
        status: u16,
        /// What is wrong with it.
        problem: BodyProblem,
    },
    /// No HTTP response: offline, DNS, CORS, connection closed.
    Network,
    /// The call's deadline passed; the request was aborted.
    Timeout {
        /// The deadline that applied, in milliseconds.
        ms: u32,
    },
    /// The caller's `AbortSignal` fired.
    Abort,
    /// The SDK itself failed (a panic); the instance is no longer used.
    Internal,
}

impl<D> From<InputError> for Error<D> {
    fn from(e: InputError) -> Self {
        Error::Input(e)
    }
}

impl<D> Error<D> {
    /// The JavaScript `name` of this error; the set is closed and documented.
    pub fn name(&self) -> &'static str {
        match self {
            Error::Input(_) => "ConnectInputError",
            Error::Api { .. } => "ConnectApiError",
            Error::Http { .. } => "ConnectHttpError",
            Error::Response { .. } => "ConnectResponseError",
            Error::Network => "ConnectNetworkError",
            Error::Timeout { .. } => "ConnectTimeoutError",
            Error::Abort => "ConnectAbortError",
            Error::Internal => "ConnectInternalError",
        }
    }

    /// HTTP status, or 0 when no HTTP response was used.
    pub fn status(&self) -> u16 {
        match self {
            Error::Api { status, .. } | Error::Http { status } | Error::Response { status, .. } => {
                *status
            }
            _ => 0,
        }
    }

    /// `(code, id, propertyName)` of the single entry the SDK puts in `errors` for errors
    /// that did not come from the API.
    pub fn sdk_entry(&self) -> (&'static str, &str, Option<&str>) {
        match self {
            Error::Input(e) => ("INVALID_INPUT", e.rule, Some(&e.property)),
            Error::Api { .. } | Error::Http { .. } => ("UNEXPECTED_RESPONSE", "HTTP_ERROR", None),
            Error::Response { problem, .. } => match problem {
                BodyProblem::NotJson => ("INVALID_RESPONSE", "NOT_JSON", None),
                BodyProblem::NotObject => ("INVALID_RESPONSE", "NOT_OBJECT", None),
                BodyProblem::FieldType(f) => ("INVALID_RESPONSE", "FIELD_TYPE", Some(f)),
            },
            Error::Network => ("NETWORK_ERROR", "NETWORK_ERROR", None),
            Error::Timeout { .. } => ("TIMEOUT", "TIMEOUT", None),
            Error::Abort => ("ABORTED", "ABORTED", None),
            Error::Internal => ("INTERNAL_ERROR", "INTERNAL_ERROR", None),
        }
    }

    /// A message for developers: status and error id/code, never the server's `message`,
    /// the session id or a submitted value.
    pub fn message(&self) -> String {
        let mut m = String::from("connect: ");
        match self {
            Error::Input(e) => {
                m.push_str("invalid ");
                m.push_str(&e.property);
                if let Some(q) = &e.quoted {
                    m.push_str(" \"");
                    m.push_str(q);
                    m.push('"');
                }
                m.push_str(" (");
                m.push_str(e.rule);
                m.push(')');
                if e.rule == rule::URL_PATH {
                    m.push_str(": only compatible with client/v1");
                }
            }
            Error::Api {
                status,
                error_id,
                code,
                id,
                ..
            } => {
                push_status(&mut m, *status);
                m.push_str(" error ");
                m.push_str(code);
                if let Some(id) = id {
                    m.push(' ');
                    m.push_str(id);
                }
                m.push_str(" (errorId ");
                m.push_str(error_id);
                m.push(')');
            }
            Error::Http { status } => {
                push_status(&mut m, *status);
                m.push_str(" without an ErrorResponse body");
            }
            Error::Response { status, .. } => {
                push_status(&mut m, *status);
                m.push_str(" with an unusable body (");
                let (_, id, field) = self.sdk_entry();
                m.push_str(id);
                if let Some(field) = field {
                    m.push(' ');
                    m.push_str(field);
                }
                m.push(')');
            }
            Error::Network => {
                m.push_str("network error, no HTTP response (offline, CORS or connection closed)")
            }
            Error::Timeout { ms } => {
                m.push_str("timed out after ");
                push_u32(&mut m, *ms);
                m.push_str(" ms");
            }
            Error::Abort => m.push_str("aborted by the caller's signal"),
            Error::Internal => {
                m.push_str("the SDK failed internally; reload the page to use it again")
            }
        }
        m
    }
}

fn push_status(m: &mut String, status: u16) {
    m.push_str("HTTP ");
    push_u32(m, u32::from(status));
}

/// Appends a decimal number without the formatting machinery.
pub fn push_u32(out: &mut String, n: u32) {
    push_u64(out, u64::from(n));
}

/// Appends a decimal number without the formatting machinery.
pub fn push_u64(out: &mut String, n: u64) {
    if n >= 10 {
        push_u64(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    type E = Error<()>;

    #[test]
    fn numbers_print_without_format() {
        for n in [0u64, 7, 10, 65535, u64::MAX] {
            let mut s = String::new();
            push_u64(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn names_and_statuses() {
        let cases: Vec<(E, &str, u16)> = vec![
            (
                InputError::new("countryCode", rule::FORMAT).into(),
                "ConnectInputError",
                0,
            ),
            (E::Http { status: 502 }, "ConnectHttpError", 502),
            (
                E::Response {
                    status: 200,
                    problem: BodyProblem::NotJson,
                },
                "ConnectResponseError",
                200,
            ),
            (E::Network, "ConnectNetworkError", 0),
            (E::Timeout { ms: 5 }, "ConnectTimeoutError", 0),
            (E::Abort, "ConnectAbortError", 0),
            (E::Internal, "ConnectInternalError", 0),
        ];
        for (e, name, status) in cases {
            assert_eq!(e.name(), name);
            assert!(NAMES.contains(&name), "{name} is in the closed set");
            assert_eq!(e.status(), status);
        }
    }

    #[test]
    fn api_message_has_status_code_and_id_only() {
        let e = E::Api {
            status: 400,
            error_id: "abc".into(),
            code: "1214".into(),
            id: Some("CUSTOMER_DETAILS_NOT_FOUND".into()),
            errors: (),
        };
        assert_eq!(
            e.message(),
            "connect: HTTP 400 error 1214 CUSTOMER_DETAILS_NOT_FOUND (errorId abc)"
        );
    }

    #[test]
    fn url_path_message_quotes_input_and_says_why() {
        let mut ie = InputError::new("sessionDetails.clientApiUrl", rule::URL_PATH);
        ie.quoted = Some("https://h/x".into());
        let m = E::from(ie).message();
        assert!(m.contains("\"https://h/x\""), "{m}");
        assert!(m.contains("only compatible with client/v1"), "{m}");
    }
}
