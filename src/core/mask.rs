//! Display masks of product fields, such as `{{99999999}}-{{9999}}` for a Swedish
//! personal number: what a form shows while the shopper types, and what is sent.
//!
//! The semantics are those of `MaskingUtil` in `connect-sdk-client-js` 4.0.4: inside
//! `{{ }}`, `9` takes a digit and `*` any character; every other character of the mask
//! is a literal, inserted as the value reaches it. Where 4.0.4 has a bug, we differ on
//! purpose (each difference is listed in the README and excluded, by its class, from the
//! differential test in `tests/e2e/mask.test.mjs`):
//! - only `0`–`9` fill a `9` (4.0.4 also takes tabs, line breaks and other white space
//!   but the plain space, because `Number("\t")` is `0`);
//! - `9` and `*` outside `{{ }}` are literals (4.0.4 treats them as slots when
//!   formatting, yet drops them when removing the mask);
//! - characters outside the Basic Multilingual Plane (emoji) are one character, never
//!   split into two halves of a surrogate pair;
//! - [`max_length`] counts every character a full value shows (4.0.4's
//!   `getMaxLengthBasedOnMask` answers one less, so the last character cannot be typed).
//!
//! Cursor indices and lengths are in UTF-16 code units, as JavaScript counts
//! (`selectionStart`, `maxLength`).

/// A value laid into its mask, and where the caret goes (`applyMask`'s answer).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Masked {
    /// The value as the form shows it.
    pub formatted_value: String,
    /// `MaskingUtil`'s cursor index, in UTF-16 code units: one past the first character
    /// that differs from the previous value, or one past the end when the value grew by
    /// one character at its end; `1` when nothing differs. It can exceed the length by
    /// one, as in 4.0.4 (`setSelectionRange` clamps it).
    // A `u32`: serde-wasm-bindgen serializes a `usize` through its `u64` path, whose range
    // error links `format!`.
    #[cfg_attr(test, ts(type = "number"))]
    pub cursor_index: u32,
}

/// Lays `value` into `mask`. Characters a slot does not take are dropped, literals are
/// inserted where the value has not typed them, and formatting stops where the value or
/// the mask ends (so a trailing literal appears only once a character follows it). No
/// mask, or an empty one, leaves the value as it is. `previous` is the value shown before
/// this edit, used for the cursor index only.
pub fn apply_mask(mask: Option<&str>, value: &str, previous: Option<&str>) -> Masked {
    let formatted = match mask {
        None | Some("") => value.to_string(),
        Some(mask) => fill(mask, value),
    };
    let mut cursor_index: u32 = 1;
    if let Some(previous) = previous {
        if !previous.is_empty() {
            let mut old = previous.chars();
            let mut at: u32 = 0;
            for c in formatted.chars() {
                if old.next() != Some(c) {
                    cursor_index = at.saturating_add(1);
                    break;
                }
                at = at.saturating_add(c.len_utf16() as u32);
            }
        }
        // Grew by one character at its end (4.0.4 compares all but the last character).
        let head = formatted
            .char_indices()
            .next_back()
            .and_then(|(i, _)| formatted.get(..i))
            .unwrap_or_default();
        if head == previous {
            let len16 = u32::try_from(formatted.encode_utf16().count()).unwrap_or(u32::MAX);
            cursor_index = len16.saturating_add(1);
        }
    }
    Masked {
        formatted_value: formatted,
        cursor_index,
    }
}

/// The mask's characters with the braces dropped: any `{` opens and any `}` closes, so
/// unbalanced masks still have one reading. Inside braces, `9` and `*` are slots.
fn fill(mask: &str, value: &str) -> String {
    let mut out = String::new();
    let mut braced = false;
    let mut chars = value.chars().peekable();
    for m in mask.chars() {
        match m {
            '{' => braced = true,
            '}' => braced = false,
            _ => {
                let slot = braced && matches!(m, '9' | '*');
                loop {
                    let Some(&c) = chars.peek() else {
                        return out;
                    };
                    if !slot {
                        out.push(m);
                        if c == m {
                            chars.next();
                        }
                        break;
                    }
                    chars.next();
                    // Only 0-9 fill a `9` (4.0.4 also takes white space but the space).
                    if m == '*' || c.is_ascii_digit() {
                        out.push(c);
                        break;
                    }
                }
            }
        }
    }
    out
}

