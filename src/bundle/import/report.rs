//! The import's report, always printed, in the template's language: the
//! sheet (hash, format, encoding, delimiter), the mapping, then every row
//! refused with its cell (`ligne 7, colonne A (Nom du projet) : vide`),
//! every change made to a cell, duplicates, formulas and merged cells, and
//! what was written. Text from the sheet is escaped for the terminal.

use crate::i18n::Language;
use crate::terminal_text::{Hazard, escape, name as char_name};

use super::mapping::Mapping;
use super::rows::{Change, Reason, Refusal, Rows};
use super::sheet::{Sheet, column_letters};

/// Cells named per line at most; the rest are counted.
const CELLS_SHOWN: usize = 12;

#[derive(Debug, Default)]
pub struct Report {
    pub english: bool,
    pub file: String,
    pub sha256: Option<String>,
    pub sheet: Option<Sheet>,
    pub header_row: Option<usize>,
    pub headers: Vec<String>,
    pub mapping: Option<Mapping>,
    /// `(column, value)` of each `--where`.
    pub filters: Vec<(usize, String)>,
    pub rows: Option<Rows>,
    /// `--seats`: the selection file and the seats taken.
    pub seats: Option<(String, usize)>,
    /// The last line: what was written, or why nothing was.
    pub outcome: String,
}

impl Report {
    pub fn new(language: Language, file: String) -> Self {
        Self {
            english: language == Language::En,
            file,
            ..Self::default()
        }
    }

    fn say<'a>(&self, fr: &'a str, en: &'a str) -> &'a str {
        if self.english { en } else { fr }
    }

    fn header(&self, column: usize) -> String {
        let text = self.headers.get(column).map(String::as_str).unwrap_or("");
        format!("{} ({})", column_letters(column), escape(text))
    }

    fn cells(&self, cells: &[(usize, usize)]) -> String {
        let mut shown: Vec<String> = cells
            .iter()
            .take(CELLS_SHOWN)
            .map(|&(row, column)| format!("{}{row}", column_letters(column)))
            .collect();
        if cells.len() > CELLS_SHOWN {
            let more = cells.len() - CELLS_SHOWN;
            shown.push(if self.english {
                format!("and {more} more")
            } else {
                format!("et {more} autres")
            });
        }
        shown.join(", ")
    }

