//! Fuzz targets: display masks (issue 12), against the semantics of connect-sdk-client-js
//! 4.0.4's MaskingUtil.

use super::*;

// ---- Display masks (issue 12) --------------------------------------------------------

/// Masks as products write them (`{{99999999}}-{{9999}}`, `+46 {{999}}`), and odd ones:
/// unbalanced braces, literals inside braces, `9` and `*` outside them.
fn mask_strategy() -> impl Strategy<Value = String> {
    let group = prop_oneof![
        3 => from_alphabet("99999*", 1..6).prop_map(|s| format!("{{{{{s}}}}}")),
        2 => from_alphabet(" -/+.46", 1..3),
        1 => from_alphabet("9*a-{}", 1..4),
        1 => text(3),
    ];
    prop::collection::vec(group, 0..5).prop_map(|g| g.concat())
}

/// Typed values: digits with separators, anything, and values already masked.
fn mask_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => from_alphabet("0123456789 -/", 0..20),
        2 => text(20),
    ]
}

#[test]
fn fuzz_mask_apply() {
    use connect_sdk_client_wasm::core::mask::{apply_mask, max_length, remove_mask, unmask};
    let seeds = [
        "{{99999999}}-{{9999}}",
        "{{99}}/{{99}}",
        "+46 {{999}} {{99}}",
        "{{****}} {{****}}",
    ];
    let corpus = seeds
        .iter()
        .flat_map(|m| {
            ["", "0123456789012", "01234567-8901", "a1 b2\t3😀"]
                .map(|v| (m.to_string(), v.to_string(), None))
        })
        .collect();
    fuzz(
        "mask_apply",
        corpus,
        (
            mask_strategy(),
            mask_value(),
            proptest::option::of(mask_value()),
        ),
        |(mask, value, previous)| {
            let out = apply_mask(Some(&mask), &value, previous.as_deref());
            let shown = &out.formatted_value;
            let len16 = shown.encode_utf16().count();
            // The cursor is where 4.0.4 puts it: at most one past the end, never 0.
            ensure(
                (1..=len16 + 1).contains(&(out.cursor_index as usize)),
                || format!("cursor {}", out.cursor_index),
            )?;
            // Never longer than the mask, and within the max length a form sets.
            // (max_length counts a slot as one UTF-16 unit; an emoji in a `*` takes two.)
            let positions = mask.chars().filter(|c| !matches!(c, '{' | '}')).count();
            ensure(
                mask.is_empty() || shown.chars().count() <= positions,
                || "longer than the mask".into(),
            )?;
            if !mask.is_empty() && shown.chars().all(|c| c.len_utf16() == 1) {
                ensure(len16 <= max_length(Some(&mask)).unwrap_or(0), || {
                    "longer than max_length".into()
                })?;
            }
            // Formatting a formatted value changes nothing, and it stays a prefix of the
            // formatting of any longer input.
            ensure(
                apply_mask(Some(&mask), shown, None).formatted_value == *shown,
                || "not idempotent".into(),
            )?;
            // Every value character a slot took is in the unmasked value, in order.
            let unmasked = remove_mask(Some(&mask), shown);
            ensure(mask.is_empty() || unmask(&mask, shown) == unmasked, || {
                "unmask of masked".into()
            })?;
            ensure(unmasked.chars().all(|c| shown.contains(c)), || {
                "unmasked has a character not shown".into()
            })?;
            // A value not in the mask's form is judged as it is.
            if !mask.is_empty() && apply_mask(Some(&mask), &value, None).formatted_value != value {
                ensure(unmask(&mask, &value) == value, || {
                    "unmask changed it".into()
                })?;
            }
            // No mask: unchanged.
            ensure(
                apply_mask(None, &value, None).formatted_value == value,
                || "no mask".into(),
            )?;
            Ok(())
        },
    );
}

#[test]
fn fuzz_mask_round_trip() {
    use connect_sdk_client_wasm::core::mask::{apply_mask, remove_mask};
    // A mask of digit slots and separators: any digits laid in and taken out again are
    // the digits typed, as many as the mask has slots.
    let mask = prop::collection::vec(
        prop_oneof![
            (1usize..9).prop_map(|n| format!("{{{{{}}}}}", "9".repeat(n))),
            from_alphabet(" -/+.", 1..3),
        ],
        1..5,
    )
    .prop_map(|g| g.concat());
    fuzz(
        "mask_round_trip",
        vec![(
            "{{99999999}}-{{9999}}".to_string(),
            "012345678901".to_string(),
        )],
        (mask, from_alphabet(DIGITS, 0..30)),
        |(mask, digits)| {
            let slots = mask.matches('9').count();
            let shown = apply_mask(Some(&mask), &digits, None).formatted_value;
            let back = remove_mask(Some(&mask), &shown);
            let want: String = digits.chars().take(slots).collect();
            ensure(back == want, || {
                format!("{shown:?} -> {back:?}, want {want:?}")
            })?;
            // Typing the unmasked digits again shows the same (but for a trailing literal,
            // shown only while more was typed than the mask holds).
            let again = apply_mask(Some(&mask), &back, None).formatted_value;
            ensure(slots == 0 || shown.starts_with(&again), || {
                format!("{back:?} shows {again:?}, not {shown:?}")
            })
        },
    );
}
