//! `jury bundle import`: a spreadsheet of applications (CSV, XLSX, ODS) and
//! a template bundle in, a bundle out, and a report of everything done to
//! the rows. A row refused means no bundle is written (exit 1), as in a dry
//! run; the report says which cell and why.
//!
//! One file per step: `csv_sheet` and `workbook` (with `archive_bounds`
//! and `ods_layout` for the zip formats) read the sheet, `mapping` says which
//! column is which field, `rows` cleans and checks the cells, `template` and
//! `seats` give the rest of the bundle, `write` renders it, `report` says it.

mod archive_bounds;
mod csv_sheet;
mod mapping;
mod ods_layout;
mod report;
mod rows;
mod seats;
mod sheet;
mod template;
mod workbook;
mod write;

use std::path::{Path, PathBuf};

pub use mapping::{FIELDS, header_key};
pub use report::Report;
pub use rows::slug;
pub use sheet::{Format, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_SHEET_BYTES};

use crate::digest::Digest;
use crate::i18n::Language;

/// What `jury bundle import` was asked.
#[derive(Debug, Clone)]
pub struct Options {
    pub sheet: PathBuf,
    pub template: PathBuf,
    pub out: PathBuf,
    /// `--map FIELD=COLUMN`, in order.
    pub maps: Vec<String>,
    /// `--where COLUMN=VALUE`: every one must hold.
    pub filters: Vec<String>,
    pub sheet_name: Option<String>,
    pub seats: Option<PathBuf>,
}

/// The outcome: the report (always printed) and the exit code, with the
/// error for standard error when there is one.
pub struct Imported {
    pub report: Report,
    pub code: u8,
    pub error: Option<String>,
}

const SHEET: crate::bounded_read::Kind = crate::bounded_read::Kind {
    name: "spreadsheet",
    expected: "a spreadsheet file (.csv, .xlsx or .ods)",
    limit: MAX_SHEET_BYTES,
    too_large: "an application sheet is a few megabytes",
};

/// `FIELD=COLUMN` split at its first `=`.
fn pair(text: &str, option: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
            Ok((a.trim().to_owned(), b.trim().to_owned()))
        }
        _ => Err(format!("{option} {text:?}: write it NAME=VALUE")),
    }
}

/// The format from the file's first bytes (and, for a zip, its members).
fn format_of(bytes: &[u8]) -> Result<Format, String> {
    if bytes.starts_with(b"PK\x03\x04") {
        // ODS starts with its stored `mimetype` member (ODF 1.2, 3.3).
        let ods = bytes
            .windows(46)
            .take(200)
            .any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet");
        return Ok(if ods { Format::Ods } else { Format::Xlsx });
    }
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]) {
        return Err("an old Excel file (.xls) is not read; save it as .xlsx, .ods or .csv".into());
    }
    Ok(Format::Csv)
}

