//! Text in the procès-verbal: HTML escaping, hashes in groups of four,
//! and filling the words' placeholders.

use super::html_words;
use crate::i18n::Language;

/// `&`, `<`, `>`, `"` and `'` as entities: the text stays text.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `abcd1234…` as `abcd 1234 …`: easier to read aloud and compare on paper.
pub fn in_fours(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `{name}` filled, and `{name|one|other}` chosen by the number (French: 0
/// and 1 singular), as `Strings::fill` does for the shared strings; in one
/// pass, so a value that holds `{b}` is not filled in turn.
pub fn fill(language: Language, text: &str, values: &[(&str, &str)]) -> String {
    let text = if language == Language::Fr {
        html_words::french(text)
    } else {
        text.to_owned()
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inside = &after[..close];
        let mut parts = inside.splitn(3, '|');
        let name = parts.next().unwrap_or("");
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => match (parts.next(), parts.next()) {
                (Some(one), Some(other)) => {
                    let n = value.parse::<u64>().unwrap_or(2);
                    let singular = if language == Language::Fr {
                        n <= 1
                    } else {
                        n == 1
                    };
                    out.push_str(if singular { one } else { other });
                }
                _ => out.push_str(value),
            },
            None => {
                out.push('{');
                out.push_str(inside);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_html() {
        assert_eq!(
            escape_html("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn hashes_in_fours() {
        assert_eq!(in_fours("abcd1234ef"), "abcd 1234 ef");
    }

    #[test]
    fn french_spacing_and_plurals() {
        let text = fill(
            Language::Fr,
            "Quorum : {n} {n|juré|jurés} ; « oui » ?",
            &[("n", "1")],
        );
        assert_eq!(
            text,
            "Quorum\u{a0}: 1 juré\u{a0}; «\u{a0}oui\u{a0}» ?".replace(" ?", "\u{a0}?")
        );
        assert_eq!(
            fill(Language::En, "{n} {n|grade|grades}: x", &[("n", "0")]),
            "0 grades: x"
        );
    }
}
