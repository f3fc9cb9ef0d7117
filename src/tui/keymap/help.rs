//! The footers and help pages, written from the same tables that handle
//! the keys.

use crossterm::event::KeyEvent;

use super::Dialog;
use super::binding::{Binding, Footer, Row};
use super::keys::Key;
use super::session_tables::{GLOBAL, GlobalAction};
use crate::i18n::Strings;
use crate::tui::app::App;

/// One line of a help page: the first key of each binding, the other
/// keys, and the help text they share.
struct HelpGroup {
    first: Vec<Key>,
    others: Vec<Key>,
    help: &'static str,
}

/// Rows grouped for a help page: rows with the same help text are one
/// line, their keys together (`↑ ↓ or k j`).
fn help_groups(rows: &[Row]) -> Vec<HelpGroup> {
    let mut groups: Vec<HelpGroup> = Vec::new();
    for row in rows {
        let (first, others) = row.keys.split_first().expect("a binding has keys");
        let index = match groups.iter().position(|g| g.help == row.help) {
            Some(i) => i,
            None => {
                groups.push(HelpGroup {
                    first: Vec::new(),
                    others: Vec::new(),
                    help: row.help,
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[index];
        if !group.first.contains(first) {
            group.first.push(*first);
        }
        for key in others {
            if !group.first.contains(key) && !group.others.contains(key) {
                group.others.push(*key);
            }
        }
    }
    for group in &mut groups {
        group.others.retain(|k| !group.first.contains(k));
        // Stable: keys of one rank keep the table's order, letters a–z.
        group.others.sort_by_key(|k| (k.rank(), k.letter()));
    }
    groups
}

/// `↑ ↓ or k j`: the first key of each binding, then the other ones.
fn keys_text(group: &HelpGroup, s: &Strings, grades: usize) -> String {
    let names = |keys: &[Key]| {
        let mut names: Vec<String> = Vec::new();
        for key in keys {
            let name = key.name(s, grades, false);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.join(" ")
    };
    if group.others.is_empty() {
        names(&group.first)
    } else {
        format!(
            "{} {} {}",
            names(&group.first),
            s.t("key.or"),
            names(&group.others)
        )
    }
}

/// The lines of a help page for `rows`, then its note.
pub fn help_text(rows: &[Row], note: Option<&str>, s: &Strings, grades: usize) -> Vec<String> {
    let mut lines: Vec<String> = note.map(|n| s.t(n).to_owned()).into_iter().collect();
    for group in help_groups(rows) {
        lines.push(s.fill(
            "help.line",
            &[
                ("keys", &keys_text(&group, s, grades)),
                ("what", &s.t(group.help)),
            ],
        ));
    }
    lines
}

impl App {
    /// The rows that apply on the current screen: its own, then the global
    /// ones (language, help, the gate).
    pub(in crate::tui) fn rows_now(&self) -> (Vec<Row>, Option<&'static str>) {
        let (mut rows, note) = self.screen().rows();
        rows.extend(GLOBAL.rows().into_iter().filter(|r| self.holds(r.when)));
        (rows, note)
    }

    /// The footer: the keys shown, and what they do, in the order of the
    /// tables; bindings side by side with one label share it (`↑↓ choose`).
    pub(in crate::tui) fn footer_items(&self, width: u16) -> Vec<(String, String)> {
        let s = self.strings();
        let mut items: Vec<(String, String)> = Vec::new();
        let mut last_label = "";
        for row in self.footer_rows(width) {
            let name = row.keys[0].name(s, self.grades(), true);
            match items.last_mut() {
                Some((keys, _)) if row.label == last_label => {
                    if !keys.contains(&name) {
                        keys.push_str(&name);
                    }
                }
                _ => items.push((name, s.t(row.label).to_owned())),
            }
            last_label = row.label;
        }
        items
    }

    pub(in crate::tui) fn footer_rows(&self, width: u16) -> Vec<Row> {
        let (rows, _) = self.rows_now();
        rows.into_iter()
            .filter(|row| {
                self.holds(row.when)
                    && match row.footer {
                        Footer::No => false,
                        Footer::Yes => true,
                        Footer::When(when) => self.holds(when),
                        Footer::Wide => width >= 100,
                    }
            })
            .collect()
    }

    /// A press of each key the footer shows now (at `width` columns), for
    /// checks that every one of them does something.
    pub fn footer_keys(&self, width: u16) -> Vec<KeyEvent> {
        self.footer_rows(width)
            .iter()
            .map(|row| row.keys[0].example(self.strings()))
            .collect()
    }

    /// Whether the keys that act now include `key`: over a dialog, the
    /// language and the dialog's table; otherwise the current screen's, as
    /// its help and footer list them (its table and the global keys that
    /// apply now).
    pub fn documents_key(&self, key: &KeyEvent) -> bool {
        let rows = match &self.overlay {
            Some(overlay) => {
                let mut rows: Vec<Row> = GLOBAL
                    .bindings
                    .iter()
                    .filter(|b| b.action == GlobalAction::Language)
                    .map(Binding::row)
                    .collect();
                rows.extend(Dialog::of(overlay).rows());
                rows
            }
            None => self.rows_now().0,
        };
        rows.iter().any(|row| {
            self.holds(row.when) && row.keys.iter().any(|k| k.matches(key, self.grades()))
        })
    }

    /// The help page of the current screen: every key of its table (also
    /// those that do not apply right now), then the global ones.
    pub(in crate::tui) fn help_lines(&self) -> Vec<String> {
        let (rows, note) = self.rows_now();
        help_text(&rows, note, self.strings(), self.grades())
    }

    /// The help of the turn in lines, said in one line.
    pub(in crate::tui) fn spoken_help(&self) -> String {
        let s = self.strings();
        let lines = self.help_lines();
        s.fill("lines.help_text", &[("keys", &lines.join(" · "))])
    }
}
