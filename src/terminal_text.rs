//! Text from a bundle or a tally on its way to a terminal: which characters
//! could drive the terminal or hide what is shown (controls, escape
//! sequences, bidirectional overrides, invisible format characters), and
//! how to show them instead, as visible `\u{…}` escapes.
//!
//! Bundles refuse these characters when they are loaded
//! (`crate::bundle::parse`); tallies are text typed in the kiosk or written
//! by anyone with the file. Every command escapes them anyway before
//! printing, so a hostile file cannot reach the terminal raw.

use std::borrow::Cow;

/// What kind of hazard a character is, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hazard {
    /// C0 (U+0000–U+001F, newline and tab included), DEL (U+007F) or C1
    /// (U+0080–U+009F): terminals act on them (ESC starts escape and OSC
    /// sequences, BEL rings, NEL breaks the line).
    Control,
    /// Bidirectional embeddings, overrides, isolates and marks: they reorder
    /// what is displayed without being seen (U+202E turns `gpj.exe` around).
    Bidi,
    /// Zero-width and other invisible format characters (ZWSP, ZWJ, ZWNJ,
    /// word joiner, BOM, soft hyphen, line and paragraph separators…): two
    /// texts that differ only by them look identical.
    Invisible,
}

impl Hazard {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Control => "a control character",
            Self::Bidi => "a bidirectional text control",
            Self::Invisible => "an invisible format character",
        }
    }
}

/// The hazard `c` is, if any.
#[inline]
pub fn hazard(c: char) -> Option<Hazard> {
    // Printable ASCII, most of any bundle, is never a hazard: one
    // comparison instead of the table below (bundle loading spent about a
    // millisecond here on the 150x187 bundle).
    if matches!(c, ' '..='~') {
        return None;
    }
    hazard_outside_ascii(c)
}

fn hazard_outside_ascii(c: char) -> Option<Hazard> {
    match c {
        c if c.is_control() => Some(Hazard::Control),
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            Some(Hazard::Bidi)
        }
        '\u{00AD}'              // soft hyphen
        | '\u{034F}'            // combining grapheme joiner
        | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
        | '\u{17B4}' | '\u{17B5}' // Khmer inherent vowels
        | '\u{180B}'..='\u{180F}' // Mongolian variation selectors, vowel separator
        | '\u{200B}'..='\u{200D}' // ZWSP, ZWNJ, ZWJ
        | '\u{2028}' | '\u{2029}' // line and paragraph separators
        | '\u{2060}'..='\u{2065}' // word joiner, invisible operators
        | '\u{206A}'..='\u{206F}' // deprecated format characters
        | '\u{FEFF}'            // BOM / zero-width no-break space
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
        | '\u{1BCA0}'..='\u{1BCA3}' // shorthand format controls
        | '\u{1D173}'..='\u{1D17A}' // musical symbol format controls
        | '\u{E0000}'..='\u{E007F}' // tags
        => Some(Hazard::Invisible),
        _ => None,
    }
}

/// The first character of `text` that is a hazard, with its byte offset;
/// line breaks and tabs pass when `breaks_allowed`. Printable ASCII is
/// passed a byte at a time; only other characters are decoded.
pub fn first_hazard(text: &str, breaks_allowed: bool) -> Option<(usize, char, Hazard)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if matches!(b, b' '..=b'~') || (breaks_allowed && matches!(b, b'\n' | b'\t')) {
            at += 1;
            continue;
        }
        let c = text[at..]
            .chars()
            .next()
            .expect("`at` is on a character boundary");
        if let Some(h) = hazard(c) {
            return Some((at, c, h));
        }
        at += c.len_utf8();
    }
    None
}

/// `U+001B` and, where it has a common name, `(ESC)`: for messages.
pub fn name(c: char) -> String {
    let short = match c {
        '\0' => "NUL",
        '\u{7}' => "BEL",
        '\u{8}' => "BS",
        '\t' => "TAB",
        '\n' => "LF, a line break",
        '\r' => "CR",
        '\u{1b}' => "ESC",
        '\u{7f}' => "DEL",
        '\u{85}' => "NEL",
        '\u{9b}' => "CSI",
        '\u{9d}' => "OSC",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "BYTE ORDER MARK",
        _ => "",
    };
    if short.is_empty() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} ({short})", c as u32)
    }
}

/// `text` with every hazardous character (see [`hazard`]), newline and tab
/// included, replaced by a visible `\u{1b}`-style escape, as Rust and RON
/// write it. Text without any is returned as it is, without copying.
pub fn escape(text: &str) -> Cow<'_, str> {
    let Some(first) = text.find(|c| hazard(c).is_some()) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if hazard(c).is_some() {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path as [`escape`] shows it: a file name may hold any byte but `/`
/// and NUL, ESC and U+202E included, and comes from the command line.
pub fn path(path: &std::path::Path) -> String {
    escape(&path.display().to_string()).into_owned()
}

/// [`escape`] line by line: for messages of several lines, whose line
/// breaks are the program's own.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    if !text.contains(|c| c != '\n' && hazard(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.split('\n').map(escape).collect::<Vec<_>>().join("\n"))
}

