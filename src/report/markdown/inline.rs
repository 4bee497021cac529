//! Inline Markdown that carries no markup: every value from state, S3 or CloudTrail goes
//! through a code span ([`code`]) or escaped text ([`text`]), so it cannot add HTML, links
//! or `@mentions`, nor break a table.

use crate::report::escape::clean;

/// The longest run of `c` in `s` (a fence must be longer).
pub(super) fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        if ch == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// Control characters escaped, line breaks kept (a code block's content).
pub(super) fn clean_block(s: &str) -> String {
    s.split('\n')
        .map(|l| clean(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line: control characters escaped, line breaks as spaces.
fn one_line(s: &str) -> String {
    clean(&s.replace(['\r', '\n'], " ")).into_owned()
}

/// Text as a code span: nothing inside is Markdown, HTML or a mention. In a table cell `|`
/// is escaped, which GitHub's table parser requires even inside a code span.
pub fn code(s: &str, in_table: bool) -> String {
    let mut s = one_line(s);
    if in_table {
        s = s.replace('|', "\\|");
    }
    let run = longest_run(&s, '`');
    let fence = "`".repeat(run + 1);
    // A span that starts or ends with a backtick needs a space between it and the fence.
    let pad = if run > 0 { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// Text with every Markdown and HTML meaning taken away: punctuation backslash-escaped,
/// `<`, `>` and `&` as entities, `@` followed by a zero-width space so no one is mentioned.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push_str("@&#8203;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text for HTML content.
pub(super) fn html(s: &str) -> String {
    one_line(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_anything() {
        assert_eq!(code("a", false), "`a`");
        assert_eq!(code("a|b", true), "`a\\|b`");
        assert_eq!(code("a`b", false), "`` a`b ``");
        assert_eq!(code("line\nbreak", false), "`line break`");
    }

    #[test]
    fn text_has_no_markup() {
        assert_eq!(
            text("<img src=x> @alice *bold* [l](u) a|b"),
            "&lt;img src=x&gt; @&#8203;alice \\*bold\\* \\[l\\](u) a\\|b"
        );
    }
}
