//! XLSX and ODS files are zip archives of XML. Before a spreadsheet reader
//! touches one, every member is decompressed here into nothing, stopping at
//! a limit, so a zip bomb (a few kilobytes that inflate to gigabytes) is
//! refused after reading at most the limit, whatever sizes the archive
//! declares; the reader that follows then holds at most that much.

use std::io::{self, Cursor, Read};

use super::sheet::SheetError;

/// Decompressed bytes, all members together, at most. A sheet of 2,000
/// applications is a few megabytes of XML.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// Members at most: a workbook has a few dozen.
pub const MAX_MEMBERS: usize = 1_000;

/// The archive's member names, once every member was found to inflate
/// within the limits.
pub fn check(bytes: &[u8]) -> Result<Vec<String>, SheetError> {
    let broken = |e: &dyn std::fmt::Display| {
        SheetError::Unreadable(format!(
            "not a readable XLSX or ODS file (broken zip archive: {e})"
        ))
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    if archive.len() > MAX_MEMBERS {
        return Err(bomb(format!(
            "{} files inside, at most {MAX_MEMBERS}",
            archive.len()
        )));
    }
    let mut names = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut member = archive.by_index(index).map_err(|e| broken(&e))?;
        if member.encrypted() {
            return Err(SheetError::Unreadable(
                "the workbook is protected by a password; save a copy without one".into(),
            ));
        }
        let name = member.name().map_err(|e| broken(&e))?.into_owned();
        // Declared sizes can lie; they only allow an early refusal.
        if member.size() > MAX_UNPACKED_BYTES - total {
            return Err(bomb(format!(
                "{name} declares {} bytes once decompressed",
                member.size()
            )));
        }
        let budget = MAX_UNPACKED_BYTES - total;
        let read = io::copy(&mut (&mut member).take(budget + 1), &mut io::sink())
            .map_err(|e| broken(&e))?;
        if read > budget {
            return Err(bomb(format!("{name} decompresses to more than the limit")));
        }
        total += read;
        names.push(name);
    }
    Ok(names)
}

fn bomb(detail: String) -> SheetError {
    SheetError::Refused(format!(
        "refused: the archive would decompress to more than {} MiB ({detail}); an application sheet is a few megabytes",
        MAX_UNPACKED_BYTES / (1024 * 1024)
    ))
}
