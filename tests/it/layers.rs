//! The layers' "never" arrows (issue 18, ARCHITECTURE.md), checked on the
//! source so that they cannot come back unnoticed: the leaves import no
//! domain module, `bundle` sits below the tally, the session and verify,
//! and the core never reaches the command line or the terminal.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Modules that import nothing from the crate but one another.
const LEAVES: &[&str] = &[
    "signing",
    "digest",
    "bounded_read",
    "terminal_text",
    "i18n",
    "atomic_file",
    "io_error",
];
/// The pure core: no command line, no terminal.
const CORE: &[&str] = &["bundle", "tally", "session", "results", "verify", "kiosk"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The files of a top-level module: `src/NAME.rs` or everything under `src/NAME/`.
fn files_of(module: &str) -> Vec<PathBuf> {
    let file = src().join(format!("{module}.rs"));
    if file.is_file() {
        return vec![file];
    }
    let mut found = Vec::new();
    let mut folders = vec![src().join(module)];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found
}

/// Every top-level module a file names with `crate::…`, comments left out.
/// Grouped imports (`use crate::{a, b}`) are refused: they would hide names
/// from this check.
fn crate_modules(path: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut names = BTreeSet::new();
    for line in text.lines() {
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        assert!(
            !code.contains("crate::{"),
            "{}: name crate modules one by one: {line}",
            path.display()
        );
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.insert(name);
        }
    }
    names
}

/// (file, module it names) for every file of `modules` naming one of `forbidden`.
fn violations(modules: &[&str], allowed: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for module in modules {
        for path in files_of(module) {
            for name in crate_modules(&path) {
                if name != *module && !allowed(&name) {
                    found.push(format!("{} uses crate::{name}", path.display()));
                }
            }
        }
    }
    found
}

#[test]
fn the_leaves_import_no_domain_module() {
    assert_eq!(
        violations(LEAVES, |name| LEAVES.contains(&name)),
        Vec::<String>::new()
    );
}

#[test]
fn the_bundle_imports_neither_tally_nor_session_nor_verify() {
    let above = ["tally", "session", "verify"];
    assert_eq!(
        violations(&["bundle"], |name| !above.contains(&name)),
        Vec::<String>::new()
    );
}

#[test]
fn the_core_imports_neither_the_command_line_nor_the_terminal() {
    assert_eq!(
        violations(CORE, |name| !["cli", "tui"].contains(&name)),
        Vec::<String>::new()
    );
}

/// The check itself sees an import: it would fail on a leaf that took a
/// limit from the tally, as `bounded_read` once did.
#[test]
fn the_check_sees_crate_paths() {
    let names = crate_modules(&src().join("bounded_read.rs"));
    assert!(names.contains("io_error"), "{names:?}");
    let names = crate_modules(&src().join("tally").join("store.rs"));
    assert!(names.contains("bounded_read"), "{names:?}");
}
