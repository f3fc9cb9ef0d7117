//! An ODS sheet's layout, read from its XML before calamine expands it. ODS
//! writes a run of identical rows or cells once with a repeat count
//! (`table:number-rows-repeated="1000000"`), so a few bytes can stand for
//! millions of cells, which calamine would then allocate. This pass counts
//! where the last cell with content is, refusing a sheet past the row or
//! column limit, and notes the merged cells, which calamine does not report.

use std::io::Cursor;

use quick_xml::events::{BytesStart, Event};

use super::sheet::{MAX_COLUMNS, MAX_ROWS, Merged, SheetError};

/// Merged cells per table name, in document order.
pub type MergedByTable = Vec<(String, Vec<Merged>)>;

pub fn scan(content_xml: &[u8]) -> Result<MergedByTable, SheetError> {
    let broken = |e: &dyn std::fmt::Display| {
        SheetError::Unreadable(format!("not a readable ODS file (content.xml: {e})"))
    };
    let mut reader = quick_xml::Reader::from_reader(Cursor::new(content_xml));
    let mut buf = Vec::new();
    let mut tables: MergedByTable = Vec::new();
    // Position in the current table: the row being read (0-based), its
    // repeat count, the next column.
    let (mut row, mut row_repeats, mut column) = (0u64, 1u64, 0u64);
    let mut depth_in_cell = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| broken(&e))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    "table:table" if depth_in_cell == 0 => {
                        let name = attribute(e, "table:name")?.unwrap_or_default();
                        tables.push((name, Vec::new()));
                        row = 0;
                    }
                    "table:table-row" if depth_in_cell == 0 => {
                        row_repeats = count(e, "table:number-rows-repeated")?;
                        column = 0;
                        if empty {
                            row = row.saturating_add(row_repeats);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" if depth_in_cell == 0 => {
                        let repeats = count(e, "table:number-columns-repeated")?;
                        let content = !empty || attribute(e, "office:value-type")?.is_some();
                        if content {
                            let last_row = row.saturating_add(row_repeats);
                            let last_column = column.saturating_add(repeats);
                            if last_row > MAX_ROWS as u64 {
                                return Err(super::csv_sheet::too_many_rows());
                            }
                            if last_column > MAX_COLUMNS as u64 {
                                return Err(super::csv_sheet::too_many_columns(row as usize + 1));
                            }
                        }
                        let across = count(e, "table:number-columns-spanned")?;
                        let down = count(e, "table:number-rows-spanned")?;
                        if (across > 1 || down > 1)
                            && e.name().as_ref() == "table:table-cell"
                            && let Some((_, merged)) = tables.last_mut()
                        {
                            merged.push(Merged {
                                first_row: row as usize + 1,
                                first_column: column as usize,
                                last_row: (row + down) as usize,
                                last_column: (column + across) as usize - 1,
                            });
                        }
                        column = column.saturating_add(repeats);
                        if !empty {
                            depth_in_cell = 1;
                        }
                    }
                    _ if depth_in_cell > 0 && !empty => depth_in_cell += 1,
                    _ => {}
                }
            }
            Event::End(e) => {
                if depth_in_cell > 0 {
                    depth_in_cell -= 1;
                } else if e.name().as_ref() == "table:table-row" {
                    row = row.saturating_add(row_repeats);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(tables)
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, SheetError> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => Ok(Some(a.value.into_owned())),
        Ok(None) => Ok(None),
        Err(e) => Err(SheetError::Unreadable(format!(
            "not a readable ODS file (content.xml: {e})"
        ))),
    }
}

/// A repeat or span count: 1 when absent.
fn count(e: &BytesStart<'_>, name: &str) -> Result<u64, SheetError> {
    match attribute(e, name)? {
        None => Ok(1),
        Some(text) => text.trim().parse::<u64>().map(|n| n.max(1)).map_err(|_| {
            SheetError::Unreadable(format!(
                "not a readable ODS file (content.xml: {} is not a count)",
                name
            ))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &str) -> String {
        format!(
            "<office:document-content><office:body><office:spreadsheet><table:table table:name=\"F\">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
        )
    }

    #[test]
    fn a_repeated_row_with_content_past_the_limit_is_refused() {
        let xml = table(
            "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>",
        );
        assert!(matches!(scan(xml.as_bytes()), Err(SheetError::Refused(_))));
    }

    #[test]
    fn trailing_empty_rows_repeated_are_fine_and_merges_are_found() {
        let xml = table(
            "<table:table-row><table:table-cell table:number-rows-spanned=\"3\"><text:p>a</text:p></table:table-cell><table:table-cell/></table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>",
        );
        let tables = scan(xml.as_bytes()).unwrap();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].1[0].to_string(), "A1:A3");
    }
}
