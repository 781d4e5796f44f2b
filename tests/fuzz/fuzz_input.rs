//! Fuzz targets: The input checks: lookups, numbers and flags, text, payment details.

use super::*;

// ---- Input checks --------------------------------------------------------------------

#[test]
fn fuzz_validate_lookup() {
    fuzz("validate_lookup", vec![], lookup_strategy(), |raw_lookup| {
        let n = match &raw_lookup.values {
            Raw::Value(v) => v.len(),
            _ => 0,
        };
        match validate::lookup(raw_lookup.clone()) {
            Ok(l) => {
                let Raw::Value(c) = &raw_lookup.country_code else {
                    return Err(TestCaseError::fail("country"));
                };
                ensure(
                    l.country_code == c.to_ascii_uppercase() && l.country_code.len() == 2,
                    || l.country_code.clone(),
                )?;
                ensure(
                    l.country_code.bytes().all(|b| b.is_ascii_uppercase()),
                    || l.country_code.clone(),
                )?;
                ensure(
                    (1..=validate::MAX_VALUES).contains(&l.values.len()) && l.values.len() == n,
                    || "count".into(),
                )?;
                let keys: BTreeSet<&String> = l.values.iter().map(|(k, _)| k).collect();
                ensure(keys.len() == l.values.len(), || "duplicate keys".into())?;
                let Raw::Value(items) = raw_lookup.values else {
                    return Err(TestCaseError::fail("values"));
                };
                for ((k, v), item) in l.values.iter().zip(items) {
                    ensure(
                        !k.is_empty() && k.chars().count() <= validate::MAX_KEY_LEN,
                        || k.clone(),
                    )?;
                    ensure(v.chars().count() <= validate::MAX_VALUE_LEN, || {
                        "value length".into()
                    })?;
                    ensure(
                        item == Raw::Value(RawPair {
                            key: Raw::Value(k.clone()),
                            value: Raw::Value(v.clone()),
                        }),
                        || "order or content changed".into(),
                    )?;
                }
                Ok(())
            }
            Err(e) => {
                ensure(INPUT_RULES.contains(&e.rule), || e.rule.to_string())?;
                let p = e.property.as_str();
                let indexed = p
                    .strip_prefix("values[")
                    .and_then(|r| r.split_once(']'))
                    .is_some_and(|(i, rest)| {
                        i.parse::<usize>().is_ok_and(|i| i < n)
                            && ["", ".key", ".value"].contains(&rest)
                    });
                ensure(p == "countryCode" || p == "values" || indexed, || {
                    format!("property {p}")
                })
            }
        }
    });
}

#[test]
fn fuzz_validate_numbers_and_flags() {
    let strategy = (
        raw(number()),
        raw(number()),
        raw(any::<bool>()),
        any::<u32>(),
    );
    fuzz(
        "validate_numbers",
        vec![],
        strategy,
        |(id, timeout, flag, default)| {
            match validate::product_id(id.clone()) {
                Ok(n) => ensure(
                    (1..=9_007_199_254_740_991).contains(&n) && Raw::Value(n as f64) == id,
                    || format!("{id:?} -> {n}"),
                )?,
                Err(e) => ensure(
                    e.property == "paymentProductId" && INPUT_RULES.contains(&e.rule),
                    || e.property,
                )?,
            }
            match validate::timeout_ms(timeout.clone(), "t", default) {
                Ok(ms) if timeout == Raw::Missing => ensure(ms == default, || "default".into())?,
                Ok(ms) => ensure(
                    (1..=validate::MAX_TIMEOUT_MS).contains(&ms)
                        && Raw::Value(f64::from(ms)) == timeout,
                    || format!("{timeout:?} -> {ms}"),
                )?,
                Err(e) => ensure(e.property == "t" && timeout != Raw::Missing, || e.property)?,
            }
            match validate::flag(flag.clone(), "f", true) {
                Ok(b) => ensure(flag == Raw::Missing && b || flag == Raw::Value(b), || {
                    "flag".into()
                }),
                Err(_) => ensure(matches!(flag, Raw::WrongType | Raw::Malformed), || {
                    "flag".into()
                }),
            }
        },
    );
}

#[test]
fn fuzz_validate_text() {
    let seeds = corpus("text");
    let strategy = (
        prop_oneof![text(12), mutated(seeds.clone()), country()],
        0usize..20,
    );
    let replay = seeds.iter().map(|s| (s.clone(), 8usize)).collect();
    fuzz("validate_text", replay, strategy, |(s, max)| {
        let two_letters = s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic());
        match validate::country_code(Raw::Value(s.clone())) {
            Ok(c) => ensure(two_letters && c == s.to_ascii_uppercase(), || {
                format!("{s:?} -> {c}")
            })?,
            Err(_) => ensure(!two_letters, || format!("{s:?} refused"))?,
        }
        match validate::require_text(Raw::Value(s.clone()), "p".into(), max) {
            Ok(t) => ensure(t == s && !s.is_empty() && s.chars().count() <= max, || {
                "require_text".into()
            }),
            Err(e) => ensure(s.is_empty() || s.chars().count() > max, || {
                e.rule.to_string()
            }),
        }
    });
}

#[test]
fn fuzz_payment_details() {
    let strategy = (
        raw(number()),
        raw(country()),
        raw(prop_oneof![
            select(&["SEK", "eur", "EU", "EURO", "€UR"][..]).prop_map(str::to_string),
            text(4)
        ]),
        raw(prop_oneof![
            select(&["sv_SE", "en-GB", "x", "sv SE"][..]).prop_map(str::to_string),
            text(40)
        ]),
        raw(any::<bool>()),
    );
    fuzz(
        "payment_details",
        vec![],
        strategy,
        |(amount, country, currency, locale, recurring)| {
            let raw_details = RawPaymentDetails {
                total_amount: amount.clone(),
                country_code: country,
                currency,
                locale: locale.clone(),
                is_recurring: recurring.clone(),
            };
            match raw_details.check() {
                Ok(d) => {
                    ensure(
                        Raw::Value(d.total_amount as f64) == amount || amount == Raw::Value(-0.0),
                        || "amount".into(),
                    )?;
                    ensure(
                        d.country_code.len() == 2
                            && d.country_code.bytes().all(|b| b.is_ascii_uppercase()),
                        || d.country_code.clone(),
                    )?;
                    ensure(
                        d.currency.len() == 3 && d.currency.bytes().all(|b| b.is_ascii_uppercase()),
                        || d.currency.clone(),
                    )?;
                    if let Some(l) = &d.locale {
                        ensure(
                            (2..=35).contains(&l.len())
                                && l.bytes()
                                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'),
                            || l.clone(),
                        )?;
                    }
                    ensure(d.locale.is_none() == (locale == Raw::Missing), || {
                        "locale".into()
                    })?;
                    ensure(
                        d.is_recurring.is_none() == (recurring == Raw::Missing),
                        || "isRecurring".into(),
                    )
                }
                Err(e) => ensure(
                    e.property.starts_with("paymentDetails.") && INPUT_RULES.contains(&e.rule),
                    || e.property,
                ),
            }
        },
    );
}
