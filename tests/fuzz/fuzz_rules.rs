//! Fuzz targets: Field rules, lookup checks, Luhn, e-mail addresses and products.

use super::*;

// ---- Rules and products --------------------------------------------------------------

#[test]
fn fuzz_field_rules() {
    let decimal = (
        any::<bool>(),
        from_alphabet(DIGITS, 0..5),
        proptest::option::of(from_alphabet(DIGITS, 0..4)),
    )
        .prop_map(|(neg, whole, frac)| {
            format!(
                "{}{whole}{}",
                if neg { "-" } else { "" },
                frac.map_or(String::new(), |f| format!(".{f}"))
            )
        });
    let value = prop_oneof![
        text(20),
        from_alphabet("0123456789 ", 0..21),
        decimal,
        select(&["", "0", "male", "a@b.se", "4111111111111111"][..]).prop_map(str::to_string)
    ];
    fuzz(
        "field_rules",
        vec![],
        (prop_oneof![field(), json()], value),
        |(f, value)| {
            let Some(rules) = FieldRules::from_field(&Json(f.clone())) else {
                return ensure(!f.get("id").is_some_and(Value::is_string), || {
                    "string id ignored".into()
                });
            };
            ensure(Some(rules.id.as_str()) == f["id"].as_str(), || "id".into())?;
            let result = rules.check(&value, &NativeRegex);
            if value.is_empty() {
                return ensure(
                    result
                        == if rules.required {
                            Err(rules::rule::REQUIRED)
                        } else {
                            Ok(())
                        },
                    || format!("{result:?}"),
                );
            }
            match result {
                Ok(()) => {
                    if let Some((min, max)) = rules.length {
                        let n = value.encode_utf16().count() as f64;
                        ensure(
                            !min.is_some_and(|m| n < m) && !max.is_some_and(|m| n > m),
                            || "length".into(),
                        )?;
                    }
                    if let Some(list) = &rules.allowed {
                        ensure(list.contains(&value), || "fixed list".into())?;
                    }
                    ensure(!rules.luhn || rules::luhn(&value), || "luhn".into())?;
                    ensure(!rules.email || rules::email_address(&value), || {
                        "email".into()
                    })?;
                    if let Some((min, max)) = rules.range {
                        // The SDK's own decimal parser against the standard one, away from the bounds.
                        let n: f64 = value
                            .parse()
                            .map_err(|_| TestCaseError::fail(format!("{value:?} passed range")))?;
                        let near = |b: Option<f64>| {
                            b.is_some_and(|b| (n - b).abs() <= 1e-9 * b.abs().max(1.0))
                        };
                        if !near(min) && !near(max) {
                            ensure(
                                !min.is_some_and(|m| n < m) && !max.is_some_and(|m| n > m),
                                || format!("{n} out of range"),
                            )?;
                        }
                    }
                    Ok(())
                }
                Err(r) => ensure(
                    [
                        rules::rule::LENGTH,
                        rules::rule::REGULAR_EXPRESSION,
                        rules::rule::FIXED_LIST,
                        rules::rule::RANGE,
                        rules::rule::LUHN,
                        rules::rule::EMAIL_ADDRESS,
                    ]
                    .contains(&r),
                    || r.to_string(),
                ),
            }
        },
    );
}

#[test]
fn fuzz_check_lookup() {
    let fields = prop::collection::vec(field(), 0..4);
    let values = prop::collection::vec(
        (
            select(&["fiscalNumber", "zip", "phoneNumber", "a", "b"][..]).prop_map(str::to_string),
            text(14),
        ),
        0..5,
    );
    fuzz(
        "check_lookup",
        vec![],
        (fields, values),
        |(fields, values)| {
            let rules: Vec<FieldRules> = fields
                .iter()
                .filter_map(|f| FieldRules::from_field(&Json(f.clone())))
                .collect();
            match rules::check_lookup(&rules, &values, &NativeRegex) {
                Ok(()) => {
                    for (k, _) in &values {
                        ensure(rules.iter().any(|r| r.id == *k), || {
                            format!("{k} is no field")
                        })?;
                    }
                    for r in &rules {
                        let v = values.iter().find(|(k, _)| *k == r.id).map(|(_, v)| v);
                        ensure(v.is_some_and(|v| r.check(v, &NativeRegex).is_ok()), || {
                            format!("{} unchecked", r.id)
                        })?;
                    }
                    Ok(())
                }
                Err(e) => ensure(
                    values.iter().any(|(k, _)| *k == e.property)
                        || rules.iter().any(|r| r.id == e.property),
                    || format!("property {}", e.property),
                ),
            }
        },
    );
}

fn luhn_check_digit(digits: &str) -> u32 {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let d = c.to_digit(10).expect("digit");
        sum += if i % 2 == 0 {
            let t = d * 2;
            if t > 9 {
                t - 9
            } else {
                t
            }
        } else {
            d
        };
    }
    (10 - sum % 10) % 10
}

