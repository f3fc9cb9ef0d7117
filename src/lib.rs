//! Jury: a kiosk for citizen juries.
//!
//! The core (`bundle`, `digest`, `signing`) has no terminal in it; `tui`
//! is the shell that maps keys to actions and state to frames.

pub mod bundle;
pub mod cli;
pub mod digest;
pub mod i18n;
pub mod signing;
pub mod tui;
