//! The exit gate's check: the facilitator's passphrase, typed again to
//! leave the kiosk, compared with a salted hash of the one that opened the
//! session (the passphrase itself is not kept).

use rand::RngCore;

use crate::digest::Digest;

/// Checks the facilitator's passphrase without keeping it: a salted hash.
pub struct FacilitatorGate {
    salt: [u8; 16],
    hash: Digest,
}

impl FacilitatorGate {
    pub fn new(passphrase: &str) -> Self {
        let mut salt = [0; 16];
        rand::rng().fill_bytes(&mut salt);
        let hash = Digest::of_parts(&[&salt, passphrase.as_bytes()]);
        Self { salt, hash }
    }

    pub fn check(&self, passphrase: &str) -> bool {
        let candidate = Digest::of_parts(&[&self.salt, passphrase.as_bytes()]);
        // Compare every byte: the time taken says nothing about the passphrase.
        candidate
            .0
            .iter()
            .zip(self.hash.0.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_passphrase_passes() {
        let gate = FacilitatorGate::new("correct horse");
        assert!(gate.check("correct horse"));
        assert!(!gate.check("correct horse "));
        assert!(!gate.check(""));
    }
}