/// Serialized JSON with every hazardous character that serde_json leaves
/// raw (DEL, C1, bidi controls, invisible format characters; it already
/// escapes C0) written as a `\uXXXX` escape, so the JSON means the same
/// and shows nothing hidden. Characters outside the BMP become a surrogate
/// pair. Only string contents can hold such characters, and a `\uXXXX`
/// escape is valid anywhere in a JSON string.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    // serde_json escapes every C0 inside strings: a raw line break or tab is
    // the layout of pretty-printed JSON, left alone.
    let escaped = |c: char| !matches!(c, '\n' | '\t' | '\r') && hazard(c).is_some();
    let Some(first) = json.find(escaped) else {
        return Cow::Borrowed(json);
    };
    let mut out = String::with_capacity(json.len() + 8);
    out.push_str(&json[..first]);
    for c in json[first..].chars() {
        if escaped(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_hazard_finds_what_a_scan_of_every_character_finds() {
        let texts = [
            "",
            "plain",
            "Très bien\n\tx",
            "a\u{1b}b",
            "é\u{202e}",
            "📚\u{200b}",
            "line\nbreak",
            "tab\there",
            "\u{85}",
            "x\u{7f}",
        ];
        for text in texts {
            for breaks in [false, true] {
                let slow = text
                    .char_indices()
                    .filter(|&(_, c)| !(breaks && matches!(c, '\n' | '\t')))
                    .find_map(|(i, c)| hazard(c).map(|h| (i, c, h)));
                assert_eq!(first_hazard(text, breaks), slow, "{text:?} {breaks}");
            }
        }
    }

    #[test]
    fn the_ascii_fast_path_agrees_with_the_table() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(hazard(c), hazard_outside_ascii(c), "{c:?}");
        }
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        for text in ["", "Très bien", "Boîtes à livres 📚", "日本語", "a-b_c.d"] {
            assert!(matches!(escape(text), Cow::Borrowed(t) if t == text));
            assert!(matches!(escape_json(text), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn controls_and_escape_sequences_become_visible() {
        // ESC [ 2 J clears the screen; OSC 52 writes the clipboard.
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(
            escape("\u{1b}]52;c;ZXZpbA==\u{7}"),
            "\\u{1b}]52;c;ZXZpbA==\\u{7}"
        );
        assert_eq!(escape("\0\n\t\r\u{7f}"), "\\u{0}\\u{a}\\u{9}\\u{d}\\u{7f}");
        // C1: CSI and OSC in their one-byte forms, NEL.
        assert_eq!(escape("\u{9b}31m\u{9d}\u{85}"), "\\u{9b}31m\\u{9d}\\u{85}");
    }

    #[test]
    fn bidi_and_invisible_characters_become_visible() {
        assert_eq!(escape("abc\u{202e}gpj.exe"), "abc\\u{202e}gpj.exe");
        for c in [
            '\u{202a}', '\u{202d}', '\u{2066}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
        ] {
            assert_eq!(hazard(c), Some(Hazard::Bidi), "{c:?}");
        }
        for c in [
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{2060}',
            '\u{feff}',
            '\u{ad}',
            '\u{2028}',
            '\u{e0041}',
        ] {
            assert_eq!(hazard(c), Some(Hazard::Invisible), "{c:?}");
            assert_eq!(
                escape(&format!("x{c}y")),
                format!("x\\u{{{:x}}}y", c as u32)
            );
        }
        // Accents, combining marks, emoji variation selectors are text.
        for c in ['é', '\u{300}', '\u{fe0f}', '→', ' ', '\u{a0}'] {
            assert_eq!(hazard(c), None, "{c:?}");
        }
    }

    #[test]
    fn escape_lines_keeps_the_line_breaks_only() {
        assert_eq!(escape_lines("a\nb"), "a\nb");
        assert_eq!(
            escape_lines("a\u{1b}\n\tb\u{202e}\n"),
            "a\\u{1b}\n\\u{9}b\\u{202e}\n"
        );
    }

    #[test]
    fn json_escapes_stay_valid_json_with_the_same_meaning() {
        let value = serde_json::json!({
            "title": "x\u{1b}]52;c;AA==\u{7}\u{9b}\u{202e}\u{200d}\u{e0041}",
        });
        let raw = serde_json::to_string_pretty(&value).unwrap();
        assert!(raw.contains('\u{202e}') && raw.contains('\u{9b}'), "{raw}");
        let escaped = escape_json(&raw);
        assert!(
            escaped.chars().all(|c| c == '\n' || hazard(c).is_none()),
            "{escaped}"
        );
        assert_eq!(escaped.lines().count(), raw.lines().count());
        assert!(escaped.contains("\\u202e") && escaped.contains("\\udb40\\udc41"));
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn names_say_which_character() {
        assert_eq!(name('\u{1b}'), "U+001B (ESC)");
        assert_eq!(name('\u{202e}'), "U+202E (RIGHT-TO-LEFT OVERRIDE)");
        assert_eq!(name('\u{1}'), "U+0001");
        assert_eq!(name('\u{e0041}'), "U+E0041");
    }
}
