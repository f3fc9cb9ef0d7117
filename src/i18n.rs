//! Every user-facing string of the screens, from `assets/i18n/*.ron`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Fr,
    En,
}

impl Language {
    /// The bundle's language code; anything but `en` is French, the default.
    pub fn from_code(code: &str) -> Self {
        if code == "en" { Self::En } else { Self::Fr }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }
}

const FR_SOURCE: &str = include_str!("../assets/i18n/fr.ron");
const EN_SOURCE: &str = include_str!("../assets/i18n/en.ron");

pub struct Strings {
    language: Language,
    table: BTreeMap<String, String>,
}

impl Strings {
    pub fn get(language: Language) -> &'static Strings {
        static FR: OnceLock<Strings> = OnceLock::new();
        static EN: OnceLock<Strings> = OnceLock::new();
        match language {
            Language::Fr => FR.get_or_init(|| Strings::parse(FR_SOURCE, Language::Fr)),
            Language::En => EN.get_or_init(|| Strings::parse(EN_SOURCE, Language::En)),
        }
    }

    fn parse(source: &str, language: Language) -> Strings {
        // The tables are compiled in and checked by the tests below.
        let mut table: BTreeMap<String, String> =
            ron::from_str(source).expect("assets/i18n tables are valid RON maps");
        if language == Language::Fr {
            for text in table.values_mut() {
                *text = french_spacing(text);
            }
        }
        Strings { language, table }
    }

    /// The text for `key`; a missing key shows itself, so it is seen, not hidden.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.table.get(key).map_or(key, String::as_str)
    }

    /// The text for `key` with `{name}` placeholders filled in, and plural
    /// choices `{name|one|other}` made by the number `name` holds, by the
    /// language's rule (French: 0 and 1 are singular; English: only 1).
    pub fn fill(&self, key: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut text = self.t(key).to_owned();
        for (name, value) in values {
            let value = value.to_string();
            text = self.choose_plurals(&text, name, &value);
            text = text.replace(&format!("{{{name}}}"), &value);
        }
        text
    }

    fn choose_plurals(&self, text: &str, name: &str, value: &str) -> String {
        let open = format!("{{{name}|");
        let Some(count) = value.parse::<u64>().ok() else {
            return text.to_owned();
        };
        let singular = match self.language {
            Language::Fr => count <= 1,
            Language::En => count == 1,
        };
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find(&open) {
            let after = &rest[start + open.len()..];
            let Some(end) = after.find('}') else { break };
            let (one, other) = after[..end].split_once('|').unwrap_or((&after[..end], ""));
            out.push_str(&rest[..start]);
            out.push_str(if singular { one } else { other });
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.table.keys().map(String::as_str)
    }
}

/// French typography: a no-break space before `? ! : ;` and inside `« »`,
/// so a line never wraps with the sign alone at its start.
fn french_spacing(text: &str) -> String {
    let mut out = text.to_owned();
    for (from, to) in [
        (" ?", "\u{a0}?"),
        (" !", "\u{a0}!"),
        (" :", "\u{a0}:"),
        (" ;", "\u{a0};"),
        ("« ", "«\u{a0}"),
        (" »", "\u{a0}»"),
    ] {
        out = out.replace(from, to);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(language: Language) -> BTreeSet<&'static str> {
        Strings::get(language).keys().collect()
    }

    #[test]
    fn both_tables_have_the_same_keys() {
        let fr = keys(Language::Fr);
        let en = keys(Language::En);
        let only_fr: Vec<_> = fr.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&fr).collect();
        assert!(only_fr.is_empty(), "missing from en.ron: {only_fr:?}");
        assert!(only_en.is_empty(), "missing from fr.ron: {only_en:?}");
    }

    /// Literals shaped like keys that are not: file names.
    const NOT_KEYS: &[&str] = &["tally.jury", "draft.ron", "t.jury"];

    /// Every `t("key")` / `fill("key"` in the sources names a key of the tables.
    #[test]
    fn every_key_used_in_the_code_exists() {
        let fr = keys(Language::Fr);
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                // Keys passed on indirectly (`confirm_dialog(app, frame,
                // "quit.title", …)`, `let done = "console.closed"`): every
                // literal shaped like a key must be one.
                for literal in text.split('"').skip(1).step_by(2) {
                    let shaped = literal.contains('.')
                        && literal.split('.').all(|part| {
                            !part.is_empty()
                                && part.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                        });
                    if shaped && !NOT_KEYS.contains(&literal) && !fr.contains(literal) {
                        missing.push(format!("{}: {literal}", path.display()));
                    }
                }
                for marker in ["t(", "fill("] {
                    for (i, _) in text.match_indices(marker) {
                        // The key may be on the next line: `fill(\n    "key",`.
                        let rest = text[i + marker.len()..].trim_start();
                        let Some(rest) = rest.strip_prefix('"') else {
                            continue;
                        };
                        let key = &rest[..rest.find('"').unwrap()];
                        if key.contains('.') && !key.contains(' ') && !fr.contains(key) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys used but not in the tables: {missing:#?}"
        );
    }

    #[test]
    fn plurals_follow_each_language_rule() {
        let (fr, en) = (Strings::get(Language::Fr), Strings::get(Language::En));
        let said = |s: &Strings, n: u64| {
            s.fill(
                "console.progress",
                &[("voted", &n), ("absent", &0), ("total", &15)],
            )
        };
        assert_eq!(said(fr, 1), "1 vote, 0 absence, 15 sièges.");
        assert_eq!(said(fr, 2), "2 votes, 0 absence, 15 sièges.");
        assert_eq!(said(en, 1), "1 ballot, 0 absences, 15 seats.");
        assert_eq!(said(en, 0), "0 ballots, 0 absences, 15 seats.");
        let voted = fr.fill("locked.voted", &[("voted", &1), ("total", &15)]);
        assert_eq!(voted, "1 juré sur 15 a voté.");
    }

    #[test]
    fn french_signs_never_start_a_line() {
        let fr = Strings::get(Language::Fr);
        for key in fr.keys() {
            let text = fr.t(key);
            for sign in [" ?", " !", " :", " ;"] {
                assert!(!text.contains(sign), "{key}: {text:?}");
            }
        }
    }

    #[test]
    fn fill_replaces_placeholders() {
        let s = Strings::get(Language::En);
        assert_eq!(s.fill("overview.jurors", &[("count", &15)]), "15 jurors");
    }
}
