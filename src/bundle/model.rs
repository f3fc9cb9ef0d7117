//! The session bundle as written by the organisers: plain data, no I/O.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::text::{
    OneLine, one_line, one_line_list, optional_one_line, optional_paragraph, paragraph,
};

/// Seats created when a bundle lists no jurors: the 15 citizens of the real case.
pub const DEFAULT_SEATS: usize = 15;
pub const DEFAULT_MAX_LAUREATES: u32 = 10;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    #[serde(deserialize_with = "one_line")]
    pub title: String,
    #[serde(deserialize_with = "one_line")]
    pub date: String,
    #[serde(deserialize_with = "one_line")]
    pub place: String,
    #[serde(default = "default_language", deserialize_with = "one_line")]
    pub language: String,
    #[serde(default = "default_max_laureates")]
    pub max_laureates: u32,
    /// Ballots a round needs to close, and graders a project needs for its
    /// grades to count (docs/RESULTS.md); `None`: more than half the seats.
    #[serde(default)]
    pub quorum: Option<u32>,
    #[serde(default)]
    pub method: Method,
    /// Secret (the default) or open, roll-call ballots (docs/SECRECY.md).
    #[serde(default)]
    pub ballots: Ballots,
    pub criteria: Vec<Criterion>,
    pub grades: Vec<Grade>,
    #[serde(default = "default_jurors")]
    pub jurors: Vec<Juror>,
    pub projects: Vec<Project>,
    /// A pinned signer (`ssh-ed25519 AAAA… comment`): the tally must be signed by it.
    #[serde(default, deserialize_with = "optional_one_line")]
    pub signer: Option<String>,
}

/// Whether a juror's grades can be linked to their seat once published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum Ballots {
    /// As a paper ballot box: once a round closes, its grades are published
    /// per project, in an order that says nothing, and nothing links them to
    /// a seat or to each other; each juror's receipt code finds their own.
    #[default]
    Secret,
    /// A roll-call vote: each seat's ballot is published with its grades.
    Open,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum Method {
    #[default]
    MajorityJudgment,
    WeightedMean,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    #[serde(deserialize_with = "one_line")]
    pub id: String,
    #[serde(deserialize_with = "one_line")]
    pub label: String,
    /// A word or two for narrow columns (the review grid's headers), where
    /// the label does not fit; the label is used when there is none.
    #[serde(default, deserialize_with = "optional_one_line")]
    pub short: Option<String>,
    /// One paragraph, in plain words, shown to jurors.
    #[serde(deserialize_with = "paragraph")]
    pub explanation: String,
    #[serde(default = "default_weight")]
    pub weight: u32,
    /// Other languages, keyed by code (`"en"`).
    #[serde(default, deserialize_with = "unique_keys")]
    pub translations: BTreeMap<String, CriterionText>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionText {
    #[serde(deserialize_with = "one_line")]
    pub label: String,
    #[serde(default, deserialize_with = "optional_one_line")]
    pub short: Option<String>,
    #[serde(deserialize_with = "paragraph")]
    pub explanation: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    #[serde(deserialize_with = "one_line")]
    pub label: String,
    #[serde(deserialize_with = "paragraph")]
    pub meaning: String,
    #[serde(default, deserialize_with = "unique_keys")]
    pub translations: BTreeMap<String, GradeText>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeText {
    #[serde(deserialize_with = "one_line")]
    pub label: String,
    #[serde(deserialize_with = "paragraph")]
    pub meaning: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Juror {
    #[serde(deserialize_with = "one_line")]
    pub seat: String,
    #[serde(default, deserialize_with = "optional_one_line")]
    pub name: Option<String>,
}

impl Juror {
    /// What to call this juror on screen: the name if given, else the seat.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.seat)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    #[serde(deserialize_with = "one_line")]
    pub id: String,
    #[serde(deserialize_with = "one_line")]
    pub name: String,
    /// One line: what the project is for.
    #[serde(deserialize_with = "paragraph")]
    pub aim: String,
    /// What they propose to build or do.
    #[serde(deserialize_with = "paragraph")]
    pub proposal: String,
    /// How it complements the public service.
    #[serde(default, deserialize_with = "paragraph")]
    pub complements: String,
    #[serde(default, deserialize_with = "one_line_list")]
    pub partners: Vec<String>,
    #[serde(default, deserialize_with = "optional_one_line")]
    pub website: Option<String>,
    #[serde(default, deserialize_with = "one_line")]
    pub category: String,
    /// Other languages, keyed by code (`"en"`): what a juror reads.
    #[serde(default, deserialize_with = "unique_keys")]
    pub translations: BTreeMap<String, ProjectText>,
}

/// A project's texts in another language. Partners and website are not
/// translated: they are names and addresses.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectText {
    #[serde(deserialize_with = "one_line")]
    pub name: String,
    #[serde(deserialize_with = "paragraph")]
    pub aim: String,
    #[serde(deserialize_with = "paragraph")]
    pub proposal: String,
    /// When left out, the project's own complements are shown.
    #[serde(default, deserialize_with = "optional_paragraph")]
    pub complements: Option<String>,
    /// When left out, the project's own category is shown.
    #[serde(default, deserialize_with = "optional_one_line")]
    pub category: Option<String>,
}

/// A project's texts in one language, as the screens show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectWords<'a> {
    pub name: &'a str,
    pub aim: &'a str,
    pub proposal: &'a str,
    /// Empty when there are none.
    pub complements: &'a str,
    /// Empty when there is none.
    pub category: &'a str,
}

impl Project {
    /// The project's texts in `language`: its translation when it has one,
    /// else its own. A translation that leaves out `complements` or
    /// `category` shows the project's own (in the bundle's language), so a
    /// juror never misses a part that the others read; when the project has
    /// none either, there is none.
    pub fn text(&self, language: &str) -> ProjectWords<'_> {
        match self.translations.get(language) {
            Some(t) => ProjectWords {
                name: &t.name,
                aim: &t.aim,
                proposal: &t.proposal,
                complements: t.complements.as_deref().unwrap_or(&self.complements),
                category: t.category.as_deref().unwrap_or(&self.category),
            },
            None => ProjectWords {
                name: &self.name,
                aim: &self.aim,
                proposal: &self.proposal,
                complements: &self.complements,
                category: &self.category,
            },
        }
    }
}

