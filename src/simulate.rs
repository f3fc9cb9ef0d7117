//! Rehearsals: a whole session with random ballots, through the same
//! `Session` actions the kiosk uses, so what it writes is what a real room
//! would write. Deterministic for a given seed (apart from the key and times).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::digest::Digest;
use crate::session::{SealReport, Session, SessionError, SessionSeed};
use crate::tally::Storage;

/// Rehearsal options.
#[derive(Debug, Clone, Copy)]
pub struct Rehearsal {
    pub seed: u64,
    /// Seats marked absent.
    pub absent: usize,
    /// Probability that a juror declares a conflict on a given project.
    pub conflicts: f64,
}

/// The session's seed and id, derived from the rehearsal seed.
pub fn session_seed(seed: u64) -> SessionSeed {
    let digest = Digest::of_parts(&[b"jury-simulate@v1\0", &seed.to_be_bytes()]);
    let mut id = [0; 16];
    id.copy_from_slice(&digest.0[..16]);
    SessionSeed {
        session_id: id,
        seed: Digest::of(&digest.0).0,
    }
}

/// Plays round 1 to the end, records the default decision and seals.
pub fn rehearse<S: Storage>(
    session: &mut Session<S>,
    options: Rehearsal,
) -> Result<SealReport, SessionError> {
    let bundle = session.bundle.bundle.clone();
    let mut rng = StdRng::seed_from_u64(options.seed);
    let seats = bundle.jurors.len();
    let grades = bundle.grades.len() as i32;
    // Each project has a "true" quality; jurors see it with some noise,
    // which makes rankings with clear leaders, close calls and ties.
    let quality: Vec<i32> = (0..bundle.projects.len())
        .map(|_| rng.random_range(0..grades))
        .collect();
    let mut absent: Vec<usize> = (0..seats).collect();
    for i in (1..absent.len()).rev() {
        absent.swap(i, rng.random_range(0..=i));
    }
    absent.truncate(options.absent.min(seats));
    for seat in 0..seats {
        if absent.contains(&seat) {
            session.mark_absent(seat)?;
            continue;
        }
        let mut conflicts = Vec::new();
        let ballot: Vec<Option<Vec<u8>>> = quality
            .iter()
            .enumerate()
            .map(|(p, &q)| {
                if options.conflicts > 0.0 && rng.random_bool(options.conflicts.min(1.0)) {
                    conflicts.push(p);
                    return None;
                }
                let values = bundle
                    .criteria
                    .iter()
                    .map(|_| (q + rng.random_range(-1..=1)).clamp(0, grades - 1) as u8)
                    .collect();
                Some(values)
            })
            .collect();
        session.cast_ballot(seat, &conflicts, &ballot)?;
    }
    session.close_round(None)?;
    let selection = session.state().results(&bundle).default_selection();
    session.record_decision(&selection, None)?;
    session.seal()
}