/// The characters of `value` at the mask's braced positions, trimmed: what is sent for a
/// value the form shows masked. Positional, as in 4.0.4: it expects a masked value (see
/// [`unmask`] for values that may or may not be masked). No mask, or an empty one, only
/// trims.
pub fn remove_mask(mask: Option<&str>, value: &str) -> String {
    let Some(mask) = mask.filter(|m| !m.is_empty()) else {
        return js_trim(value).to_string();
    };
    let mut kept = String::new();
    let mut braced = false;
    let mut chars = value.chars();
    for m in mask.chars() {
        match m {
            '{' => braced = true,
            '}' => braced = false,
            _ => match chars.next() {
                Some(c) if braced => kept.push(c),
                _ => {}
            },
        }
    }
    js_trim(&kept).to_string()
}

/// The value to check and send for a field with `mask`, whether the shopper's page sent
/// it masked or not: a value that is already in the mask's form (formatting leaves it
/// unchanged) has the mask removed; any other value is left as it is, for the field's
/// rules to judge.
pub fn unmask(mask: &str, value: &str) -> String {
    if mask.is_empty() || apply_mask(Some(mask), value, None).formatted_value != value {
        return value.to_string();
    }
    remove_mask(Some(mask), value)
}

/// How long a full value is once masked, in UTF-16 code units: every character of the
/// mask but its braces. `None` for no mask or an empty one. Use it as an input's
/// `maxLength`.
pub fn max_length(mask: Option<&str>) -> Option<usize> {
    let n = mask
        .unwrap_or_default()
        .chars()
        .filter(|c| !matches!(c, '{' | '}'))
        .map(char::len_utf16)
        .sum();
    (n > 0).then_some(n)
}

