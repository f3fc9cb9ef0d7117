//! From rows to projects: the `--where` filter, every cell cleaned (NFC,
//! spaces trimmed, line breaks joined in one-line fields, invisible
//! characters removed) or refused with its row and column (empty, too long,
//! a control or bidirectional character, a formula error, a bad or repeated
//! id, the same row twice), ids made from names when none is mapped.

use std::collections::{BTreeMap, HashMap};

use unicode_normalization::UnicodeNormalization;

use super::mapping::{Mapping, REQUIRED, header_key};
use super::sheet::{MAX_CELL_CHARS, Row};
use crate::bundle::{Project, ProjectText, is_valid_id};
use crate::terminal_text::{Hazard, hazard};

/// Why a row was refused, at which cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub row: usize,
    /// The column at fault; `None` for the row as a whole.
    pub column: Option<usize>,
    pub reason: Reason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Empty,
    TooLong(usize),
    /// A control or bidirectional character: never jury text.
    Refused(char, Hazard),
    FormulaError(String),
    InvalidId(String),
    DuplicateId {
        first_row: usize,
    },
    SameRow {
        first_row: usize,
    },
}

/// A change made to a cell's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// CRLF or CR line ends made LF.
    LineEnds,
    /// Put in Unicode NFC (a decomposed `é` made one character).
    Nfc,
    /// Spaces or line breaks at the start or end removed.
    Trimmed,
    /// Line breaks or tabs in a one-line field made spaces.
    Joined,
    /// An invisible format character removed (zero width space, soft hyphen…).
    Removed(char),
}

/// What the rows gave.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    /// Kept rows and their projects, in sheet order.
    pub projects: Vec<(usize, Project)>,
    /// Rows left out by `--where`.
    pub skipped: Vec<usize>,
    pub refused: Vec<Refusal>,
    /// Each change and the cells it was made to, `(row, column)`.
    pub changes: BTreeMap<Change, Vec<(usize, usize)>>,
    /// Kept rows whose project name is that of an earlier kept row.
    pub same_name: Vec<(usize, usize)>,
    /// Cells read from formulas (their cached value), `(row, column)`.
    pub formulas: Vec<(usize, usize)>,
    /// Ids made from names (none mapped): how many, and those that needed a
    /// number to be unique, `(row, id)`.
    pub ids_made: usize,
    pub ids_numbered: Vec<(usize, String)>,
}

/// `--where COLUMN=VALUE`: the column and the value it must hold.
#[derive(Debug, Clone)]
pub struct Filter {
    pub column: usize,
    pub value: String,
}

impl Filter {
    /// Compared as headers are: without case, accents or punctuation.
    fn keeps(&self, row: &Row) -> bool {
        row.cell(self.column)
            .is_some_and(|c| header_key(&c.text) == header_key(&self.value))
    }
}

/// A cell cleaned, or why it is refused.
fn clean(text: &str, one_line: bool) -> Result<(String, Vec<Change>), Reason> {
    let chars = text.chars().count();
    if chars > MAX_CELL_CHARS {
        return Err(Reason::TooLong(chars));
    }
    let mut changes = Vec::new();
    let mut text = if text.contains('\r') {
        changes.push(Change::LineEnds);
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    };
    let mut kept = String::with_capacity(text.len());
    for c in text.chars() {
        match hazard(c) {
            None => kept.push(c),
            Some(Hazard::Control) if matches!(c, '\n' | '\t') => kept.push(c),
            Some(Hazard::Invisible) => {
                if !changes.contains(&Change::Removed(c)) {
                    changes.push(Change::Removed(c));
                }
            }
            Some(h) => return Err(Reason::Refused(c, h)),
        }
    }
    text = kept;
    // Most cells are NFC already: the quick check says so without a copy.
    if unicode_normalization::is_nfc_quick(text.chars()) != unicode_normalization::IsNormalized::Yes
    {
        let nfc: String = text.nfc().collect();
        if nfc != text {
            changes.push(Change::Nfc);
            text = nfc;
        }
    }
    let trimmed = text.trim();
    if trimmed.len() != text.len() {
        changes.push(Change::Trimmed);
    }
    let mut text = trimmed.to_owned();
    if one_line && text.contains(['\n', '\t']) {
        changes.push(Change::Joined);
        text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    Ok((text, changes))
}

/// Fields on one line in a bundle; the others are paragraphs.
fn is_one_line(field: &str) -> bool {
    !matches!(
        field.split('.').next(),
        Some("aim" | "proposal" | "complements")
    )
}

/// An ASCII id from a name: `Boîtes à livres 📚` → `boites-a-livres`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.nfd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(letters) = match c {
            'œ' | 'Œ' => Some("oe"),
            'æ' | 'Æ' => Some("ae"),
            'ß' => Some("ss"),
            _ => None,
        } {
            out.push_str(letters);
        } else if !unicode_normalization::char::is_combining_mark(c) && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_matches('-').to_owned();
    if out.len() > 48 {
        out.truncate(48);
        if let Some(cut) = out.rfind('-').filter(|&i| i >= 24) {
            out.truncate(cut);
        }
        out = out.trim_end_matches('-').to_owned();
    }
    if out.is_empty() {
        "projet".to_owned()
    } else {
        out
    }
}

