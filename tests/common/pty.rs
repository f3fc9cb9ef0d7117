//! The real binary in a pseudo-terminal: keys in as bytes, the screen out
//! through a VT100 parser, as a person at a terminal would see it.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// How long to wait for a screen to appear before failing with what was
/// there instead. A bound on a hang, not a performance assertion.
const PATIENCE: Duration = Duration::from_secs(30);

pub struct PtyApp {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
}

impl PtyApp {
    /// Starts `jury` with `args` in an 80×24 terminal.
    pub fn spawn(args: &[&str], cwd: &Path) -> Self {
        let mut line = vec![env!("CARGO_BIN_EXE_jury")];
        line.extend_from_slice(args);
        Self::spawn_line(&line, cwd)
    }

    /// Starts the command `line` (program first) in an 80×24 terminal.
    pub fn spawn_line(line: &[&str], cwd: &Path) -> Self {
        Self::spawn_line_with_env(line, cwd, &[])
    }

    /// As `spawn_line`, with environment variables set for the program.
    pub fn spawn_line_with_env(line: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(line[0]);
        command.args(&line[1..]);
        command.cwd(cwd);
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pty.slave.spawn_command(command).expect("jury starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(24).unwrap(),
            std::num::NonZeroU16::new(80).unwrap(),
            0,
        )));
        let feed = Arc::clone(&parser);
        std::thread::spawn(move || {
            let _master = pty.master; // keep the terminal open while reading
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        Self {
            child,
            writer,
            parser,
        }
    }

    /// `jury run BUNDLE --state STATE`: a new session, its passphrase typed
    /// twice; returns on the facilitator's console.
    pub fn open_new_session(bundle: &Path, state: &Path, cwd: &Path) -> Self {
        let mut app = Self::run(bundle, state, cwd);
        app.wait_for("Phrase secrète");
        for _ in 0..2 {
            app.type_keys(super::PASSPHRASE);
            app.enter();
        }
        app.wait_for("Console de l'animateur");
        app
    }

    /// From the console: hands the kiosk to the selected seat, begins, and
    /// reads the three welcome pages; returns on the first project.
    pub fn hand_over_and_begin(&mut self) {
        self.enter();
        self.wait_for("appuyez sur Entrée pour commencer");
        self.enter();
        self.wait_for("Accueil 1/3");
        for _ in 0..3 {
            self.enter();
        }
        self.wait_for("Projet 1 / ");
    }

    /// From a juror's receipt: Enter, the locked screen, the facilitator's
    /// passphrase; returns on the console.
    pub fn receipt_to_console(&mut self) {
        self.wait_for("Votre vote est enregistré");
        self.enter();
        self.wait_for("Ordinateur verrouillé");
        self.enter();
        self.wait_for("Réservé à l'animateur");
        self.type_keys(super::PASSPHRASE);
        self.enter();
        self.wait_for("Console de l'animateur");
    }

    /// From the review: confirms the ballot, then back on the console.
    pub fn confirm_ballot(&mut self) {
        self.wait_for("Toutes vos mentions");
        self.type_keys("v");
        self.wait_for("C'est définitif");
        self.type_keys("o");
        self.receipt_to_console();
    }

    /// Facilitator: hand the kiosk to the selected seat; the juror grades
    /// `projects` projects with `keys` each (a `c` first declares a conflict
    /// on the first project) and confirms; back on the console.
    pub fn vote(&mut self, projects: usize, keys: &str, conflict_first: bool) {
        self.hand_over_and_begin();
        self.wait_for(&format!("Projet 1 / {projects}"));
        for p in 0..projects {
            if p == 0 && conflict_first {
                self.type_keys("c");
                self.wait_for("Conflit d'intérêts ?");
                self.type_keys("o");
                self.wait_for("Conflit d'intérêts déclaré");
            } else {
                self.type_keys(keys);
            }
            self.enter();
        }
        self.confirm_ballot();
    }

    /// From the console after the decision: seals, then quits the program.
    pub fn seal_and_quit(&mut self) {
        self.type_keys("s");
        self.wait_for("Sceller la séance ?");
        self.type_keys("o");
        self.wait_for("Le registre est scellé et signé");
        self.type_keys("q");
        self.wait_for("Quitter ?");
        self.type_keys("o");
        assert!(self.wait_exit(), "jury exits cleanly");
    }

    /// `jury run BUNDLE --state STATE`, nothing typed yet.
    pub fn run(bundle: &Path, state: &Path, cwd: &Path) -> Self {
        Self::spawn(
            &[
                "run",
                bundle.to_str().unwrap(),
                "--state",
                state.to_str().unwrap(),
            ],
            cwd,
        )
    }

    /// The screen's text; the no-break spaces of French typography read as
    /// spaces (`Quitter ?`), as a person reads them.
    pub fn screen(&self) -> String {
        self.parser
            .lock()
            .unwrap()
            .screen()
            .contents()
            .replace('\u{a0}', " ")
    }

    /// Where the terminal's cursor is, if shown: (row, column) from 0, and
    /// the text of its row from that column on.
    pub fn cursor(&self) -> Option<(u16, u16, String)> {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        if screen.hide_cursor() {
            return None;
        }
        let (row, col) = screen.cursor_position();
        let (_, width) = screen.size();
        let rest: String = (col..width.get())
            .filter_map(|c| screen.cell(row, c).map(|cell| cell.contents().to_owned()))
            .collect();
        Some((row, col, rest.replace('\u{a0}', " ")))
    }

    /// Waits until the screen shows `text` and has stopped changing (a frame
    /// is written in several chunks: on a loaded machine a read can land
    /// between them and see half of the old frame); panics with the screen
    /// if it never does.
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                std::thread::sleep(Duration::from_millis(40));
                if self.screen() == screen {
                    return screen;
                }
            }
            if start.elapsed() > PATIENCE {
                panic!("waited for {text:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends raw bytes (a short pause after each, so Esc is not read as Alt).
    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(30));
    }

    /// Types each character as its own key press.
    pub fn type_keys(&mut self, keys: &str) {
        for c in keys.chars() {
            self.send(c.encode_utf8(&mut [0; 4]));
        }
    }

    pub fn enter(&mut self) {
        self.send("\r");
    }

    /// SIGKILL: no chance to clean up, as in a power cut.
    pub fn kill_hard(&mut self) {
        let pid = self.child.process_id().expect("a running child");
        let status = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        self.child.wait().unwrap();
    }

    /// Waits for the program to exit and returns whether it succeeded.
    pub fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            if start.elapsed() > PATIENCE {
                panic!("jury did not exit; the screen shows:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for PtyApp {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A staff command (`jury verify`, `jury results`, …) run to its end.
pub fn staff(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_jury"))
        .args(args)
        .output()
        .unwrap()
}
