//! The rules a well-formed bundle must also follow. Every problem names its
//! path (`projects[3].id`, indices from 0) so the organiser can find it.

use std::cell::OnceCell;
use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::load::Problem;
use super::model::Bundle;

pub const MAX_JURORS: usize = 500;
pub const MAX_PROJECTS: usize = 2_000;
pub const MAX_CRITERIA: usize = 12;
pub const MIN_GRADES: usize = 2;
pub const MAX_GRADES: usize = 10;
const MAX_ID_LEN: usize = 64;
const MAX_WEIGHT: u32 = 100;
/// Languages the program's own screens are translated into.
pub const LANGUAGES: &[&str] = &["fr", "en"];

/// Ids end up in the tally, CSV and file names: keep them plain. The first
/// character is a letter or digit, so `.`, `..` and `-x` are not ids.
pub fn is_valid_id(id: &str) -> bool {
    id.len() <= MAX_ID_LEN
        && id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// What two grade labels or juror names are compared by, so that two that
/// read the same on a screen are the same (docs/BUNDLE-FORMAT.md,
/// *Comparing labels and names*): NFKC (a precomposed "è" and "e" +
/// combining grave, fullwidth letters and ASCII, a ligature and its
/// letters, a no-break space and a space), case folded, White_Space trimmed
/// at both ends and each inner run of it made one space, then the UTS #39
/// confusable skeleton (a Cyrillic "е" and a Latin "e", "0" and "O"),
/// case folded again. Invisible characters never get this far: they are
/// refused when the bundle is read.
pub fn look_alike_key(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    let spaced = nfkc.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = spaced.to_lowercase();
    let skeleton: String = unicode_security::skeleton(&lower).collect();
    skeleton.to_lowercase().nfc().collect()
}

/// Where a text was seen first: its index, path and text.
type Seen = (usize, String, String);

struct Problems<'s> {
    list: Vec<Problem>,
    /// The bundle's text, for the positions of a problem about two places.
    source: &'s str,
    positions: OnceCell<HashMap<String, (usize, usize)>>,
}

impl Problems<'_> {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.list.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    /// `line 12, column 17`: where the string at `path` is in the source.
    fn position(&self, path: &str) -> String {
        let positions = self
            .positions
            .get_or_init(|| super::source_positions::string_positions(self.source));
        match positions.get(path) {
            Some((line, column)) => format!("line {line}, column {column}"),
            None => "position unknown".into(),
        }
    }

    /// `text` at `path` reads as `first` did: say where both are, and what
    /// makes them differ when they are not the same characters.
    fn look_alike(&mut self, path: String, what: &str, text: &str, first: &Seen, advice: &str) {
        let (index, first_path, first_text) = first;
        let differing: Vec<String> = {
            let seen: Vec<char> = first_text.chars().collect();
            let mut out: Vec<String> = Vec::new();
            for c in text.chars().chain(first_text.chars()) {
                let in_both = text.contains(c) && seen.contains(&c);
                let name = crate::terminal_text::name(c);
                if !in_both && !c.is_ascii() && !out.contains(&name) {
                    out.push(name);
                }
            }
            out.into_iter().take(4).collect()
        };
        let how = if differing.is_empty() {
            String::new()
        } else {
            format!(
                "; they differ only by look-alike characters ({})",
                differing.join(", ")
            )
        };
        let message = format!(
            "duplicate {what} {text:?} (first used at index {index}): here ({}) it reads the same as {first_text:?} at {first_path} ({}){how}; {advice}",
            self.position(&path),
            self.position(first_path),
        );
        self.push(path, message);
    }

    fn non_empty(&mut self, path: impl Into<String>, value: &str) {
        if value.trim().is_empty() {
            self.push(path, "must not be empty");
        }
    }

    fn count(&mut self, path: &str, what: &str, len: usize, min: usize, max: usize) {
        if len < min {
            // "at least 1, found 0 jurors", not "at least 1 jurors".
            let message = if min == 1 {
                format!("needs at least 1, found 0 {what}")
            } else {
                format!("needs at least {min} {what}, found {len}")
            };
            self.push(path, message);
        } else if len > max {
            self.push(
                path,
                format!("at most {max} {what} are allowed, found {len}"),
            );
        }
    }

    /// Checks an id's spelling and that it was not seen before in `seen`.
    fn id<'a>(
        &mut self,
        path: String,
        id: &'a str,
        seen: &mut HashMap<&'a str, usize>,
        index: usize,
    ) {
        if !is_valid_id(id) {
            self.push(
                path,
                format!(
                    "{id:?} is not a valid id: use 1 to {MAX_ID_LEN} letters, digits, '-', '_' or '.', starting with a letter or digit"
                ),
            );
        } else if let Some(first) = seen.insert(id, index) {
            self.push(
                path,
                format!("duplicate id {id:?} (first used at index {first})"),
            );
            seen.insert(id, first);
        }
    }

    /// Checks that a grade label does not read as one already seen in
    /// `language`.
    fn unique_grade<'a>(
        &mut self,
        path: String,
        language: &'a str,
        label: &str,
        seen: &mut HashMap<(&'a str, String), Seen>,
        index: usize,
    ) {
        let key = look_alike_key(label);
        if key.is_empty() {
            return;
        }
        match seen.get(&(language, key.clone())) {
            Some(first) => self.look_alike(
                path,
                "grade",
                label,
                first,
                "give each grade a label that reads differently",
            ),
            None => {
                seen.insert((language, key), (index, path, label.to_owned()));
            }
        }
    }

    fn language(&mut self, path: String, code: &str) {
        if !LANGUAGES.contains(&code) {
            self.push(
                path,
                format!(
                    "unknown language {code:?}; use one of: {}",
                    LANGUAGES.join(", ")
                ),
            );
        }
    }
}