struct RowReader<'a> {
    row: &'a Row,
    mapping: &'a Mapping,
    out: &'a mut Rows,
    refusals: Vec<Refusal>,
    changes: Vec<(Change, usize)>,
}

impl RowReader<'_> {
    /// The cleaned text of `field`'s cell; empty when unmapped or empty.
    fn text(&mut self, field: &str) -> String {
        let Some(column) = self.mapping.column(field) else {
            return String::new();
        };
        let Some(cell) = self.row.cell(column) else {
            return String::new();
        };
        if cell.formula {
            self.out.formulas.push((self.row.number, column));
        }
        if cell.error {
            self.refuse(column, Reason::FormulaError(cell.text.clone()));
            return String::new();
        }
        if let Some(chars) = cell.too_long {
            self.refuse(column, Reason::TooLong(chars));
            return String::new();
        }
        match clean(&cell.text, is_one_line(field)) {
            Ok((text, changes)) => {
                self.changes
                    .extend(changes.into_iter().map(|c| (c, column)));
                text
            }
            Err(reason) => {
                self.refuse(column, reason);
                String::new()
            }
        }
    }

    fn refuse(&mut self, column: usize, reason: Reason) {
        self.refusals.push(Refusal {
            row: self.row.number,
            column: Some(column),
            reason,
        });
    }

    fn required(&mut self, field: &str) -> String {
        let text = self.text(field);
        let column = self
            .mapping
            .column(field)
            .expect("required fields are mapped");
        if text.is_empty() && !self.refusals.iter().any(|r| r.column == Some(column)) {
            self.refuse(column, Reason::Empty);
        }
        text
    }

    fn partners(&mut self) -> Vec<String> {
        let Some(column) = self.mapping.column("partners") else {
            return Vec::new();
        };
        let Some(cell) = self.row.cell(column) else {
            return Vec::new();
        };
        if let Some(chars) = cell.too_long {
            self.refuse(column, Reason::TooLong(chars));
            return Vec::new();
        }
        let mut partners = Vec::new();
        for part in cell.text.split(['\n', '\r', ';']) {
            match clean(part, true) {
                Ok((text, changes)) => {
                    // Spaces around the separators are not changes worth a line.
                    self.changes.extend(
                        changes
                            .into_iter()
                            .filter(|c| !matches!(c, Change::Trimmed | Change::LineEnds))
                            .map(|c| (c, column)),
                    );
                    if !text.is_empty() {
                        partners.push(text);
                    }
                }
                Err(reason) => {
                    self.refuse(column, reason);
                    break;
                }
            }
        }
        partners
    }

    fn translation(&mut self, language: &str) -> Option<ProjectText> {
        let field = |f: &str| format!("{f}.{language}");
        let name = self.text(&field("name"));
        let aim = self.text(&field("aim"));
        let proposal = self.text(&field("proposal"));
        let complements = self.text(&field("complements"));
        let category = self.text(&field("category"));
        if [&name, &aim, &proposal, &complements, &category]
            .iter()
            .all(|t| t.is_empty())
        {
            return None;
        }
        // A translation needs its name, aim and proposal (BUNDLE-FORMAT).
        for (f, t) in [("name", &name), ("aim", &aim), ("proposal", &proposal)] {
            match self.mapping.column(&field(f)) {
                Some(column) if t.is_empty() => self.refuse(column, Reason::Empty),
                Some(_) => {}
                None => self.refusals.push(Refusal {
                    row: self.row.number,
                    column: None,
                    reason: Reason::Empty,
                }),
            }
        }
        let optional = |t: String| (!t.is_empty()).then_some(t);
        Some(ProjectText {
            name,
            aim,
            proposal,
            complements: optional(complements),
            category: optional(category),
        })
    }
}

