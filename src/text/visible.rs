//! Text shown on a terminal with its control characters made visible, so that an escape
//! sequence in an input (`ESC [2J`, an OSC window title, a bidi override) is printed as what it
//! is instead of acting on the terminal of whoever reads a diff, a review or a warning.

use std::borrow::Cow;

/// Whether `c` would act on a terminal rather than print: C0 controls other than tab and line
/// feed, DEL, C1 controls, and the bidirectional overrides and isolates that reorder what
/// follows them.
fn acts(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every character that would act on a terminal written as `\u{1b}`; the rest as it
/// is.
///
/// ```
/// use galley::text::visible::escape_controls;
/// assert_eq!(escape_controls("一\u{1b}[2J二\n"), "一\\u{1b}[2J二\n");
/// assert_eq!(escape_controls("近年来，山西"), "近年来，山西");
/// ```
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(acts) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if acts(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::escape_controls;

    #[test]
    fn escapes_what_acts_on_a_terminal_and_nothing_else() {
        assert_eq!(
            escape_controls("\u{1b}]0;title\u{7}a\u{9b}b\u{202e}c\r\u{c}"),
            "\\u{1b}]0;title\\u{7}a\\u{9b}b\\u{202e}c\\u{d}\\u{c}"
        );
        let plain = "第1版\t要闻\n　“引号”，全角";
        assert_eq!(escape_controls(plain), plain);
    }
}
