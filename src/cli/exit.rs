//! The one place where what a staff command found becomes its exit status
//! (as ripgrep's `main.rs` and rage's `error.rs` do): 0, 1 or 2.

use std::process::ExitCode;

use crate::verify::Verdict;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: the tally is valid (`verify`), the minutes were printed (`results`).
    Success,
    /// 1: the tally is invalid or incomplete (not sealed): `results` prints
    /// no minutes.
    Refused,
    /// 2: an input could not be read, or the command line is wrong (clap
    /// uses 2 for usage errors too).
    Unreadable,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Refused => 1,
            Self::Unreadable => 2,
        }
    }
}

impl From<Verdict> for Exit {
    fn from(verdict: Verdict) -> Self {
        match verdict {
            Verdict::Valid => Self::Success,
            Verdict::Incomplete | Verdict::Invalid => Self::Refused,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}