/// Reads every data row (all rows after `header_row`).
pub fn read(rows: &[Row], header_row: usize, mapping: &Mapping, filters: &[Filter]) -> Rows {
    debug_assert!(REQUIRED.iter().all(|f| mapping.column(f).is_some()));
    let languages: Vec<String> = {
        let mut l: Vec<String> = mapping
            .columns
            .iter()
            .filter_map(|(f, _)| f.split_once('.').map(|(_, l)| l.to_owned()))
            .collect();
        l.dedup();
        l
    };
    let mut out = Rows::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut seen_rows: HashMap<String, usize> = HashMap::new();
    for row in rows.iter().filter(|r| r.number > header_row) {
        if !filters.iter().all(|f| f.keeps(row)) {
            out.skipped.push(row.number);
            continue;
        }
        let mut reader = RowReader {
            row,
            mapping,
            out: &mut out,
            refusals: Vec::new(),
            changes: Vec::new(),
        };
        let name = reader.required("name");
        let aim = reader.required("aim");
        let proposal = reader.required("proposal");
        let complements = reader.text("complements");
        let partners = reader.partners();
        let website = reader.text("website");
        let category = reader.text("category");
        let given_id = reader.text("id");
        let translations: BTreeMap<String, ProjectText> = languages
            .iter()
            .filter_map(|l| reader.translation(l).map(|t| (l.clone(), t)))
            .collect();
        let id_column = mapping.column("id");
        if let Some(column) = id_column {
            if given_id.is_empty() {
                if !reader.refusals.iter().any(|r| r.column == Some(column)) {
                    reader.refuse(column, Reason::Empty);
                }
            } else if !is_valid_id(&given_id) {
                reader.refuse(column, Reason::InvalidId(given_id.clone()));
            } else if let Some(&first_row) = ids.get(&given_id) {
                reader.refuse(column, Reason::DuplicateId { first_row });
            }
        }
        // The same row twice (every mapped cell alike) is one application sent twice.
        let whole = format!(
            "{name}\u{0}{aim}\u{0}{proposal}\u{0}{complements}\u{0}{partners:?}\u{0}{website}\u{0}{category}\u{0}{given_id}\u{0}{translations:?}"
        );
        if reader.refusals.is_empty()
            && let Some(&first_row) = seen_rows.get(&whole)
        {
            reader.refusals.push(Refusal {
                row: row.number,
                column: None,
                reason: Reason::SameRow { first_row },
            });
        }
        let RowReader {
            refusals, changes, ..
        } = reader;
        if !refusals.is_empty() {
            out.refused.extend(refusals);
            continue;
        }
        for (change, column) in changes {
            out.changes
                .entry(change)
                .or_default()
                .push((row.number, column));
        }
        seen_rows.insert(whole, row.number);
        let name_key = header_key(&name);
        if let Some(&first) = names.get(&name_key) {
            out.same_name.push((row.number, first));
        } else {
            names.insert(name_key, row.number);
        }
        let id = if id_column.is_some() {
            given_id
        } else {
            out.ids_made += 1;
            let base = slug(&name);
            let mut id = base.clone();
            let mut n = 2;
            while ids.contains_key(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            if id != base {
                out.ids_numbered.push((row.number, id.clone()));
            }
            id
        };
        ids.insert(id.clone(), row.number);
        out.projects.push((
            row.number,
            Project {
                id,
                name,
                aim,
                proposal,
                complements,
                partners,
                website: (!website.is_empty()).then_some(website),
                category,
                translations,
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_ascii_ids() {
        assert_eq!(slug("Boîtes à livres 📚"), "boites-a-livres");
        assert_eq!(slug("  L'Œuvre — Café  "), "l-oeuvre-cafe");
        assert_eq!(slug("日本"), "projet");
        let long = slug(&"mot ".repeat(30));
        assert!(long.len() <= 48 && is_valid_id(&long), "{long}");
    }

    #[test]
    fn cells_are_cleaned_or_refused() {
        assert_eq!(
            clean("  Cafe\u{301}\r\nsolidaire ", false).unwrap(),
            (
                "Café\nsolidaire".to_owned(),
                vec![Change::LineEnds, Change::Nfc, Change::Trimmed]
            )
        );
        assert_eq!(
            clean("a\nb", true).unwrap(),
            ("a b".to_owned(), vec![Change::Joined])
        );
        assert_eq!(
            clean("so\u{ad}lide", true).unwrap(),
            ("solide".to_owned(), vec![Change::Removed('\u{ad}')])
        );
        assert_eq!(
            clean("x\u{202e}y", true),
            Err(Reason::Refused('\u{202e}', Hazard::Bidi))
        );
        assert_eq!(
            clean("x\u{1b}[2J", false),
            Err(Reason::Refused('\u{1b}', Hazard::Control))
        );
        assert_eq!(
            clean(&"x".repeat(MAX_CELL_CHARS + 1), false),
            Err(Reason::TooLong(MAX_CELL_CHARS + 1))
        );
    }
}
