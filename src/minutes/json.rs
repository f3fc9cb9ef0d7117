//! The minutes as JSON: every field, for programs.

use super::Minutes;
use crate::terminal_text::escape_json;

impl Minutes {
    /// JSON, with what serde_json leaves raw (C1, bidi and invisible
    /// characters) written as `\uXXXX` escapes: the same values, nothing hidden.
    pub fn to_json(&self) -> String {
        let json = serde_json::to_string_pretty(self).expect("minutes serialise");
        escape_json(&json).into_owned() + "\n"
    }
}