    fn rows_list(&self, rows: &[usize]) -> String {
        // Runs of consecutive rows as `3–5`.
        let mut parts: Vec<String> = Vec::new();
        let mut i = 0;
        while i < rows.len() {
            let mut j = i;
            while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
                j += 1;
            }
            parts.push(if i == j {
                rows[i].to_string()
            } else {
                format!("{}–{}", rows[i], rows[j])
            });
            i = j + 1;
        }
        parts.join(", ")
    }

    pub fn reason(&self, reason: &Reason) -> String {
        let en = self.english;
        match reason {
            Reason::Empty => self.say("vide", "empty").to_owned(),
            Reason::TooLong(n) => {
                if en {
                    format!("{n} characters, at most {}", super::sheet::MAX_CELL_CHARS)
                } else {
                    format!("{n} caractères, au plus {}", super::sheet::MAX_CELL_CHARS)
                }
            }
            Reason::Refused(c, hazard) => {
                let what = match (hazard, en) {
                    (Hazard::Bidi, false) => {
                        "contrôle bidirectionnel, refusé : il change l'ordre du texte affiché sans se voir ; retirez-le"
                    }
                    (Hazard::Bidi, true) => {
                        "a bidirectional text control, refused: it reorders the text shown without being seen; remove it"
                    }
                    (_, false) => {
                        "caractère de contrôle, refusé : il pourrait piloter le terminal qui l'affiche ; retirez-le"
                    }
                    (_, true) => {
                        "a control character, refused: it could drive the terminal that shows it; remove it"
                    }
                };
                format!("{} {what}", char_name(*c))
            }
            Reason::FormulaError(e) => {
                if en {
                    format!(
                        "formula error {}; fix the formula or paste the value",
                        escape(e)
                    )
                } else {
                    format!(
                        "erreur de formule {} ; corrigez la formule ou collez la valeur",
                        escape(e)
                    )
                }
            }
            Reason::InvalidId(id) => {
                if en {
                    format!(
                        "{:?} is not an id: 1 to 64 ASCII letters, digits, '-', '_' or '.', starting with a letter or digit",
                        escape(id)
                    )
                } else {
                    format!(
                        "« {} » n'est pas un identifiant : 1 à 64 lettres ASCII, chiffres, « - », « _ » ou « . », commençant par une lettre ou un chiffre",
                        escape(id)
                    )
                }
            }
            Reason::DuplicateId { first_row } => {
                if en {
                    format!("id already used on row {first_row}")
                } else {
                    format!("identifiant déjà pris ligne {first_row}")
                }
            }
            Reason::SameRow { first_row } => {
                if en {
                    format!("the same as row {first_row} (sent twice?)")
                } else {
                    format!("la même que la ligne {first_row} (envoyée deux fois ?)")
                }
            }
        }
    }

    /// `ligne 7, colonne A (Nom du projet) : vide`.
    pub fn refusal(&self, r: &Refusal) -> String {
        let at = match r.column {
            Some(c) => format!(
                "{} {}, {} {}",
                self.say("ligne", "row"),
                r.row,
                self.say("colonne", "column"),
                self.header(c)
            ),
            None => format!("{} {}", self.say("ligne", "row"), r.row),
        };
        format!("{at}{} {}", self.say(" :", ":"), self.reason(&r.reason))
    }

    fn change(&self, change: Change) -> String {
        match (change, self.english) {
            (Change::LineEnds, false) => "fins de ligne CRLF ou CR lues comme LF".into(),
            (Change::LineEnds, true) => "CRLF or CR line ends read as LF".into(),
            (Change::Nfc, false) => "mis en forme Unicode NFC (accents composés)".into(),
            (Change::Nfc, true) => "put in Unicode NFC (composed accents)".into(),
            (Change::Trimmed, false) => {
                "espaces ou sauts de ligne retirés au début ou à la fin".into()
            }
            (Change::Trimmed, true) => "spaces or line breaks removed at the start or end".into(),
            (Change::Joined, false) => {
                "sauts de ligne ou tabulations remplacés par une espace (texte d'une ligne)".into()
            }
            (Change::Joined, true) => "line breaks or tabs made one space (a one-line text)".into(),
            (Change::Removed(c), false) => format!("{} retiré (caractère invisible)", char_name(c)),
            (Change::Removed(c), true) => {
                format!("{} removed (an invisible character)", char_name(c))
            }
        }
    }

    pub fn render(&self) -> String {
        let mut o = String::new();
        let mut line = |text: String| {
            o.push_str(&text);
            o.push('\n');
        };
        let colon = self.say(" :", ":");
        line(format!(
            "{}{colon} {}",
            self.say("Import de", "Import of"),
            escape(&self.file)
        ));
        if let Some(hash) = &self.sha256 {
            line(format!("  sha256:{hash}"));
        }
        if let Some(sheet) = &self.sheet {
            let mut what = format!("  format{colon} {}", sheet.format.name());
            if let Some(encoding) = sheet.encoding {
                what += &format!(", {}{colon} {encoding}", self.say("encodage", "encoding"));
            }
            if let Some(d) = sheet.delimiter {
                let d = match d {
                    b'\t' => self.say("tabulation", "tab").to_owned(),
                    d => format!("« {} »", d as char),
                };
                what += &format!(", {}{colon} {d}", self.say("séparateur", "delimiter"));
            }
            line(what);
            if let Some(name) = &sheet.sheet_name {
                let mut text = format!(
                    "  {}{colon} « {} »",
                    self.say("feuille", "sheet"),
                    escape(name)
                );
                if !sheet.other_sheets.is_empty() {
                    let others: Vec<String> = sheet
                        .other_sheets
                        .iter()
                        .map(|s| format!("« {} »", escape(s)))
                        .collect();
                    text += &format!(
                        " ({}{colon} {})",
                        self.say("non lues", "not read"),
                        others.join(", ")
                    );
                }
                line(text);
            }
        }
        if let Some(row) = self.header_row {
            line(format!(
                "  {}{colon} {} {row}",
                self.say("en-têtes", "headers"),
                self.say("ligne", "row")
            ));
        }
        if let Some(mapping) = &self.mapping {
            line(format!(
                "  {}{colon}",
                if mapping.guessed {
                    self.say(
                        "correspondance devinée des en-têtes (--map pour la changer)",
                        "mapping guessed from the headers (--map to change it)",
                    )
                } else {
                    self.say("correspondance donnée (--map)", "mapping given (--map)")
                }
            ));
            for (field, column) in &mapping.columns {
                line(format!("    {field:<14} ← {}", self.header(*column)));
            }
            for (column, field) in &mapping.also_matched {
                line(
                    format!(
                        "    {} {} {}",
                        self.header(*column),
                        self.say("ressemble aussi à", "also looks like"),
                        field
                    ) + self.say(" : non utilisée", ": not used"),
                );
            }
            let unused: Vec<String> = (0..self.headers.len())
                .filter(|c| !mapping.columns.iter().any(|(_, m)| m == c))
                .filter(|c| !self.filters.iter().any(|(f, _)| f == c))
                .filter(|&c| !self.headers[c].trim().is_empty())
                .map(|c| self.header(c))
                .collect();
            if !unused.is_empty() {
                line(format!(
                    "  {}{colon} {}",
                    self.say("colonnes non utilisées", "columns not used"),
                    unused.join(", ")
                ));
            }
        }
        for (column, value) in &self.filters {
            line(format!(
                "  --where {} = « {} »",
                self.header(*column),
                escape(value)
            ));
        }
        if let Some(rows) = &self.rows {
            let read = rows.projects.len() + rows.skipped.len() + {
                let mut refused: Vec<usize> = rows.refused.iter().map(|r| r.row).collect();
                refused.dedup();
                refused.len()
            };
            let mut refused_rows: Vec<usize> = rows.refused.iter().map(|r| r.row).collect();
            refused_rows.dedup();
            line(
                format!(
                    "  {}{colon} {read} ; {}{colon} {} ; {}{colon} {} ; {}{colon} {}",
                    self.say("lignes lues", "rows read"),
                    self.say("gardées", "kept"),
                    rows.projects.len(),
                    self.say("écartées par --where", "left out by --where"),
                    rows.skipped.len(),
                    self.say("refusées", "refused"),
                    refused_rows.len(),
                )
                .replace(" ; ", if self.english { "; " } else { " ; " }),
            );
            if !rows.skipped.is_empty() {
                line(format!(
                    "    {}{colon} {}",
                    self.say("écartées", "left out"),
                    self.rows_list(&rows.skipped)
                ));
            }
            if !rows.refused.is_empty() {
                line(format!("  {}{colon}", self.say("refusées", "refused")));
                for r in &rows.refused {
                    line(format!("    {}", self.refusal(r)));
                }
            }
            if !rows.changes.is_empty() {
                line(format!(
                    "  {}{colon}",
                    self.say("normalisations", "normalisations")
                ));
                for (change, cells) in &rows.changes {
                    line(format!(
                        "    {}{colon} {}",
                        self.change(*change),
                        self.cells(cells)
                    ));
                }
            }
            for (row, first) in &rows.same_name {
                line(format!(
                    "  {}{colon} {} {row} {} {first} ({})",
                    self.say("doublon de nom", "same name"),
                    self.say("ligne", "row"),
                    self.say("a le nom de la ligne", "has the name of row"),
                    self.say("gardées toutes deux : vérifiez", "both kept: check"),
                ));
            }
            if !rows.formulas.is_empty() {
                line(format!(
                    "  {}{colon} {}",
                    self.say("formules (la valeur calculée enregistrée dans le fichier est utilisée, sans recalcul)", "formulas (the value computed and saved in the file is used, not recomputed)"),
                    self.cells(&rows.formulas)
                ));
            }
            if rows.ids_made > 0 {
                let mut text = format!(
                    "  {}{colon} {}",
                    self.say(
                        "identifiants faits à partir des noms",
                        "ids made from the names"
                    ),
                    rows.ids_made
                );
                if !rows.ids_numbered.is_empty() {
                    let numbered: Vec<String> = rows
                        .ids_numbered
                        .iter()
                        .map(|(row, id)| format!("{} {row} → {id}", self.say("ligne", "row")))
                        .collect();
                    text += &format!(
                        "{} {}{colon} {}",
                        self.say(" ;", ";"),
                        self.say("numérotés pour être uniques", "numbered to be unique"),
                        numbered.join(", ")
                    );
                }
                line(text);
            }
        }
        if let Some(sheet) = &self.sheet
            && !sheet.merged.is_empty()
        {
            let blocks: Vec<String> = sheet.merged.iter().map(ToString::to_string).collect();
            line(format!(
                "  {}{colon} {} ({})",
                self.say("cellules fusionnées", "merged cells"),
                blocks.join(", "),
                self.say(
                    "la valeur est dans la première cellule, les autres sont lues vides",
                    "the value is in the first cell, the others read as empty"
                )
            ));
        }
        if let Some((file, n)) = &self.seats {
            line(format!(
                "  {}{colon} {n} {} {} ({})",
                self.say("jurés", "jurors"),
                self.say("sièges tirés de", "seats drawn in"),
                escape(file),
                self.say(
                    "signature du tirage non vérifiée ici : vérifiez le tirage avant",
                    "the draw's signature is not checked here: verify the draw first"
                )
            ));
        }
        if !self.outcome.is_empty() {
            line(self.outcome.clone());
        }
        o
    }
}
