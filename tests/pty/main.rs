//! The pseudo-terminal tests: the real `jury` binary driven through a
//! pty (portable-pty) and read back from a vt100 screen. One crate, so
//! one link step; the helpers are in `tests/common` (`common::pty`).

#[path = "../common/mod.rs"]
mod common;

mod fair_rules;
mod juror;
mod secret_crash;
mod session;
mod spoken_turn;
