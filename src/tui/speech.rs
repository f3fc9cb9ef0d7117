//! Speech for the turn in lines: each line is also spoken, for headphones.
//! We spawn `espeak-ng`, a small offline synthesiser packaged by every
//! Linux distribution, rather than linking a speech stack: one process per
//! line, killed when the next line comes, is the fewest moving parts for a
//! kiosk with no network and no desktop session (speech-dispatcher, which
//! the `tts` crate drives on Linux, needs a session daemon).
//!
//! `JURY_SPEECH_COMMAND` names another program taking the same arguments
//! (`-v LANG -s RATE -a VOLUME -- TEXT`): tests use one that records them.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub const DEFAULT_RATE: u16 = 160;
pub const DEFAULT_VOLUME: u16 = 100;
const RATE_STEP: u16 = 20;
const VOLUME_STEP: u16 = 20;

/// The voice's settings: the juror changes them with keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Voice {
    /// Words per minute (espeak-ng: 80 to 450).
    pub rate: u16,
    /// Amplitude (espeak-ng: 0 to 200).
    pub volume: u16,
}

impl Default for Voice {
    fn default() -> Self {
        Self {
            rate: DEFAULT_RATE,
            volume: DEFAULT_VOLUME,
        }
    }
}

impl Voice {
    pub fn slower(&mut self) {
        self.rate = self.rate.saturating_sub(RATE_STEP).max(80);
    }
    pub fn faster(&mut self) {
        self.rate = (self.rate + RATE_STEP).min(450);
    }
    pub fn softer(&mut self) {
        self.volume = self.volume.saturating_sub(VOLUME_STEP).max(20);
    }
    pub fn louder(&mut self) {
        self.volume = (self.volume + VOLUME_STEP).min(200);
    }
}

/// The speech program found on this machine, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeechCommand(PathBuf);

impl SpeechCommand {
    /// `JURY_SPEECH_COMMAND` if set (empty: no speech), else `espeak-ng`
    /// on the `PATH`.
    pub fn detect() -> Option<Self> {
        if let Some(chosen) = std::env::var_os("JURY_SPEECH_COMMAND") {
            return (!chosen.is_empty()).then(|| Self(PathBuf::from(chosen)));
        }
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|dir| dir.join("espeak-ng"))
            .find(|candidate| candidate.is_file())
            .map(Self)
    }
}

/// Speaks one line at a time: a new line interrupts the one being spoken.
pub struct Speaker {
    command: SpeechCommand,
    speaking: Option<Child>,
}

impl Speaker {
    pub fn new(command: SpeechCommand) -> Self {
        Self {
            command,
            speaking: None,
        }
    }

    pub fn say(&mut self, text: &str, language: &str, voice: Voice) {
        self.hush();
        let spawned = Command::new(&self.command.0)
            .args(["-v", language, "-s", &voice.rate.to_string()])
            .args(["-a", &voice.volume.to_string(), "--", text])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        // No voice is no reason to stop the turn: the lines are on screen.
        self.speaking = spawned.ok();
    }

    /// Stops the line being spoken, if any.
    pub fn hush(&mut self) {
        if let Some(mut child) = self.speaking.take() {
            if let Ok(None) = child.try_wait() {
                let _ = child.kill();
            }
            let _ = child.wait();
        }
    }
}

impl Drop for Speaker {
    fn drop(&mut self) {
        self.hush();
    }
}
