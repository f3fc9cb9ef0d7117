//! Guessing the facilitator's passphrase is slow: after a few wrong tries,
//! each new try waits longer (2 s, 4 s, 8 s … up to 5 minutes). One count
//! for the whole kiosk (the opening and the exit gate), kept in the session
//! folder (`folder::DELAY_FILE`) so that restarting the program does not reset it.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::atomic_file::write_atomic_with_mode;

/// Wrong tries allowed without waiting: typing mistakes happen.
const FREE_TRIES: u32 = 3;
const MAX_WAIT_SECS: u64 = 300;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassphraseDelay {
    path: PathBuf,
    failures: u32,
    /// When the last wrong try was made (seconds since the Unix epoch).
    last: u64,
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl PassphraseDelay {
    /// The count kept at `path`; none (or an unreadable one) is zero.
    pub fn load(path: &Path) -> Self {
        let path = path.to_owned();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut fields = text.split_whitespace().map(str::parse::<u64>);
        let (failures, last) = match (fields.next(), fields.next()) {
            (Some(Ok(f)), Some(Ok(l))) => (u32::try_from(f).unwrap_or(u32::MAX), l),
            _ => (0, 0),
        };
        Self {
            path,
            failures,
            last,
        }
    }

    fn wait_after(failures: u32) -> u64 {
        if failures < FREE_TRIES {
            return 0;
        }
        let doublings = (failures - FREE_TRIES).min(16);
        (2u64 << doublings).min(MAX_WAIT_SECS)
    }

    /// Seconds still to wait before the next try, if any.
    pub fn wait_left(&self, now: u64) -> Option<u64> {
        let until = self.last.saturating_add(Self::wait_after(self.failures));
        // A clock set back must not lock the facilitator out for long.
        let until = until.min(now.saturating_add(MAX_WAIT_SECS));
        (until > now).then(|| until - now)
    }

    /// A wrong try: counted, and on disk before the next one is possible.
    pub fn failed(&mut self, now: u64) {
        self.failures = self.failures.saturating_add(1);
        self.last = now;
        // Best effort: if the folder cannot be written, the count still
        // holds for as long as the program runs.
        let _ = write_atomic_with_mode(
            &self.path,
            format!("{} {}\n", self.failures, self.last).as_bytes(),
            0o600,
        );
    }

    /// The right passphrase: the count starts again.
    pub fn succeeded(&mut self) {
        if self.failures > 0 {
            self.failures = 0;
            self.last = 0;
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kiosk::folder::DELAY_FILE;

    #[test]
    fn waits_double_after_the_free_tries_and_are_capped() {
        let waits: Vec<u64> = (0..12).map(PassphraseDelay::wait_after).collect();
        assert_eq!(waits, [0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300]);
        assert_eq!(PassphraseDelay::wait_after(u32::MAX), 300);
    }

    #[test]
    fn the_count_survives_a_restart_and_resets_on_success() {
        let dir = std::env::temp_dir().join(format!("jury-delay-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut delay = PassphraseDelay::load(&dir.join(DELAY_FILE));
        for _ in 0..5 {
            delay.failed(1_000);
        }
        assert_eq!(delay.wait_left(1_000), Some(8));
        assert_eq!(delay.wait_left(1_006), Some(2));
        assert_eq!(delay.wait_left(1_008), None);
        let reloaded = PassphraseDelay::load(&dir.join(DELAY_FILE));
        assert_eq!(reloaded, delay);
        delay.succeeded();
        assert!(!dir.join(DELAY_FILE).exists());
        assert_eq!(
            PassphraseDelay::load(&dir.join(DELAY_FILE)).wait_left(1_000),
            None
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
