//! The tally: an append-only, hash-chained, signed file of everything the
//! session did. `docs/TALLY-FORMAT.md` is its specification.

mod canonical_line;
mod clock;
mod entry;
mod line;
mod store;

pub use canonical_line::{NotCanonical, parse_canonical};
pub use clock::{format_utc, freeze_clock_for_tests, now_utc};
pub use entry::{
    CountRow, Entry, EntryText, FORMAT_VERSION, GradeRow, Record, SECRET_FORMAT_VERSION,
    VECTORS_FORMAT_VERSION,
};
pub use line::{
    GENESIS_PREV, LINE_DOMAIN, LinkError, MAX_LINE_BYTES, MAX_TALLY_BYTES, MAX_TALLY_LINES,
    ParsedLine, SIGNATURE_DOMAIN, SyntaxError, TALLY_KIND, build_line, check_link, check_signature,
    genesis_key, line_hash, not_opened, parse_line, split_signature, verify_signed,
};
pub use store::{
    Appended, Scan, Storage, TallyError, TallyWriter, TornTail, create_file, open_file, scan,
    set_aside_torn_tail,
};
