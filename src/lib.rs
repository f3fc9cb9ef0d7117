//! Jury: a kiosk for citizen juries.
//!
//! The core (`bundle`, `digest`, `signing`) has no terminal in it; `tui`
//! is the shell that maps keys to actions and state to frames.

pub mod atomic_file;
pub mod bounded_read;
pub mod bundle;
pub mod cli;
pub mod digest;
pub mod i18n;
pub mod io_error;
pub mod kiosk;
pub mod minutes;
pub mod receipt;
pub mod results;
pub mod session;
pub mod signing;
pub mod simulate;
pub mod synth;
pub mod tally;
pub mod terminal_text;
pub mod tui;
pub mod turn;
pub mod verify;