/// JavaScript's `String.prototype.trim`: its white space and line terminators, which are
/// not quite Rust's (`U+FEFF` is one, `U+0085` is not).
fn js_trim(s: &str) -> &str {
    // A `fn` pointer, as in `details::normalise_api_url`: one `trim_matches` for both.
    let js_space: fn(char) -> bool = |c| {
        matches!(
            c,
            '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
                ..='\u{200a}'
                    | '\u{2028}'
                    | '\u{2029}'
                    | '\u{202f}'
                    | '\u{205f}'
                    | '\u{3000}'
                    | '\u{feff}'
        )
    };
    s.trim_matches(js_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SE: &str = "{{99999999}}-{{9999}}";

    #[test]
    fn apply_formats_like_masking_util() {
        // (mask, value, previous, formatted, cursor), checked against 4.0.4 by hand.
        type Case<'a> = (Option<&'a str>, &'a str, Option<&'a str>, &'a str, u32);
        let cases: &[Case] = &[
            (Some(SE), "", None, "", 1),
            (Some(SE), "1", None, "1", 1),
            (Some(SE), "12345678", None, "12345678", 1),
            (Some(SE), "123456789", None, "12345678-9", 1),
            (Some(SE), "012345678901", None, "01234567-8901", 1),
            (Some(SE), "01234567-8901", None, "01234567-8901", 1),
            (Some(SE), "0123456789012345", None, "01234567-8901", 1),
            (Some(SE), "0a1b2c3d4e5f6g7h8", None, "01234567-8", 1),
            (Some(SE), "1 2\t3", None, "123", 1),
            (Some(SE), "12345678-", None, "12345678-", 1),
            (Some(SE), "1234567-8", None, "12345678", 1),
            // typed one character at the end: the caret goes one past it, as in 4.0.4
            (Some(SE), "123", Some("12"), "123", 4),
            (Some(SE), "123456789", Some("12345678"), "12345678-9", 9),
            // an edit in the middle: one past the first difference
            (Some(SE), "19345678-9", Some("12345678-9"), "19345678-9", 2),
            // nothing changed, or a deletion at the end: 1
            (Some(SE), "1234", Some("1234"), "1234", 1),
            (Some(SE), "123", Some("1234"), "123", 1),
            (Some(SE), "", Some(""), "", 1),
            (Some(SE), "1", Some(""), "1", 2),
            (Some("+46 {{999}}"), "7", None, "+46 7", 1),
            (Some("+46 {{999}}"), "+46 7", None, "+46 7", 1),
            (Some("{{99}}/{{99}}"), "1225", None, "12/25", 1),
            (Some("{{****}} {{****}}"), "SE12 34ab", None, "SE12 34ab", 1),
            (Some("{{****}} {{****}}"), "SE1234ab", None, "SE12 34ab", 1),
            (Some("{{99}}"), "😀1", None, "1", 1),
            (Some("{{*}}{{9}}"), "😀1", Some("😀"), "😀1", 4),
            // literals inside braces stay literals; 9 and * outside braces too
            (Some("{{9a9}}"), "12", None, "1a2", 1),
            (Some("9{{9}}"), "12", None, "91", 1),
            (Some("{{}}"), "12", None, "", 1),
            (Some("{{99"), "123", None, "12", 1),
            (None, " 1-2 ", None, " 1-2 ", 1),
            (Some(""), "ab", Some("a"), "ab", 3),
        ];
        for &(mask, value, previous, formatted, cursor) in cases {
            let got = apply_mask(mask, value, previous);
            assert_eq!(
                (got.formatted_value.as_str(), got.cursor_index),
                (formatted, cursor),
                "{mask:?} {value:?} {previous:?}"
            );
        }
    }

    #[test]
    fn remove_is_positional_and_trims() {
        let cases: &[(Option<&str>, &str, &str)] = &[
            (Some(SE), "01234567-8901", "012345678901"),
            (Some(SE), "01234567-89", "0123456789"),
            (Some(SE), "01234567", "01234567"),
            (Some(SE), "", ""),
            // an unmasked value loses the character at the literal's place, as in 4.0.4
            (Some(SE), "012345678901", "01234567901"),
            (Some("+46 {{999}}"), "+46 712", "712"),
            (Some("{{99}} {{99}}"), "12 34", "1234"),
            (Some("{{****}} {{****}}"), "SE12 34ab", "SE1234ab"),
            (Some("{{a9}}"), "x1", "x1"),
            (None, " \u{feff}12 \n", "12"),
            (Some(""), " 12", "12"),
            (Some("{{9}}"), "\u{85}", "\u{85}"),
        ];
        for &(mask, value, want) in cases {
            assert_eq!(remove_mask(mask, value), want, "{mask:?} {value:?}");
        }
    }

    #[test]
    fn unmask_takes_masked_and_unmasked_values() {
        for (value, want) in [
            ("01234567-8901", "012345678901"),
            ("012345678901", "012345678901"),
            ("01234567-89", "0123456789"),
            ("0123-45678901", "0123-45678901"),
            ("", ""),
            ("abc", "abc"),
        ] {
            assert_eq!(unmask(SE, value), want, "{value:?}");
        }
        assert_eq!(unmask("", " x "), " x ");
    }

    #[test]
    fn max_length_counts_what_a_full_value_shows() {
        assert_eq!(max_length(Some(SE)), Some(13));
        assert_eq!(max_length(Some("{{99}}/{{99}}")), Some(5));
        assert_eq!(max_length(Some("{{9}}€😀")), Some(4));
        assert_eq!(max_length(Some("{{}}")), None);
        assert_eq!(max_length(Some("")), None);
        assert_eq!(max_length(None), None);
    }
}
