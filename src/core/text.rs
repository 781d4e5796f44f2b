//! Searches for an ASCII delimiter, byte by byte. The standard library's `char` patterns
//! (`split_once(':')`, `find('/')`, `contains('@')`, `split('.')`) search with a
//! `CharSearcher` and `memchr`, about 600 bytes of wasm; an ASCII byte in UTF-8 is always
//! a whole character, so a plain byte loop finds the same places.

/// Where the first `b` (ASCII) is in `s`.
pub fn find(s: &str, b: u8) -> Option<usize> {
    s.bytes().position(|c| c == b)
}

/// Whether `s` holds `b` (ASCII).
pub fn has(s: &str, b: u8) -> bool {
    find(s, b).is_some()
}

/// `s` before and after its first `b` (ASCII), which is in neither.
pub fn split_once(s: &str, b: u8) -> Option<(&str, &str)> {
    let (head, tail) = s.split_at_checked(find(s, b)?)?;
    Some((head, tail.get(1..)?))
}

/// The parts of `s` between its `b`s (ASCII), as `str::split` gives them.
pub fn split(s: &str, b: u8) -> Split<'_> {
    Split { rest: Some(s), b }
}

/// The iterator of [`split`].
#[derive(Debug, Clone)]
pub struct Split<'a> {
    rest: Option<&'a str>,
    b: u8,
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        Some(match split_once(s, self.b) {
            Some((part, rest)) => {
                self.rest = Some(rest);
                part
            }
            None => {
                self.rest = None;
                s
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_places_as_char_patterns() {
        for s in ["", ":", "a:b:c", "é:ü", "::", "no delimiter", "ä.ö.", ".x."] {
            assert_eq!(split_once(s, b':'), s.split_once(':'), "{s}");
            assert_eq!(find(s, b'.'), s.find('.'), "{s}");
            assert_eq!(has(s, b':'), s.contains(':'), "{s}");
            assert_eq!(
                split(s, b'.').collect::<Vec<_>>(),
                s.split('.').collect::<Vec<_>>(),
                "{s}"
            );
        }
    }
}
