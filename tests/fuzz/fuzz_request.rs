//! Fuzz targets: Request building: JSON strings, base64, path segments, headers, URLs and bodies.

use super::*;

// ---- Request building ----------------------------------------------------------------

#[test]
fn fuzz_json_string_round_trips() {
    let seeds = corpus("text");
    let strategy = prop_oneof![text(64), mutated(seeds.clone()), any_string()];
    fuzz("json_string", seeds, strategy, |s| {
        let mut out = String::new();
        request::push_json_string(&mut out, &s);
        let back: String =
            serde_json::from_str(&out).map_err(|e| TestCaseError::fail(format!("{out}: {e}")))?;
        ensure(back == s, || format!("{out} decodes to {back:?}"))?;
        ensure(
            !out.chars()
                .any(|c| (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}'),
            || format!("raw control character in {out:?}"),
        )
    });
}

#[test]
fn fuzz_base64_decodes_back() {
    let seeds: Vec<Vec<u8>> = corpus("text").into_iter().map(String::into_bytes).collect();
    let strategy = prop::collection::vec(any::<u8>(), 0..300);
    fuzz("base64", seeds, strategy, |bytes| {
        let b64 = request::base64(&bytes);
        ensure(b64.len() == bytes.len().div_ceil(3) * 4, || "length".into())?;
        ensure(decode_base64(&b64).as_deref() == Some(&bytes[..]), || {
            format!("{b64} does not decode back")
        })
    });
}

#[test]
fn fuzz_path_segment() {
    let seeds = corpus("text");
    let strategy = prop_oneof![text(40), mutated(seeds.clone()), any_string()];
    fuzz("path_segment", seeds, strategy, |s| {
        let out = segment(&s);
        ensure(
            out.is_ascii() && !out.contains(['/', '?', '#', ' ', '\\']),
            || format!("{out:?}"),
        )?;
        ensure(
            out.bytes().all(|b| {
                b.is_ascii_alphanumeric() || b"-._~%".contains(&b) || b.is_ascii_hexdigit()
            }),
            || format!("{out:?}"),
        )?;
        ensure(
            percent_decode(&out).as_deref() == Some(s.as_bytes()),
            || format!("{out:?} does not decode back"),
        )
    });
}

#[test]
fn fuzz_meta_info_header() {
    let strategy = (
        proptest::option::of((any::<u32>(), any::<u32>())),
        proptest::option::of(prop_oneof![text(80), any_string()]),
    );
    fuzz("meta_info", vec![], strategy, |(screen, user_agent)| {
        let header = request::meta_info(&PageInfo {
            screen,
            user_agent: user_agent.clone(),
        });
        ensure(header.is_ascii(), || "not ASCII".into())?;
        let json = decode_base64(&header).ok_or_else(|| TestCaseError::fail("not base64"))?;
        let v: Value =
            serde_json::from_slice(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        ensure(
            v["sdkIdentifier"] == request::SDK_IDENTIFIER
                && v["sdkCreator"] == request::SDK_CREATOR,
            || "sdk".into(),
        )?;
        ensure(
            v.get("platformIdentifier").and_then(Value::as_str) == user_agent.as_deref(),
            || "user agent".into(),
        )?;
        ensure(
            v.get("screenSize")
                .and_then(Value::as_str)
                .map(str::to_string)
                == screen.map(|(w, h)| format!("{w}x{h}")),
            || "screen".into(),
        )
    });
}

#[test]
fn fuzz_customer_details_request() {
    let base = select(
        &[
            "https://h.example/client/v1",
            "http://127.0.0.1:9/client/v1",
        ][..],
    );
    let strategy = (
        base,
        text(20),
        any::<u64>(),
        valid_lookup(),
        text(20),
        any::<u64>(),
        valid_lookup(),
    );
    fuzz(
        "customer_details_request",
        vec![],
        strategy,
        |(base, customer, id, lookup, customer2, id2, lookup2)| {
            let built = request::customer_details(base, &customer, id, &lookup);
            ensure(
                built.url
                    == format!(
                        "{base}/{}/products/{id}/customerDetails",
                        segment(&customer)
                    ),
                || built.url.clone(),
            )?;
            let body: Value = serde_json::from_str(built.body.as_deref().unwrap_or(""))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let values: Vec<Value> = lookup
                .values
                .iter()
                .map(|(k, v)| serde_json::json!({"key": k, "value": v}))
                .collect();
            ensure(
                body == serde_json::json!({"countryCode": lookup.country_code, "values": values}),
                || format!("{body}"),
            )?;
            // The cache key tells requests apart exactly.
            let other = request::customer_details(base, &customer2, id2, &lookup2);
            let same_input =
                (customer == customer2, id == id2, lookup == lookup2) == (true, true, true);
            ensure(
                (request::cache_key(&built) == request::cache_key(&other)) == same_input,
                || "cache key".into(),
            )?;
            let again = request::customer_details(base, &customer, id, &lookup);
            ensure(
                request::cache_key(&again) == request::cache_key(&built),
                || "unstable key".into(),
            )
        },
    );
}

#[test]
fn fuzz_payment_product_request() {
    let details = (
        upper(2),
        upper(3),
        any::<u64>(),
        proptest::option::of(text(12)),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(country_code, currency, amount, locale, is_recurring)| PaymentDetails {
                total_amount: amount,
                country_code,
                currency,
                locale,
                is_recurring,
            },
        );
    fuzz(
        "payment_product_request",
        vec![],
        (text(20), any::<u64>(), details),
        |(customer, id, d)| {
            let built: Built = request::payment_product("https://h/client/v1", &customer, id, &d);
            ensure(built.body.is_none(), || "GET with a body".into())?;
            let (path, query) = built
                .url
                .split_once('?')
                .ok_or_else(|| TestCaseError::fail("no query"))?;
            ensure(
                path == format!("https://h/client/v1/{}/products/{id}", segment(&customer)),
                || path.to_string(),
            )?;
            let mut params = Vec::new();
            for pair in query.split('&') {
                let (k, v) = pair
                    .split_once('=')
                    .ok_or_else(|| TestCaseError::fail(pair.to_string()))?;
                let v = String::from_utf8(
                    percent_decode(v).ok_or_else(|| TestCaseError::fail(v.to_string()))?,
                )
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
                params.push((k.to_string(), v));
            }
            let mut want = vec![
                ("countryCode".to_string(), d.country_code.clone()),
                ("currencyCode".to_string(), d.currency.clone()),
                ("amount".to_string(), d.total_amount.to_string()),
            ];
            if let Some(r) = d.is_recurring {
                want.push(("isRecurring".into(), r.to_string()));
            }
            if let Some(l) = &d.locale {
                want.push(("locale".into(), l.clone()));
            }
            ensure(params == want, || format!("{params:?}"))
        },
    );
}
