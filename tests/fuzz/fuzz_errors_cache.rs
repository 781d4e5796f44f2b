//! Fuzz targets: Error messages, and the cache against a model.

use super::*;

// ---- Errors and cache ----------------------------------------------------------------

#[test]
fn fuzz_error_messages() {
    let input = (
        text(20),
        select(INPUT_RULES),
        proptest::option::of(text(20)),
    );
    fuzz(
        "error_messages",
        vec![],
        (input, any::<u16>(), any::<u32>(), any::<u64>()),
        |((property, rule, quoted), status, ms, n)| {
            let errors: Vec<Error<()>> = vec![
                Error::Input(InputError {
                    property: property.clone(),
                    rule,
                    quoted: quoted.clone(),
                }),
                Error::Http { status },
                Error::Response {
                    status,
                    problem: BodyProblem::FieldType("zip"),
                },
                Error::Api {
                    status,
                    error_id: "e".into(),
                    code: "c".into(),
                    id: None,
                    errors: (),
                },
                Error::Network,
                Error::Timeout { ms },
                Error::Abort,
                Error::Internal,
            ];
            for e in &errors {
                let m = e.message();
                ensure(
                    m.starts_with("connect: ") && e.name().starts_with("Connect"),
                    || m.clone(),
                )?;
                let (code, id, _) = e.sdk_entry();
                ensure(!code.is_empty() && !id.is_empty(), || "sdk entry".into())?;
            }
            ensure(errors[5].message().contains(&ms.to_string()), || {
                "timeout ms".into()
            })?;
            let mut s = String::new();
            push_u64(&mut s, n);
            ensure(s == n.to_string(), || s.clone())
        },
    );
}

#[derive(Debug, Clone)]
enum Op {
    Keep(u8, u8),
    Clear,
}

#[test]
fn fuzz_cache_against_a_model() {
    let op = prop_oneof![
        3 => (0u8..40, any::<u8>()).prop_map(|(k, v)| Op::Keep(k, v)),
        1 => Just(Op::Clear),
    ];
    fuzz(
        "cache_model",
        vec![],
        prop::collection::vec(op, 0..80),
        |ops| {
            let mut cache: Cache<u8> = Cache::default();
            let mut answers: Vec<(String, u8)> = Vec::new();
            for op in ops {
                match op {
                    Op::Keep(k, v) => {
                        let key = k.to_string();
                        cache.keep(&key, v);
                        answers.retain(|(a, _)| *a != key);
                        if answers.len() >= CAPACITY {
                            answers.remove(0);
                        }
                        answers.push((key, v));
                    }
                    Op::Clear => {
                        cache.clear();
                        answers.clear();
                    }
                }
                ensure(
                    cache.len() == answers.len() && cache.len() <= CAPACITY,
                    || "len".into(),
                )?;
                for k in 0u8..40 {
                    let key = k.to_string();
                    let want = answers.iter().find(|(a, _)| *a == key).map(|(_, v)| *v);
                    ensure(cache.answer(&key) == want, || format!("answer {key}"))?;
                }
            }
            Ok(())
        },
    );
}
