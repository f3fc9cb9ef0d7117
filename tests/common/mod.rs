//! Shared by the integration tests: scratch folders, a kiosk app driven by
//! key presses without a terminal, and screen text from `TestBackend`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jury::bundle::{self, BundleFile};
use jury::i18n::Language;
use jury::signing::SessionKey;
use jury::simulate::session_seed;
use jury::tui::{App, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub const PASSPHRASE: &str = "correct horse";

/// A fresh folder under the system temp dir, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(tag: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("jury-test-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn demo() -> BundleFile {
    bundle::demo()
}

/// A bundle's text with open (roll-call) ballots instead of the secret
/// default: each seat's grades are in its tally line.
pub fn open_ballots(source: &str) -> String {
    source.replacen("\n(\n", "\n(\n    ballots: Open,\n", 1)
}

/// The demo bundle, with open ballots.
pub fn demo_open() -> BundleFile {
    bundle::parse(
        "demo-open.ron",
        open_ballots(bundle::DEMO_SOURCE).as_bytes(),
    )
    .expect("the demo with open ballots is valid")
}

/// A kiosk on `folder` for the demo bundle, with a fixed session seed and key.
pub fn app(folder: &Path, language: Language) -> App {
    app_for(demo(), folder, language)
}

/// As `app`, for another bundle.
pub fn app_for(bundle: BundleFile, folder: &Path, language: Language) -> App {
    App::new(bundle, folder.join("session"), Theme::monochrome())
        .with_seed(session_seed(7))
        .with_pinned_key(SessionKey::from_seed(&[7; 32], "test"))
        .with_language(language)
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Types `text` one character at a time.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

pub fn enter(app: &mut App) {
    press(app, KeyCode::Enter);
}

/// Opens a new session: passphrase twice. Leaves the app on the console.
pub fn open_session(app: &mut App) {
    type_text(app, PASSPHRASE);
    enter(app);
    type_text(app, PASSPHRASE);
    enter(app);
}

/// From the console, hands over to the selected seat and reads the three
/// welcome pages: leaves the juror on the first project.
pub fn start_turn(app: &mut App) {
    enter(app); // hand over
    enter(app); // begin
    for _ in 0..3 {
        enter(app); // welcome pages
    }
}

/// In a juror's turn on the first project: every grade `key` (five
/// criteria), project after project, then the review confirmed: leaves the
/// app on the receipt.
pub fn grade_all_and_confirm(app: &mut App, key: char) {
    let projects = match app.mode() {
        jury::tui::Mode::Turn(t) => t.order().len(),
        other => panic!("not a turn: {other:?}"),
    };
    for _ in 0..projects {
        for _ in 0..5 {
            press(app, KeyCode::Char(key));
        }
        enter(app);
    }
    press(app, KeyCode::Char('v'));
    press(app, KeyCode::Char('y'));
}

/// One ballot for the selected seat (`grades`: the keys typed on each
/// project), confirmed with `yes` (`o` or `y`), then back on the console.
pub fn cast_with_keys(app: &mut App, grades: &[&str], yes: char) {
    start_turn(app);
    for keys in grades {
        type_text(app, keys);
        enter(app);
    }
    press(app, KeyCode::Char('v'));
    press(app, KeyCode::Char(yes));
    enter(app);
    enter(app);
    type_text(app, PASSPHRASE);
    enter(app);
}

/// From the console, a whole ballot for the selected seat, every grade
/// `key`, confirmed; back on the console (the next waiting seat selected).
pub fn cast_uniform(app: &mut App, key: char) {
    start_turn(app);
    grade_all_and_confirm(app, key);
    enter(app); // receipt → locked
    enter(app); // facilitator
    type_text(app, PASSPHRASE);
    enter(app);
}

/// The screen as text, one line per row (trailing spaces trimmed).
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        let mut x = 0;
        while x < width {
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            // A wide character (emoji, CJK) covers the next cell too.
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        // French typography's no-break spaces read as spaces (see `i18n`).
        out.push_str(line.replace('\u{a0}', " ").trim_end());
        out.push('\n');
    }
    out
}

pub mod pty;

/// The repository's root (`sessions/`, `docs/`, `tests/vectors/`).
pub fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every entry of the tally at `path`, in order.
pub fn tally_entries(path: &Path) -> Vec<jury::tally::Entry> {
    std::fs::read(path)
        .unwrap()
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            jury::tally::parse_line(l)
                .unwrap()
                .record
                .entry
                .into_owned()
        })
        .collect()
}

pub mod bundle_text;

pub mod small_disk;

/// The time written on every line `rebuild` makes.
pub const REBUILT_AT: &str = "2026-11-22T09:30:00Z";

/// Writes `entries` as a tally signed by `key`, each line chained to the one
/// before; the genesis names `key`, and a seal names its true count and head
/// (unless `edit` changes them afterwards).
pub fn rebuild(
    entries: &[jury::tally::Entry],
    key: &SessionKey,
    mut edit: impl FnMut(usize, &mut jury::tally::Entry),
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut prev = jury::digest::Digest([0; 32]);
    for (i, entry) in entries.iter().enumerate() {
        let mut entry = entry.clone();
        match &mut entry {
            jury::tally::Entry::SessionOpened { signer, .. } => *signer = key.public_line(),
            jury::tally::Entry::SessionSealed { count, head, .. } => {
                *count = i as u64;
                *head = prev.hex();
            }
            _ => {}
        }
        edit(i, &mut entry);
        let line = jury::tally::build_line(i as u64, &prev, REBUILT_AT, &entry, key.entry_signer());
        prev = jury::tally::line_hash(line.as_bytes());
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out
}
