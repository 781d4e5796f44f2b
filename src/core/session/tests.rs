//! The session driven by events with a fake clock (plain numbers of milliseconds).

use super::*;
use crate::core::rules::FieldRules;

type S = Session<&'static str, &'static str>;

fn session(cache: bool) -> S {
    Session::new(SessionOptions {
        timeout_ms: 1000,
        cache,
    })
}

/// Starts a call and returns its waiter and the request it sends, if any.
fn wait(
    s: &mut S,
    key: &str,
    now: u64,
    ms: Option<u32>,
) -> (WaiterId, Option<(FlightId, CacheMode)>) {
    match s.start(key.into(), now, ms) {
        Start::Wait { waiter, send, .. } => (waiter, send),
        Start::Hit(v) => panic!("unexpected cache hit {v}"),
    }
}

fn sent(send: Option<(FlightId, CacheMode)>) -> FlightId {
    send.expect("a request is sent").0
}

#[test]
fn identical_calls_share_one_request_then_hit_the_cache() {
    let mut s = session(true);
    let (a, send) = wait(&mut s, "k", 0, None);
    let flight = sent(send);
    let (b, joined) = wait(&mut s, "k", 5, None);
    assert_eq!(joined, None, "the second call joins the request in flight");
    assert_eq!(s.waiting(flight), 2);
    let actions = s.answered(flight, Ok("answer"), false);
    assert_eq!(
        actions,
        vec![
            Action::Settle(a, Outcome::Answer("answer")),
            Action::Settle(b, Outcome::Answer("answer")),
        ]
    );
    assert_eq!(s.start("k".into(), 10, None), Start::Hit("answer"));
    s.clear_cache();
    assert!(matches!(
        s.start("k".into(), 20, None),
        Start::Wait { send: Some(_), .. }
    ));
}

#[test]
fn different_keys_are_different_requests() {
    let mut s = session(true);
    let (_, one) = wait(&mut s, "a", 0, None);
    let (_, two) = wait(&mut s, "b", 0, None);
    assert_ne!(sent(one), sent(two));
}

#[test]
fn without_the_cache_every_call_is_sent_and_nothing_is_kept() {
    let mut s = session(false);
    let (_, one) = wait(&mut s, "k", 0, None);
    let (_, two) = wait(&mut s, "k", 0, None);
    let (one, two) = (sent(one), sent(two));
    assert_ne!(one, two);
    s.answered(one, Ok("x"), false);
    assert!(matches!(
        s.start("k".into(), 1, None),
        Start::Wait { send: Some(_), .. }
    ));
}

#[test]
fn deadlines_follow_the_clock_and_the_last_waiter_aborts() {
    let mut s = session(true);
    let (a, send) = wait(&mut s, "k", 0, None); // deadline 1000
    let flight = sent(send);
    let (b, _) = wait(&mut s, "k", 100, Some(300)); // deadline 400
    assert_eq!(s.next_deadline(), Some(400));
    assert_eq!(s.expire(399), vec![]);
    // b times out; a still waits, so the request goes on.
    assert_eq!(
        s.expire(400),
        vec![Action::Settle(b, Outcome::Timeout(300))]
    );
    assert_eq!(s.waiting(flight), 1);
    assert_eq!(s.next_deadline(), Some(1000));
    // a was the last waiter: its timeout aborts the request.
    assert_eq!(
        s.expire(1000),
        vec![
            Action::Settle(a, Outcome::Timeout(1000)),
            Action::Abort(flight)
        ]
    );
    assert_eq!(s.next_deadline(), None);
    // The aborted request's late answer settles nobody and is not cached.
    assert_eq!(s.answered(flight, Ok("late"), false), vec![]);
    let (_, again) = wait(&mut s, "k", 1001, None);
    assert_ne!(sent(again), flight, "a new request, not the aborted one");
}

#[test]
fn one_callers_abort_rejects_only_that_caller() {
    let mut s = session(true);
    let (a, send) = wait(&mut s, "k", 0, None);
    let flight = sent(send);
    let (b, _) = wait(&mut s, "k", 0, None);
    assert_eq!(s.abort(a), vec![Action::Settle(a, Outcome::Aborted)]);
    assert_eq!(s.abort(a), vec![], "a settled waiter is gone");
    assert_eq!(
        s.answered(flight, Err("api error"), true),
        vec![Action::Settle(b, Outcome::Failed("api error"))]
    );
    let (c, send) = wait(&mut s, "k", 0, None);
    let flight = sent(send);
    assert_eq!(
        s.abort(c),
        vec![Action::Settle(c, Outcome::Aborted), Action::Abort(flight)]
    );
}

