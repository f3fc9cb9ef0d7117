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
    table: BTreeMap<String, String>,
}

impl Strings {
    pub fn get(language: Language) -> &'static Strings {
        static FR: OnceLock<Strings> = OnceLock::new();
        static EN: OnceLock<Strings> = OnceLock::new();
        match language {
            Language::Fr => FR.get_or_init(|| Strings::parse(FR_SOURCE)),
            Language::En => EN.get_or_init(|| Strings::parse(EN_SOURCE)),
        }
    }

    fn parse(source: &str) -> Strings {
        // The tables are compiled in and checked by the tests below.
        let table = ron::from_str(source).expect("assets/i18n tables are valid RON maps");
        Strings { table }
    }

    /// The text for `key`; a missing key shows itself, so it is seen, not hidden.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.table.get(key).map_or(key, String::as_str)
    }

    /// The text for `key` with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut text = self.t(key).to_owned();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), &value.to_string());
        }
        text
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.table.keys().map(String::as_str)
    }
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
    fn fill_replaces_placeholders() {
        let s = Strings::get(Language::En);
        assert_eq!(s.fill("overview.jurors", &[("count", &15)]), "15 jurors");
    }
}
