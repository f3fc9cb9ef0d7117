//! A system error as a person would say it. A leaf: every layer that reads
//! or writes a file words its failures here, and it imports nothing.

/// An I/O error as a person would say it, without the `os error` noise.
pub fn describe_io(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match error.kind() {
        NotFound => "no such file; check the path".into(),
        PermissionDenied => "permission denied".into(),
        // The caller names the kind of file it expected (bounded_read does).
        IsADirectory => "this is a folder, not a file".into(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    }
}
