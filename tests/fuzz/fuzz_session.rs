//! Fuzz targets: The URL normaliser and session details.

use super::*;

// ---- Session and URL -----------------------------------------------------------------

fn check_normalised(input: &str) -> Result<(), TestCaseError> {
    match normalise_api_url(input) {
        Ok(out) => {
            let (scheme, rest) = out.split_once("://").expect("scheme");
            ensure(scheme == "https" || scheme == "http", || {
                format!("scheme of {out}")
            })?;
            let authority = rest
                .strip_suffix("/client/v1")
                .ok_or_else(|| TestCaseError::fail(format!("{out} does not end in /client/v1")))?;
            ensure(
                !authority.is_empty() && !authority.contains(['/', '?', '#', '\\', '@']),
                || format!("authority of {out}"),
            )?;
            ensure(out.is_ascii() && !out.contains(char::is_whitespace), || {
                format!("{out} is not plain ASCII")
            })?;
            ensure(
                normalise_api_url(&out).as_deref() == Ok(out.as_str()),
                || format!("{out} is not a fixed point"),
            )?;
            ensure(
                input.trim().to_ascii_lowercase().starts_with(scheme),
                || format!("{input:?} became {out}"),
            )?;
            if scheme == "http" {
                let host = authority
                    .rsplit_once(':')
                    .filter(|(h, p)| {
                        !h.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !h.ends_with(':')
                    })
                    .map_or(authority, |(h, _)| h);
                let host = if authority.starts_with('[') {
                    &authority[..=authority.find(']').expect("]")]
                } else {
                    host
                };
                ensure(is_loopback(host), || {
                    format!("plain http to {host} accepted")
                })?;
            }
            Ok(())
        }
        Err(r) => ensure(
            [
                rule::URL_SYNTAX,
                rule::URL_SCHEME,
                rule::URL_PATH,
                rule::URL_INSECURE,
            ]
            .contains(&r),
            || format!("rule {r}"),
        ),
    }
}

#[test]
fn fuzz_url_normaliser() {
    let seeds = corpus("url");
    let strategy = prop_oneof![url(), mutated(seeds.clone()), text(40)];
    fuzz("url_normaliser", seeds, strategy, |s| check_normalised(&s));
}

#[test]
fn fuzz_session_details() {
    let urls = corpus("url");
    let text_or_url = prop_oneof![text(30), mutated(urls), url(), Just("x".repeat(2049))];
    let strategy = (
        raw(text(40)),
        raw(text(40)),
        raw(text_or_url),
        raw(text(40)),
    );
    fuzz(
        "session_details",
        vec![],
        strategy,
        |(sid, cid, url, asset)| {
            let details = RawSessionDetails {
                client_session_id: sid.clone(),
                customer_id: cid.clone(),
                client_api_url: url.clone(),
                asset_url: asset.clone(),
            };
            match details.check() {
                Ok(d) => {
                    ensure(Raw::Value(d.client_session_id.clone()) == sid, || {
                        "session id changed".into()
                    })?;
                    ensure(Raw::Value(d.customer_id.clone()) == cid, || {
                        "customer id changed".into()
                    })?;
                    ensure(Raw::Value(d.asset_url.clone()) == asset, || {
                        "asset url changed".into()
                    })?;
                    ensure(d.customer_id != "." && d.customer_id != "..", || {
                        "dot segment".into()
                    })?;
                    for s in [&d.client_session_id, &d.customer_id, &d.asset_url] {
                        ensure(!s.is_empty() && s.chars().count() <= 2048, || {
                            format!("length of {s:?}")
                        })?;
                    }
                    let Raw::Value(u) = url else {
                        return Err(TestCaseError::fail("url"));
                    };
                    ensure(
                        normalise_api_url(&u) == Ok(d.client_api_url.clone()),
                        || "url".into(),
                    )
                }
                Err(e) => {
                    ensure(e.property.starts_with("sessionDetails."), || {
                        e.property.clone()
                    })?;
                    ensure(INPUT_RULES.contains(&e.rule), || e.rule.to_string())?;
                    // Only the Client API URL is ever quoted (never a secret).
                    ensure(
                        e.quoted.is_none() || e.property == "sessionDetails.clientApiUrl",
                        || format!("{} quoted", e.property),
                    )
                }
            }
        },
    );
}