#[test]
fn many_waiters_each_settle_exactly_once() {
    let mut s = session(true);
    let mut settled = Vec::new();
    let mut flights = Vec::new();
    for i in 0..50u64 {
        let key = if i % 2 == 0 { "even" } else { "odd" };
        let (w, send) = wait(&mut s, key, i, Some(if i % 5 == 0 { 10 } else { 500 }));
        flights.extend(send.map(|(f, _)| f));
        if i % 7 == 0 {
            settled.extend(s.abort(w));
        }
    }
    settled.extend(s.expire(100));
    for f in flights {
        settled.extend(s.answered(f, Ok("v"), false));
    }
    let mut ids: Vec<WaiterId> = settled
        .iter()
        .filter_map(|a| match a {
            Action::Settle(w, _) => Some(*w),
            Action::Abort(_) => None,
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 50, "every call settled once");
    assert_eq!(s.next_deadline(), None);
}

#[test]
fn failures_are_not_cached() {
    let mut s = session(true);
    let (_, send) = wait(&mut s, "k", 0, None);
    s.answered(sent(send), Err("network"), false);
    let (_, again) = wait(&mut s, "k", 1, None);
    assert!(again.is_some(), "a new request goes out");
}

/// Bug F: an answer the SDK rejected (a cacheable 300/301/308/410 from a proxy, stored
/// by the browser from this page or an earlier one) must not be replayed by the browser's
/// HTTP cache: a GET uses that cache only once this session accepted an answer for it.
#[test]
fn fixed_bug_f_a_get_uses_the_browser_cache_only_after_an_accepted_answer() {
    let mut s = session(true);
    let (_, send) = wait(&mut s, "k", 0, None);
    assert_eq!(
        send.map(|(_, m)| m),
        Some(CacheMode::Reload),
        "nothing accepted yet"
    );
    s.answered(sent(send), Err("410"), true);
    let (_, send) = wait(&mut s, "k", 1, None);
    assert_eq!(send.map(|(_, m)| m), Some(CacheMode::Reload));
    // Still reloading while it keeps being rejected; an accepted answer ends it.
    s.answered(sent(send), Ok("product"), false);
    s.clear_cache();
    let (_, send) = wait(&mut s, "k", 2, None);
    assert_eq!(send.map(|(_, m)| m), Some(CacheMode::Default));
    // A rejected answer makes it reload again.
    s.answered(sent(send), Err("410"), true);
    let (_, send) = wait(&mut s, "k", 3, None);
    assert_eq!(send.map(|(_, m)| m), Some(CacheMode::Reload));
}

/// A POST (its key holds the body after a newline) is never answered from the HTTP
/// cache, so it always keeps the default mode and with it the CORS preflight cache.
#[test]
fn a_post_always_uses_the_default_mode() {
    let mut s = session(true);
    let (_, send) = wait(&mut s, "url\n{}", 0, None);
    assert_eq!(send.map(|(_, m)| m), Some(CacheMode::Default));
    s.answered(sent(send), Err("x"), true);
    let (_, send) = wait(&mut s, "url\n{}", 1, None);
    assert_eq!(send.map(|(_, m)| m), Some(CacheMode::Default));
}

#[test]
fn accepted_keys_are_bounded() {
    let mut s = session(false);
    let n = crate::core::reload::CAPACITY + 3;
    for i in 0..n {
        let (_, send) = wait(&mut s, &i.to_string(), 0, None);
        s.answered(sent(send), Ok("x"), false);
    }
    assert_eq!(s.known_good.len(), crate::core::reload::CAPACITY);
    let (_, oldest) = wait(&mut s, "0", 0, None);
    assert_eq!(
        oldest.map(|(_, m)| m),
        Some(CacheMode::Reload),
        "forgotten: reloads"
    );
    let (_, newest) = wait(&mut s, &(n - 1).to_string(), 0, None);
    assert_eq!(newest.map(|(_, m)| m), Some(CacheMode::Default));
}

fn zip_rules() -> Vec<FieldRules> {
    vec![FieldRules {
        id: "zip".into(),
        required: true,
        ..FieldRules::default()
    }]
}

#[test]
fn rules_are_learnt_per_product_and_country() {
    let mut s = session(true);
    assert_eq!(s.rules(9000, "NO"), None);
    s.learn(9000, "NO", Some(zip_rules()));
    assert_eq!(s.rules(9000, "NO").as_deref(), Some(&zip_rules()));
    assert_eq!(s.rules(9000, "SE"), None);
    assert_eq!(s.rules(9001, "NO"), None);
    for id in 0..MAX_PRODUCTS as u64 {
        s.learn(id, "FI", Some(Vec::new()));
    }
    assert_eq!(s.rules(9000, "NO"), None, "the oldest product is forgotten");
}

/// Bug E: a 2xx product without usable fields must not teach the session that the
/// product has no lookup fields (every later lookup would be refused locally).
#[test]
fn fixed_bug_e_a_product_without_fields_teaches_nothing() {
    use crate::core::product::lookup_rules;
    use crate::core::response::tests::parse;
    let mut s = session(true);
    for body in [
        r#"{}"#,
        r#"{"id":9000}"#,
        r#"{"fields":[{"usedForLookup":true}]}"#,
    ] {
        let product = parse(body).expect("json");
        let rules = product.get("fields").and_then(lookup_rules);
        s.learn(9000, "SE", rules);
        assert_eq!(s.rules(9000, "SE"), None, "{body}");
    }
}
