//! Each juror sees the projects in their own order, so no project gains from
//! always coming first. The order is reproducible from the session seed,
//! the seat and the round, so an auditor can recompute it
//! (docs/TALLY-FORMAT.md, "Project order").

use sha2::{Digest as _, Sha256};

pub const ORDER_DOMAIN: &[u8] = b"jury-order@v1\0";

/// A stream of u64s: SHA-256(domain ‖ seed ‖ seat ‖ 0x00 ‖ round (u32 BE) ‖ block (u64 BE)),
/// each 32-byte block read as four big-endian u64s. The fixed prefix is
/// absorbed once; each block only adds its counter.
struct OrderStream {
    prefix: Sha256,
    block: u64,
    buffer: [u8; 32],
    used: usize,
}

impl OrderStream {
    fn new(seed: &[u8], seat: &str, round: u32) -> Self {
        let mut prefix = Sha256::new();
        for part in [
            ORDER_DOMAIN,
            seed,
            seat.as_bytes(),
            &[0],
            &round.to_be_bytes(),
        ] {
            prefix.update(part);
        }
        Self {
            prefix,
            block: 0,
            buffer: [0; 32],
            used: 32,
        }
    }

    fn next_u64(&mut self) -> u64 {
        if self.used == 32 {
            let mut hasher = self.prefix.clone();
            hasher.update(self.block.to_be_bytes());
            self.buffer = hasher.finalize().into();
            self.block += 1;
            self.used = 0;
        }
        let mut bytes = [0; 8];
        bytes.copy_from_slice(&self.buffer[self.used..self.used + 8]);
        self.used += 8;
        u64::from_be_bytes(bytes)
    }
}

/// Fisher–Yates from the last position down: swap item `i` with item
/// `next_u64() mod (i + 1)`. The modulo bias (below 2⁻⁵⁰ for any real
/// list) does not matter here and keeps the rule easy to re-implement.
pub fn project_order<T: Clone>(seed: &[u8], seat: &str, round: u32, items: &[T]) -> Vec<T> {
    let mut stream = OrderStream::new(seed, seat, round);
    let mut order = items.to_vec();
    for i in (1..order.len()).rev() {
        let j = (stream.next_u64() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_a_permutation_reproducible_and_seat_dependent() {
        let items: Vec<u32> = (0..16).collect();
        let a = project_order(&[7; 32], "J01", 1, &items);
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, items);
        assert_eq!(a, project_order(&[7; 32], "J01", 1, &items));
        assert_ne!(a, project_order(&[7; 32], "J02", 1, &items));
        assert_ne!(a, project_order(&[7; 32], "J01", 2, &items));
        assert_ne!(a, project_order(&[8; 32], "J01", 1, &items));
    }

    /// Pinned so an accidental change of the rule (which would invalidate
    /// every recorded ballot) fails here first.
    #[test]
    fn pinned_vector() {
        let items: Vec<u32> = (0..6).collect();
        assert_eq!(project_order(&[0; 32], "J01", 1, &items), PINNED);
    }
    // Cross-checked with the Python snippet in docs/TALLY-FORMAT.md.
    const PINNED: [u32; 6] = [4, 5, 0, 2, 1, 3];
}