/// The rules; `source` is the bundle's text, whose positions a problem
/// about two places names.
pub(super) fn validate(bundle: &Bundle, source: &str) -> Vec<Problem> {
    let mut p = Problems {
        list: Vec::new(),
        source,
        positions: OnceCell::new(),
    };
    p.non_empty("title", &bundle.title);
    p.non_empty("date", &bundle.date);
    p.non_empty("place", &bundle.place);
    p.language("language".into(), &bundle.language);
    if bundle.max_laureates == 0 {
        p.push("max_laureates", "must be at least 1");
    }
    if let Some(q) = bundle.quorum
        && !(1..=bundle.jurors.len()).contains(&(q as usize))
    {
        p.push(
            "quorum",
            format!(
                "must be between 1 and the number of seats ({}), found {q}",
                bundle.jurors.len()
            ),
        );
    }

    p.count(
        "criteria",
        "criteria",
        bundle.criteria.len(),
        1,
        MAX_CRITERIA,
    );
    let mut seen = HashMap::new();
    for (i, c) in bundle.criteria.iter().enumerate() {
        let at = format!("criteria[{i}]");
        p.id(format!("{at}.id"), &c.id, &mut seen, i);
        p.non_empty(format!("{at}.label"), &c.label);
        if let Some(short) = &c.short {
            p.non_empty(format!("{at}.short"), short);
        }
        p.non_empty(format!("{at}.explanation"), &c.explanation);
        if !(1..=MAX_WEIGHT).contains(&c.weight) {
            p.push(
                format!("{at}.weight"),
                format!("must be between 1 and {MAX_WEIGHT}, found {}", c.weight),
            );
        }
        for (code, t) in &c.translations {
            p.language(format!("{at}.translations"), code);
            p.non_empty(format!("{at}.translations[{code:?}].label"), &t.label);
            if let Some(short) = &t.short {
                p.non_empty(format!("{at}.translations[{code:?}].short"), short);
            }
            p.non_empty(
                format!("{at}.translations[{code:?}].explanation"),
                &t.explanation,
            );
        }
    }

    p.count(
        "grades",
        "grades",
        bundle.grades.len(),
        MIN_GRADES,
        MAX_GRADES,
    );
    // Labels per language: the bundle's own (key "") and each translation's.
    let mut labels: HashMap<(&str, String), Seen> = HashMap::new();
    for (i, g) in bundle.grades.iter().enumerate() {
        let at = format!("grades[{i}]");
        p.non_empty(format!("{at}.label"), &g.label);
        p.non_empty(format!("{at}.meaning"), &g.meaning);
        p.unique_grade(format!("{at}.label"), "", &g.label, &mut labels, i);
        for (code, t) in &g.translations {
            p.language(format!("{at}.translations"), code);
            let label_path = format!("{at}.translations[{code:?}].label");
            p.non_empty(label_path.clone(), &t.label);
            p.non_empty(format!("{at}.translations[{code:?}].meaning"), &t.meaning);
            p.unique_grade(label_path, code, &t.label, &mut labels, i);
        }
    }

    p.count("jurors", "jurors", bundle.jurors.len(), 1, MAX_JURORS);
    let mut seen = HashMap::new();
    // Two seats that read the same name could not be told apart at the
    // handover: names are compared as grade labels are.
    let mut names: HashMap<String, Seen> = HashMap::new();
    for (i, j) in bundle.jurors.iter().enumerate() {
        let at = format!("jurors[{i}]");
        p.id(format!("{at}.seat"), &j.seat, &mut seen, i);
        if let Some(name) = &j.name {
            p.non_empty(format!("{at}.name"), name);
            let key = look_alike_key(name);
            match names.get(&key) {
                _ if key.is_empty() => {}
                Some(first) => p.look_alike(
                    format!("{at}.name"),
                    "juror name",
                    name,
                    first,
                    "two seats must be told apart by their names: add what tells them apart (an initial, a town), or leave names out",
                ),
                None => {
                    names.insert(key, (i, format!("{at}.name"), name.clone()));
                }
            }
        }
    }

    p.count(
        "projects",
        "projects",
        bundle.projects.len(),
        1,
        MAX_PROJECTS,
    );
    let mut seen = HashMap::new();
    for (i, pr) in bundle.projects.iter().enumerate() {
        let at = format!("projects[{i}]");
        p.id(format!("{at}.id"), &pr.id, &mut seen, i);
        p.non_empty(format!("{at}.name"), &pr.name);
        p.non_empty(format!("{at}.aim"), &pr.aim);
        p.non_empty(format!("{at}.proposal"), &pr.proposal);
        for (k, partner) in pr.partners.iter().enumerate() {
            p.non_empty(format!("{at}.partners[{k}]"), partner);
        }
        for (code, t) in &pr.translations {
            p.language(format!("{at}.translations"), code);
            let at = format!("{at}.translations[{code:?}]");
            p.non_empty(format!("{at}.name"), &t.name);
            p.non_empty(format!("{at}.aim"), &t.aim);
            p.non_empty(format!("{at}.proposal"), &t.proposal);
            if let Some(complements) = &t.complements {
                p.non_empty(format!("{at}.complements"), complements);
            }
            if let Some(category) = &t.category {
                p.non_empty(format!("{at}.category"), category);
            }
        }
    }

    if let Some(signer) = &bundle.signer
        && let Err(message) = crate::signing::parse_signer(signer)
    {
        p.push("signer", message);
    }
    p.list
}
