//! CSV as spreadsheets export it: the encoding (UTF-8 with or without a
//! BOM, UTF-16 with a BOM, else Windows-1252, what a French Excel writes)
//! and the delimiter (`;` in French exports, `,`, tab or `|`) are detected,
//! then the records are read by the `csv` crate (RFC 4180: quoted cells,
//! doubled quotes, line breaks inside quotes).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::sheet::{Cell, Format, MAX_COLUMNS, MAX_ROWS, Row, Sheet, SheetError};

const DELIMITERS: [u8; 4] = [b';', b',', b'\t', b'|'];
/// Records looked at to choose the delimiter, within the first bytes.
const SAMPLE_RECORDS: usize = 50;
const SAMPLE_BYTES: usize = 256 * 1024;

/// The text of `bytes` and the name of the encoding it was read in.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf")
        && let Ok(text) = std::str::from_utf8(rest)
    {
        return (text.to_owned(), "UTF-8 (BOM)");
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), "UTF-8");
    }
    let (encoding, name): (&'static Encoding, &'static str) = match Encoding::for_bom(bytes) {
        Some((e, _)) if e == UTF_16LE => (UTF_16LE, "UTF-16LE (BOM)"),
        Some((e, _)) if e == UTF_16BE => (UTF_16BE, "UTF-16BE (BOM)"),
        _ => (WINDOWS_1252, "Windows-1252"),
    };
    // Windows-1252 decodes every byte; its five undefined bytes become C1
    // controls, which the rows then refuse with their cell.
    let (text, _, _) = encoding.decode(bytes);
    (text.into_owned(), name)
}

/// The delimiter that splits the first records into the same number of
/// fields, the most fields winning a tie; `;` when nothing splits.
pub fn detect_delimiter(text: &str) -> u8 {
    // A sample, so that a huge cell is not parsed four more times.
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let mut best = (0usize, 0usize, b';');
    for &delimiter in &DELIMITERS {
        let mut reader = reader(text, delimiter);
        let mut widths = Vec::new();
        for record in reader.records().take(SAMPLE_RECORDS) {
            match record {
                Ok(r) => widths.push(r.len()),
                Err(_) => break,
            }
        }
        let Some(&header) = widths.first() else {
            continue;
        };
        if header < 2 {
            continue;
        }
        let consistent = widths.iter().filter(|&&w| w == header).count();
        if (consistent, header) > (best.0, best.1) {
            best = (consistent, header, delimiter);
        }
    }
    best.2
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

pub fn read(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let (text, encoding) = decode(bytes);
    let delimiter = detect_delimiter(&text);
    let mut rows = Vec::new();
    for (index, record) in reader(&text, delimiter).records().enumerate() {
        let number = index + 1;
        let record =
            record.map_err(|e| SheetError::Unreadable(format!("row {number}: not CSV: {e}")))?;
        if number > MAX_ROWS {
            return Err(too_many_rows());
        }
        if record.len() > MAX_COLUMNS {
            return Err(too_many_columns(number));
        }
        let row = Row {
            number,
            cells: record.iter().map(Cell::of).collect(),
        };
        if !row.is_blank() {
            rows.push(row);
        }
    }
    Ok(Sheet {
        format: Format::Csv,
        encoding: Some(encoding),
        delimiter: Some(delimiter),
        sheet_name: None,
        other_sheets: Vec::new(),
        rows,
        merged: Vec::new(),
    })
}

pub(super) fn too_many_rows() -> SheetError {
    SheetError::Refused(format!(
        "more than {} rows: a jury grades at most 2,000 projects; keep the applications in one sheet of at most {} rows (header included)",
        MAX_ROWS - 1,
        MAX_ROWS
    ))
}

pub(super) fn too_many_columns(row: usize) -> SheetError {
    SheetError::Refused(format!(
        "row {row} has more than {MAX_COLUMNS} columns; an application sheet has a few dozen"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_excel_export_is_windows_1252_with_semicolons() {
        let bytes = b"Nom;Objectif\r\n\"Caf\xe9, solidaire\";\"Deux\r\nlignes\"\r\n";
        let sheet = read(bytes).unwrap();
        assert_eq!(sheet.encoding, Some("Windows-1252"));
        assert_eq!(sheet.delimiter, Some(b';'));
        assert_eq!(sheet.rows[1].cells[0].text, "Café, solidaire");
        assert_eq!(sheet.rows[1].cells[1].text, "Deux\r\nlignes");
        assert_eq!(sheet.rows[1].number, 2);
    }

    #[test]
    fn utf8_with_bom_and_commas() {
        let sheet = read("\u{feff}Name,Aim,Proposal\nA,\"say \"\"hi\"\"\",c\n".as_bytes()).unwrap();
        assert_eq!(sheet.encoding, Some("UTF-8 (BOM)"));
        assert_eq!(sheet.delimiter, Some(b','));
        assert_eq!(sheet.rows[0].cells[0].text, "Name");
        assert_eq!(sheet.rows[1].cells[1].text, "say \"hi\"");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "a\tb\n1\t2\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let sheet = read(&bytes).unwrap();
        assert_eq!(sheet.encoding, Some("UTF-16LE (BOM)"));
        assert_eq!(sheet.delimiter, Some(b'\t'));
        assert_eq!(sheet.rows[1].cells[1].text, "2");
    }

    #[test]
    fn rows_past_the_limit_are_refused() {
        let text = "a;b\n".repeat(MAX_ROWS + 1);
        assert!(matches!(read(text.as_bytes()), Err(SheetError::Refused(_))));
    }
}
