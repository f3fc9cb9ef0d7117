//! A spreadsheet as the import sees it, whatever file it came from: rows of
//! text cells, numbered as a spreadsheet numbers them, and what the reader
//! noticed on the way (formulas, merged cells).

use std::fmt;

/// Rows read at most, header included: a jury grades at most 2,000
/// projects, and a sheet of applications with more than this many rows
/// is not one (a 100,000-row sheet is refused before it is held).
pub const MAX_ROWS: usize = 10_001;
/// Columns read at most: an application form has a few dozen questions.
pub const MAX_COLUMNS: usize = 200;
/// Characters in one cell at most: a bundle's paragraphs are read on a
/// screen; a 10 MB cell is a mistake or an attack, refused with its cell.
pub const MAX_CELL_CHARS: usize = 20_000;
/// The sheet file's size at most.
pub const MAX_SHEET_BYTES: u64 = 32 * 1024 * 1024;

/// The kinds of file read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Ods,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Self::Csv => "CSV",
            Self::Xlsx => "XLSX",
            Self::Ods => "ODS",
        }
    }
}

/// One cell's text and whether a formula computed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// The cell holds a formula: `text` is its cached value.
    pub formula: bool,
    /// The cell holds an error value (`#REF!`): `text` is the error.
    pub error: bool,
    /// Its length in characters when over `MAX_CELL_CHARS`: the text is
    /// then not kept (`text` is empty), so a huge cell is held only once,
    /// as the reader read it.
    pub too_long: Option<usize>,
}

impl Cell {
    /// A cell of `text`, or of its length alone when too long.
    pub fn of(text: &str) -> Self {
        if text.len() > MAX_CELL_CHARS {
            let chars = text.chars().count();
            if chars > MAX_CELL_CHARS {
                return Self {
                    too_long: Some(chars),
                    ..Self::default()
                };
            }
        }
        Self {
            text: text.to_owned(),
            ..Self::default()
        }
    }
}

/// A spreadsheet row: its number (1 = the first row) and its cells, by column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells
            .iter()
            .all(|c| c.too_long.is_none() && c.text.trim().is_empty())
    }

    pub fn cell(&self, column: usize) -> Option<&Cell> {
        self.cells.get(column)
    }
}

/// A block of merged cells, as `B7:B9`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub first_row: usize,
    pub first_column: usize,
    pub last_row: usize,
    pub last_column: usize,
}

impl fmt::Display for Merged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}:{}{}",
            column_letters(self.first_column),
            self.first_row,
            column_letters(self.last_column),
            self.last_row
        )
    }
}

/// Everything read from the sheet file.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub format: Format,
    /// CSV only: the encoding detected (`UTF-8`, `UTF-8 (BOM)`, `Windows-1252`…).
    pub encoding: Option<&'static str>,
    /// CSV only: the delimiter detected.
    pub delimiter: Option<u8>,
    /// XLSX and ODS: the sheet read, and the others in the workbook.
    pub sheet_name: Option<String>,
    pub other_sheets: Vec<String>,
    /// Non-empty rows, in order.
    pub rows: Vec<Row>,
    pub merged: Vec<Merged>,
}

/// Why a sheet file could not be used at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// Not a sheet this program reads, or broken: exit 2.
    Unreadable(String),
    /// Readable, but refused as a whole (too many rows, a zip bomb…): exit 1.
    Refused(String),
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable(m) | Self::Refused(m) => f.write_str(m),
        }
    }
}

/// `A`, `B`, … `Z`, `AA`: the spreadsheet name of a column (0-based).
pub fn column_letters(column: usize) -> String {
    let mut n = column + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// The column (0-based) named by letters (`A`, `ab`), if they are letters.
pub fn column_from_letters(letters: &str) -> Option<usize> {
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let mut n = 0usize;
    for b in letters.bytes() {
        n = n * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    Some(n - 1)
}

/// The text of a number as a person typed it: `12`, not `12.0`.
pub fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_round_trip() {
        for (i, name) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letters(i), name);
            assert_eq!(column_from_letters(name), Some(i));
        }
        assert_eq!(column_from_letters("b"), Some(1));
        assert_eq!(column_from_letters("Nom"), Some(9866));
        assert_eq!(column_from_letters("A1"), None);
    }

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(2.5), "2.5");
        assert_eq!(number_text(-3.0), "-3");
    }
}
