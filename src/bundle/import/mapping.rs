//! Which column fills which project field: given with `--map FIELD=COLUMN`
//! or guessed from the header row, by French and English names compared
//! without case, accents or punctuation (`Nom du projet`, `NOM DU PROJET`,
//! `nom-du-projet` are one name). A header ending in a language (`Nom (EN)`,
//! `Name - anglais`) fills that translation.

use unicode_normalization::UnicodeNormalization;

use super::sheet::{Row, column_from_letters};

/// The project fields a column can fill (docs/BUNDLE-FORMAT.md, *Project*).
pub const FIELDS: [&str; 8] = [
    "id",
    "name",
    "aim",
    "proposal",
    "complements",
    "partners",
    "website",
    "category",
];
/// Fields a translation has.
pub const TRANSLATED: [&str; 5] = ["name", "aim", "proposal", "complements", "category"];
pub const REQUIRED: [&str; 3] = ["name", "aim", "proposal"];

/// Header names, compared as `header_key` makes them.
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "id",
        &[
            "id",
            "identifiant",
            "code",
            "reference",
            "ref",
            "code projet",
            "project id",
        ],
    ),
    (
        "name",
        &[
            "nom",
            "nom du projet",
            "nom projet",
            "titre",
            "titre du projet",
            "intitule",
            "projet",
            "name",
            "project",
            "project name",
            "title",
            "project title",
        ],
    ),
    (
        "aim",
        &[
            "objectif",
            "objectifs",
            "but",
            "finalite",
            "objectif du projet",
            "resume",
            "aim",
            "goal",
            "goals",
            "purpose",
            "objective",
            "summary",
        ],
    ),
    (
        "proposal",
        &[
            "proposition",
            "description",
            "description du projet",
            "projet propose",
            "contenu",
            "proposal",
            "project description",
            "what we propose",
        ],
    ),
    (
        "complements",
        &[
            "complements",
            "complement",
            "complementarite",
            "complementarite avec le service public",
            "complements au service public",
            "complementarity",
            "complements to the public service",
        ],
    ),
    (
        "partners",
        &[
            "partenaires",
            "partenaire",
            "partners",
            "partner",
            "partenariats",
            "partnerships",
        ],
    ),
    (
        "website",
        &[
            "site",
            "site web",
            "site internet",
            "site du projet",
            "lien",
            "url",
            "website",
            "web site",
            "web",
            "link",
        ],
    ),
    (
        "category",
        &[
            "categorie",
            "categories",
            "theme",
            "thematique",
            "domaine",
            "category",
            "topic",
            "field",
        ],
    ),
];

const LANGUAGE_SUFFIXES: &[(&str, &[&str])] = &[
    (
        "en",
        &["en", "english", "anglais", "in english", "en anglais"],
    ),
    (
        "fr",
        &["fr", "french", "francais", "in french", "en francais"],
    ),
];

/// A header as it is compared: NFD without combining marks (no accents),
/// lower case, every run of other characters than letters and digits one space.
pub fn header_key(header: &str) -> String {
    let folded: String = header
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where each field comes from. `field` is `name` or `name.en`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// `(field, column)`, in `FIELDS` order, translations after.
    pub columns: Vec<(String, usize)>,
    /// Whether it was guessed (no `--map`) or given.
    pub guessed: bool,
    /// Headers that look like a field already taken: `(column, field)`.
    pub also_matched: Vec<(usize, String)>,
}

impl Mapping {
    pub fn column(&self, field: &str) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| f == field)
            .map(|&(_, c)| c)
    }
}

