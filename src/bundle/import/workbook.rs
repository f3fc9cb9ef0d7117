//! XLSX and ODS through calamine, after the archive was bounded
//! (`archive_bounds`) and, for ODS, its repeats counted (`ods_layout`).
//! XLSX cells are streamed one by one, so a sheet whose two cells are
//! `A1` and `XFD1048576` is refused at its row instead of allocating the
//! rectangle between them. A formula's cached value is what is read.

use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, Xlsx};

use super::sheet::{
    Cell, Format, MAX_COLUMNS, MAX_ROWS, Merged, Row, Sheet, SheetError, number_text,
};

pub fn read(bytes: &[u8], format: Format, wanted: Option<&str>) -> Result<Sheet, SheetError> {
    super::archive_bounds::check(bytes)?;
    match format {
        Format::Xlsx => read_xlsx(bytes, wanted),
        Format::Ods => read_ods(bytes, wanted),
        Format::Csv => unreachable!("CSV is read by csv_sheet"),
    }
}

/// Which of the workbook's sheets to read: the one named, else the first.
fn choose(names: Vec<String>, wanted: Option<&str>) -> Result<(String, Vec<String>), SheetError> {
    let chosen = match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .cloned()
            .ok_or_else(|| {
                SheetError::Unreadable(format!(
                    "no sheet named {w:?}; the workbook's sheets are: {}",
                    names
                        .iter()
                        .map(|n| format!("{n:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| SheetError::Unreadable("the workbook has no sheet".into()))?,
    };
    let others = names.into_iter().filter(|n| *n != chosen).collect();
    Ok((chosen, others))
}

fn unreadable(kind: &str, e: impl std::fmt::Display) -> SheetError {
    SheetError::Unreadable(format!("not a readable {kind} file: {e}"))
}

fn read_xlsx(bytes: &[u8], wanted: Option<&str>) -> Result<Sheet, SheetError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable("XLSX", e))?;
    let (name, other_sheets) = choose(workbook.sheet_names(), wanted)?;
    let merged = workbook
        .merge_cells_by_sheet_name(&name)
        .map_err(|e| unreadable("XLSX", e))?
        .into_iter()
        .map(|d| Merged {
            first_row: d.start.0 as usize + 1,
            first_column: d.start.1 as usize,
            last_row: d.end.0 as usize + 1,
            last_column: d.end.1 as usize,
        })
        .collect();
    let mut cells = workbook
        .worksheet_cells_reader(&name)
        .map_err(|e| unreadable("XLSX", e))?;
    let mut grid = Grid::default();
    while let Some(cell) = cells
        .next_cell_with_formula()
        .map_err(|e| unreadable("XLSX", e))?
    {
        let formula = cell.formula.as_deref().is_some_and(|f| !f.is_empty());
        let (text, error) = match cell.value {
            DataRef::Empty => (String::new(), false),
            DataRef::String(s) => (s, false),
            DataRef::SharedString(s) => (s.to_owned(), false),
            DataRef::Int(n) => (n.to_string(), false),
            DataRef::Float(f) => (number_text(f), false),
            DataRef::Bool(b) => (if b { "TRUE" } else { "FALSE" }.to_owned(), false),
            DataRef::DateTime(d) => (d.to_string(), false),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => (s, false),
            DataRef::Error(e) => (e.to_string(), true),
        };
        grid.put(
            cell.pos.0 as usize,
            cell.pos.1 as usize,
            Cell {
                formula,
                error,
                ..Cell::of(&text)
            },
        )?;
    }
    Ok(grid.into_sheet(Format::Xlsx, name, other_sheets, merged))
}

fn read_ods(bytes: &[u8], wanted: Option<&str>) -> Result<Sheet, SheetError> {
    let content = {
        let mut archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable("ODS", e))?;
        let mut member = archive
            // `concat!`: not an i18n key to the i18n test (see seats.rs).
            .by_name(concat!("content", ".xml"))
            .map_err(|_| unreadable("ODS", "it has no content.xml"))?;
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut member, &mut content).map_err(|e| unreadable("ODS", e))?;
        content
    };
    let merged_by_table = super::ods_layout::scan(&content)?;
    drop(content);
    let mut workbook = Ods::new(Cursor::new(bytes)).map_err(|e| unreadable("ODS", e))?;
    let (name, other_sheets) = choose(workbook.sheet_names(), wanted)?;
    let values = workbook
        .worksheet_range(&name)
        .map_err(|e| unreadable("ODS", e))?;
    let formulas = workbook
        .worksheet_formula(&name)
        .map_err(|e| unreadable("ODS", e))?;
    let mut grid = Grid::default();
    if let Some((top, left)) = values.start() {
        for (r, row) in values.rows().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (row, column) = (top as usize + r, left as usize + c);
                let formula = formulas
                    .get_value((row as u32, column as u32))
                    .is_some_and(|f| !f.is_empty());
                let (text, error) = match value {
                    Data::Empty => continue,
                    Data::String(s) => (s.clone(), false),
                    Data::Int(n) => (n.to_string(), false),
                    Data::Float(f) => (number_text(*f), false),
                    Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }.to_owned(), false),
                    Data::DateTime(d) => (d.to_string(), false),
                    Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), false),
                    Data::Error(e) => (e.to_string(), true),
                };
                grid.put(
                    row,
                    column,
                    Cell {
                        formula,
                        error,
                        ..Cell::of(&text)
                    },
                )?;
            }
        }
    }
    let merged = merged_by_table
        .into_iter()
        .find(|(table, _)| *table == name)
        .map(|(_, m)| m)
        .unwrap_or_default();
    Ok(grid.into_sheet(Format::Ods, name, other_sheets, merged))
}

/// Cells gathered row by row (0-based positions), within the limits.
#[derive(Default)]
struct Grid {
    rows: std::collections::BTreeMap<usize, Vec<Cell>>,
}

impl Grid {
    fn put(&mut self, row: usize, column: usize, cell: Cell) -> Result<(), SheetError> {
        if row >= MAX_ROWS {
            return Err(super::csv_sheet::too_many_rows());
        }
        if column >= MAX_COLUMNS {
            return Err(super::csv_sheet::too_many_columns(row + 1));
        }
        let cells = self.rows.entry(row).or_default();
        if cells.len() <= column {
            cells.resize(column + 1, Cell::default());
        }
        cells[column] = cell;
        Ok(())
    }

    fn into_sheet(
        self,
        format: Format,
        name: String,
        other_sheets: Vec<String>,
        merged: Vec<Merged>,
    ) -> Sheet {
        let rows = self
            .rows
            .into_iter()
            .map(|(row, cells)| Row {
                number: row + 1,
                cells,
            })
            .filter(|r| !r.is_blank() || r.cells.iter().any(|c| c.formula || c.error))
            .collect();
        Sheet {
            format,
            encoding: None,
            delimiter: None,
            sheet_name: Some(name),
            other_sheets,
            rows,
            merged,
        }
    }
}