impl Criterion {
    /// Label and explanation in `language`, falling back to the bundle's own.
    pub fn text(&self, language: &str) -> (&str, &str) {
        match self.translations.get(language) {
            Some(t) => (&t.label, &t.explanation),
            None => (&self.label, &self.explanation),
        }
    }
}

impl Criterion {
    /// The short label in `language` for narrow columns: the translation's
    /// own short label, else its label; the bundle's short label, else its
    /// label, when there is no translation.
    pub fn short_text(&self, language: &str) -> &str {
        match self.translations.get(language) {
            Some(t) => t.short.as_deref().unwrap_or(&t.label),
            None => self.short.as_deref().unwrap_or(&self.label),
        }
    }
}

impl Bundle {
    /// The quorum: the bundle's, or more than half of the seats.
    pub fn quorum(&self) -> usize {
        self.quorum
            .map_or(self.jurors.len() / 2 + 1, |q| q as usize)
    }
}

impl Grade {
    /// Label and meaning in `language`, falling back to the bundle's own.
    pub fn text(&self, language: &str) -> (&str, &str) {
        match self.translations.get(language) {
            Some(t) => (&t.label, &t.meaning),
            None => (&self.label, &self.meaning),
        }
    }
}

fn default_language() -> String {
    "fr".to_owned()
}

fn default_max_laureates() -> u32 {
    DEFAULT_MAX_LAUREATES
}

fn default_weight() -> u32 {
    1
}

pub fn default_jurors() -> Vec<Juror> {
    (1..=DEFAULT_SEATS)
        .map(|n| Juror {
            seat: format!("J{n:02}"),
            name: None,
        })
        .collect()
}

/// A map that refuses a key written twice: serde's own maps silently keep the
/// last value, which would lose one of two translations without a word.
fn unique_keys<'de, D, V>(deserializer: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct UniqueKeys<V>(PhantomData<V>);

    impl<'de, V: Deserialize<'de>> Visitor<'de> for UniqueKeys<V> {
        type Value = BTreeMap<String, V>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map from language codes to texts")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(OneLine(key)) = map.next_key::<OneLine>()? {
                if out.contains_key(&key) {
                    return Err(de::Error::custom(format!(
                        "duplicate translation {key:?}: give each language once"
                    )));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }

    deserializer.deserialize_map(UniqueKeys(PhantomData))
}