#[test]
fn fuzz_luhn() {
    let seeds = corpus("text");
    let strategy = (
        prop_oneof![text(24), mutated(seeds.clone())],
        from_alphabet(DIGITS, 1..31),
    );
    let replay = seeds
        .iter()
        .map(|s| (s.clone(), "7992739871".to_string()))
        .collect();
    fuzz("luhn", replay, strategy, |(s, digits)| {
        if rules::luhn(&s) {
            ensure(
                s.chars().all(|c| c.is_ascii_digit() || c == ' ')
                    && s.chars().filter(char::is_ascii_digit).count() >= 2,
                || format!("{s:?}"),
            )?;
        }
        let check = luhn_check_digit(&digits);
        for d in 0..10 {
            ensure(rules::luhn(&format!("{digits}{d}")) == (d == check), || {
                format!("{digits}{d}")
            })?;
        }
        Ok(())
    });
}

#[test]
fn fuzz_email_address() {
    let seeds = corpus("text");
    const LOCAL: &str = "abcdefghijklmnopqrstuvwxyz0123456789+_-";
    const LABEL: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
    let local = prop::collection::vec(from_alphabet(LOCAL, 1..9), 1..4).prop_map(|p| p.join("."));
    let domain = prop::collection::vec(from_alphabet(LABEL, 1..9), 2..5).prop_map(|p| p.join("."));
    let valid = (local, domain).prop_map(|(l, d)| format!("{l}@{d}"));
    let strategy = (prop_oneof![text(24), mutated(seeds.clone())], valid);
    let replay = seeds
        .iter()
        .map(|s| (s.clone(), "a@b.se".to_string()))
        .collect();
    fuzz("email_address", replay, strategy, |(s, valid)| {
        if rules::email_address(&s) {
            let (local, domain) = s.split_once('@').expect("@");
            ensure(
                !local.is_empty() && !domain.contains('@') && domain.contains('.'),
                || s.clone(),
            )?;
            ensure(
                !s.chars().any(|c| c.is_whitespace() || c.is_control()),
                || s.clone(),
            )?;
        }
        ensure(rules::email_address(&valid), || format!("{valid} refused"))
    });
}

#[test]
fn fuzz_products() {
    let fields = prop_oneof![
        prop::collection::vec(prop_oneof![3 => field(), 1 => json()], 0..10).prop_map(Value::Array),
        json(),
    ];
    let seeds: Vec<(Value, String, String)> = corpus("json")
        .iter()
        .filter_map(|t| serde_json::from_str::<Value>(t).ok())
        .map(|v| {
            (
                v.get("fields").cloned().unwrap_or(v),
                "https://a.example/".to_string(),
                "x.png".to_string(),
            )
        })
        .collect();
    let paths = prop_oneof![
        text(16),
        select(
            &[
                "",
                "/",
                "//cdn/x.png",
                "data:x",
                "https://x/y",
                "a:b",
                "templates/x.png"
            ][..]
        )
        .prop_map(str::to_string)
    ];
    fuzz(
        "products",
        seeds,
        (fields, text(16), paths),
        |(fields, base, path)| {
            let doc = Json(fields.clone());
            let order = product::display_order(&doc);
            let n = fields.as_array().map_or(0, Vec::len);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            ensure(sorted == (0..n as u32).collect::<Vec<_>>(), || {
                format!("{order:?} is no permutation of 0..{n}")
            })?;
            let key = |i: u32| {
                doc.at(i)
                    .and_then(|f| f.get("displayHints"))
                    .and_then(|h| h.get("displayOrder"))
                    .and_then(|o| o.number())
                    .filter(|o| o.is_finite())
            };
            for w in order.windows(2) {
                let (a, b) = (key(w[0]), key(w[1]));
                let in_order = match (a, b) {
                    (Some(x), Some(y)) => x < y || (x == y && w[0] < w[1]),
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => w[0] < w[1],
                };
                ensure(in_order, || format!("{w:?} out of order"))?;
            }
            let lookups = (0..n as u32)
                .filter(|&i| doc.at(i).is_some_and(|f| product::is_lookup_field(&f)))
                .count();
            let rules = product::lookup_rules(&doc).map_or(0, |r| r.len());
            ensure(rules <= lookups, || "lookup rules".into())?;
            let _ = product::check_body(&doc);
            let has_scheme = path.split_once(':').is_some_and(|(s, _)| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
            });
            match product::absolute_asset_url(&base, &path) {
                None => ensure(
                    path.is_empty() || has_scheme || path.starts_with("//"),
                    || format!("{path:?} left relative"),
                ),
                Some(u) => ensure(
                    !has_scheme
                        && u == format!(
                            "{}/{}",
                            base.trim_end_matches('/'),
                            path.trim_start_matches('/')
                        ),
                    || u.clone(),
                ),
            }
        },
    );
}