pub fn import(options: &Options) -> Imported {
    let file_name = options.sheet.display().to_string();
    let template = template::load(&options.template);
    let language = template
        .as_ref()
        .map_or(Language::Fr, |t| Language::from_code(&t.language));
    let mut report = Report::new(language, file_name.clone());
    let english = language == Language::En;
    let say = |fr: &str, en: &str| {
        if english {
            en.to_owned()
        } else {
            fr.to_owned()
        }
    };
    let fail = |mut report: Report, code: u8, error: String| {
        if report.outcome.is_empty() {
            report.outcome = say("→ aucun bundle écrit.", "→ no bundle written.");
        }
        Imported {
            report,
            code,
            error: Some(error),
        }
    };
    let mut template = match template {
        Ok(t) => t,
        Err(e) => return fail(report, e.code, e.message),
    };
    let parsed_maps: Result<Vec<_>, _> = options.maps.iter().map(|m| pair(m, "--map")).collect();
    let parsed_filters: Result<Vec<_>, _> =
        options.filters.iter().map(|m| pair(m, "--where")).collect();
    let (maps, filters) = match (parsed_maps, parsed_filters) {
        (Ok(m), Ok(f)) => (m, f),
        (Err(e), _) | (_, Err(e)) => return fail(report, 2, e),
    };
    let bytes = match crate::bounded_read::read(&options.sheet, &SHEET) {
        Ok(bytes) => bytes,
        Err(e) => {
            let code = if matches!(e, crate::bounded_read::ReadError::TooLarge { .. }) {
                1
            } else {
                2
            };
            return fail(report, code, format!("{file_name}: cannot read: {e}"));
        }
    };
    let sha256 = Digest::of(&bytes).hex();
    report.sha256 = Some(sha256.clone());
    let format = match format_of(&bytes) {
        Ok(f) => f,
        Err(e) => return fail(report, 2, format!("{file_name}: {e}")),
    };
    let sheet = match format {
        Format::Csv => csv_sheet::read(&bytes),
        Format::Xlsx | Format::Ods => workbook::read(&bytes, format, options.sheet_name.as_deref()),
    };
    drop(bytes);
    let sheet = match sheet {
        Ok(s) => s,
        Err(sheet::SheetError::Unreadable(e)) => {
            return fail(report, 2, format!("{file_name}: {e}"));
        }
        Err(sheet::SheetError::Refused(e)) => return fail(report, 1, format!("{file_name}: {e}")),
    };
    let Some(header) = sheet.rows.first().cloned() else {
        report.sheet = Some(sheet);
        return fail(
            report,
            1,
            format!("{file_name}: the sheet is empty: no header row, no application"),
        );
    };
    report.header_row = Some(header.number);
    report.headers = header.cells.iter().map(|c| c.text.clone()).collect();
    let mapping = mapping::build(&header, &maps, &template.language);
    let mut filter_list = Vec::new();
    for (column, value) in &filters {
        match mapping::find_column(&header, column) {
            Some(c) => filter_list.push(rows::Filter {
                column: c,
                value: value.clone(),
            }),
            None => {
                report.sheet = Some(sheet);
                return fail(
                    report,
                    2,
                    format!("--where {column}={value}: no such column in the header row"),
                );
            }
        }
    }
    report.filters = filter_list
        .iter()
        .map(|f| (f.column, f.value.clone()))
        .collect();
    let mapping = match mapping {
        Ok(m) => m,
        Err(e) => {
            report.sheet = Some(sheet);
            return fail(report, 2, e);
        }
    };
    report.mapping = Some(mapping.clone());
    let missing: Vec<&str> = mapping::REQUIRED
        .iter()
        .copied()
        .filter(|f| mapping.column(f).is_none())
        .collect();
    if !missing.is_empty() {
        report.sheet = Some(sheet);
        return fail(
            report,
            1,
            format!(
                "{file_name}: no column found for {}; name it with --map FIELD=COLUMN (the column's header or letters)",
                missing.join(", ")
            ),
        );
    }
    let rows = rows::read(&sheet.rows, header.number, &mapping, &filter_list);
    report.sheet = Some(sheet);
    if let Some(folder) = &options.seats {
        match seats::read(folder) {
            Ok(jurors) => {
                report.seats = Some((
                    folder.join(seats::SELECTION_FILE).display().to_string(),
                    jurors.len(),
                ));
                template.jurors = jurors;
            }
            Err((e, code)) => {
                report.rows = Some(rows);
                return fail(report, code, e);
            }
        }
    }
    let refused = !rows.refused.is_empty();
    template.projects = rows.projects.iter().map(|(_, p)| p.clone()).collect();
    report.rows = Some(rows);
    if refused {
        let outcome = say(
            "→ aucun bundle écrit : des lignes sont refusées (voir ci-dessus) ; corrigez la feuille et relancez.",
            "→ no bundle written: rows are refused (see above); correct the sheet and run again.",
        );
        report.outcome = outcome;
        let n = report.rows.as_ref().map_or(0, |r| {
            let mut rows: Vec<usize> = r.refused.iter().map(|x| x.row).collect();
            rows.dedup();
            rows.len()
        });
        return fail(
            report,
            1,
            format!(
                "{file_name}: {n} row(s) refused, so no bundle is written; the report above names each cell"
            ),
        );
    }
    let source = Path::new(&options.sheet)
        .file_name()
        .map_or(file_name.clone(), |n| n.to_string_lossy().into_owned());
    let comment = vec![
        format!(
            "Made by `jury bundle import` from {} (sha256:{sha256}).",
            crate::terminal_text::escape(&source)
        ),
        "Check it with `jury check`; do not edit it once a session has started.".to_owned(),
    ];
    let text = write::render(&template, &comment);
    let out_name = options.out.display().to_string();
    if let Err(e) = crate::bundle::parse(&out_name, text.as_bytes()) {
        return fail(
            report,
            1,
            format!("the bundle would not be valid, so it is not written:\n{e}"),
        );
    }
    if let Err(e) = crate::atomic_file::write_atomic(&options.out, text.as_bytes()) {
        return fail(
            report,
            2,
            format!(
                "{out_name}: cannot write: {}",
                crate::io_error::describe_io(&e)
            ),
        );
    }
    report.outcome = if english {
        format!(
            "→ bundle written: {} (projects: {}, jurors: {}), sha256:{}",
            crate::terminal_text::escape(&out_name),
            template.projects.len(),
            template.jurors.len(),
            Digest::of(text.as_bytes()).hex()
        )
    } else {
        format!(
            "→ bundle écrit : {} (projets : {}, jurés : {}), sha256:{}",
            crate::terminal_text::escape(&out_name),
            template.projects.len(),
            template.jurors.len(),
            Digest::of(text.as_bytes()).hex()
        )
    };
    Imported {
        report,
        code: 0,
        error: None,
    }
}