/// A field name as `--map` takes it: `aim`, `name.en`.
pub fn parse_field(field: &str, bundle_language: &str) -> Result<String, String> {
    let (base, language) = match field.split_once('.') {
        Some((b, l)) => (b, Some(l)),
        None => (field, None),
    };
    if !FIELDS.contains(&base) {
        return Err(format!(
            "unknown field {field:?} in --map; the fields are {} (and name.en, aim.en… for translations)",
            FIELDS.join(", ")
        ));
    }
    match language {
        None => Ok(base.to_owned()),
        Some(l) if !crate::bundle::LANGUAGES.contains(&l) || l == bundle_language => Err(format!(
            "--map {field}: a translation is into another language than the bundle's ({bundle_language}): one of {}",
            crate::bundle::LANGUAGES
                .iter()
                .filter(|&&x| x != bundle_language)
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Some(_) if !TRANSLATED.contains(&base) => Err(format!(
            "--map {field}: {base} is not translated (partners and website are names and addresses)"
        )),
        Some(l) => Ok(format!("{base}.{l}")),
    }
}

/// The column a `--map` or `--where` names: a header (compared as
/// `header_key`), else column letters (`C`).
pub fn find_column(header: &Row, name: &str) -> Option<usize> {
    let key = header_key(name);
    header
        .cells
        .iter()
        .position(|c| !key.is_empty() && header_key(&c.text) == key)
        .or_else(|| column_from_letters(name.trim()).filter(|&c| c < header.cells.len()))
}

/// The field a header names, if any: `name`, or `name.en` for a translation.
fn guess_field(header: &str, bundle_language: &str) -> Option<String> {
    let key = header_key(header);
    let base = |k: &str| {
        SYNONYMS
            .iter()
            .find(|(_, names)| names.contains(&k))
            .map(|(field, _)| (*field).to_owned())
    };
    if let Some(field) = base(&key) {
        return Some(field);
    }
    for (language, suffixes) in LANGUAGE_SUFFIXES {
        for suffix in *suffixes {
            if let Some(stem) = key.strip_suffix(suffix).and_then(|s| s.strip_suffix(' '))
                && let Some(field) = base(stem)
                && TRANSLATED.contains(&field.as_str())
            {
                // A header in the bundle's own language is the field itself.
                return Some(if *language == bundle_language {
                    field
                } else {
                    format!("{field}.{language}")
                });
            }
        }
    }
    None
}

/// The mapping from `--map` arguments, or guessed from `header` when none.
pub fn build(
    header: &Row,
    maps: &[(String, String)],
    bundle_language: &str,
) -> Result<Mapping, String> {
    if !maps.is_empty() {
        let mut columns: Vec<(String, usize)> = Vec::new();
        for (field, column) in maps {
            let field = parse_field(field, bundle_language)?;
            let index = find_column(header, column).ok_or_else(|| {
                format!("--map {field}={column}: no such column in the header row (give its header or its letters, as C)")
            })?;
            if columns.iter().any(|(f, _)| *f == field) {
                return Err(format!("--map {field} is given twice"));
            }
            columns.push((field, index));
        }
        sort(&mut columns);
        return Ok(Mapping {
            columns,
            guessed: false,
            also_matched: Vec::new(),
        });
    }
    let mut columns: Vec<(String, usize)> = Vec::new();
    let mut also_matched = Vec::new();
    for (index, cell) in header.cells.iter().enumerate() {
        if let Some(field) = guess_field(&cell.text, bundle_language) {
            if columns.iter().any(|(f, _)| *f == field) {
                also_matched.push((index, field));
            } else {
                columns.push((field, index));
            }
        }
    }
    sort(&mut columns);
    Ok(Mapping {
        columns,
        guessed: true,
        also_matched,
    })
}

fn sort(columns: &mut [(String, usize)]) {
    let rank = |field: &str| {
        let (base, language) = field.split_once('.').unwrap_or((field, ""));
        (
            language.to_owned(),
            FIELDS
                .iter()
                .position(|f| *f == base)
                .unwrap_or(FIELDS.len()),
        )
    };
    columns.sort_by_key(|(f, _)| rank(f));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::import::sheet::Cell;

    fn header(names: &[&str]) -> Row {
        Row {
            number: 1,
            cells: names
                .iter()
                .map(|n| Cell {
                    text: (*n).into(),
                    ..Cell::default()
                })
                .collect(),
        }
    }

    #[test]
    fn keys_ignore_case_accents_and_punctuation() {
        assert_eq!(header_key("  Catégorie  "), "categorie");
        assert_eq!(header_key("NOM DU PROJET"), "nom du projet");
        assert_eq!(header_key("Site-web :"), "site web");
        assert_eq!(header_key("Complémentarité"), "complementarite");
    }

    #[test]
    // Field names are built with `format!` here: the i18n test takes a
    // `word.word` literal for a string key.
    fn french_and_english_headers_are_guessed() {
        let h = header(&[
            "Horodateur",
            "Nom du projet",
            "OBJECTIF",
            "Description",
            "Partenaires",
            "Site web",
            "Thème",
            "Name (EN)",
            "Présélectionné",
        ]);
        let m = build(&h, &[], "fr").unwrap();
        assert!(m.guessed);
        assert_eq!(
            m.columns,
            vec![
                ("name".into(), 1),
                ("aim".into(), 2),
                ("proposal".into(), 3),
                ("partners".into(), 4),
                ("website".into(), 5),
                ("category".into(), 6),
                (format!("name.{}", "en"), 7),
            ]
        );
        let h = header(&["Project name", "Goal", "Proposal", "Titre"]);
        let m = build(&h, &[], "en").unwrap();
        assert_eq!(m.column("name"), Some(0));
        assert_eq!(m.also_matched, vec![(3, "name".to_owned())]);
    }

    #[test]
    fn given_mappings_take_headers_or_letters() {
        let h = header(&["Titre long", "Pourquoi", "Quoi"]);
        let maps = [
            ("name".into(), "titre long".into()),
            ("aim".into(), "B".into()),
            ("proposal".into(), "Quoi".into()),
        ];
        let m = build(&h, &maps, "fr").unwrap();
        assert_eq!(m.column("name"), Some(0));
        assert_eq!(m.column("aim"), Some(1));
        assert!(!m.guessed);
        assert!(build(&h, &[("colour".into(), "A".into())], "fr").is_err());
        assert!(build(&h, &[(format!("website.{}", "en"), "A".into())], "fr").is_err());
        assert!(build(&h, &[(format!("name.{}", "fr"), "A".into())], "fr").is_err());
    }
}
