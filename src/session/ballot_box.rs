//! Secret ballots while their round is open (docs/SECRECY.md).
//!
//! A confirmed ballot is sealed into the ballot box, `<tally>.box`: one
//! record per ballot, AES-256-GCM under the round's key, all records of a
//! round the same size, fsynced before the screen says "saved". The round's
//! key is in `<tally>.box-key`, itself encrypted with a key derived from
//! the session's signing key (which only the facilitator's passphrase
//! opens). When the round closes, the grades are published in the tally
//! without their seats (`GradesPublished`), and the key and the box are
//! destroyed: a later copy of the disk cannot open what is left.
//!
//! A record holds, for each project of the round in the round's order, the
//! vector the juror gave (or that it is a conflict) and its tag: 64 bits of
//! HMAC-SHA-256 keyed by the juror's receipt code, which only the juror
//! sees. With the code, and only with it, the juror finds their vectors in
//! the published tally (`jury receipt`).

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use zeroize::Zeroizing;

use crate::atomic_file::sync_parent;
use crate::atomic_file::write_new;
use crate::session::with_suffix;
use crate::signing::SessionKey;
use crate::tally::GradeRow;

/// Crockford's base32: no I, L, O or U to misread.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_BYTES: usize = 10;
const NONCE: usize = 12;
const GCM_TAG: usize = 16;
const TAG_BYTES: usize = 8;

/// A juror's receipt code: 80 random bits, shown once, kept nowhere.
#[derive(Clone, PartialEq, Eq)]
pub struct ReceiptCode(Zeroizing<[u8; CODE_BYTES]>);

impl std::fmt::Debug for ReceiptCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReceiptCode(hidden)")
    }
}

impl ReceiptCode {
    pub fn random() -> Self {
        let mut bytes = Zeroizing::new([0; CODE_BYTES]);
        rand::rng().fill_bytes(&mut *bytes);
        Self(bytes)
    }

    /// Reads a code as the juror copied it: case, dashes and spaces do not
    /// matter, and the letters base32 leaves out are read as what they
    /// look like (O as 0, I and L as 1).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut bits: u128 = 0;
        let mut count = 0;
        for c in text.chars().filter(|c| !matches!(c, '-' | ' ')) {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let Some(value) = ALPHABET.iter().position(|&a| a as char == c) else {
                return Err(format!(
                    "{c:?} is not in a receipt code (digits and letters, as XXXX-XXXX-XXXX-XXXX)"
                ));
            };
            bits = (bits << 5) | value as u128;
            count += 1;
        }
        if count != 16 {
            return Err(format!(
                "a receipt code has 16 signs (XXXX-XXXX-XXXX-XXXX); this one has {count}"
            ));
        }
        let mut bytes = Zeroizing::new([0; CODE_BYTES]);
        bytes.copy_from_slice(&bits.to_be_bytes()[16 - CODE_BYTES..]);
        Ok(Self(bytes))
    }

    /// `XXXX-XXXX-XXXX-XXXX`, as the juror copies it.
    pub fn display(&self) -> String {
        let mut bits = 0u128;
        for &b in self.0.iter() {
            bits = (bits << 8) | u128::from(b);
        }
        let signs: Vec<char> = (0..16)
            .rev()
            .map(|i| ALPHABET[((bits >> (5 * i)) & 31) as usize] as char)
            .collect();
        signs
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// The tag of this juror's vector for `project` in `round` of the
    /// session `session_id`: 16 hex digits, unlinkable without the code.
    pub fn tag(&self, session_id: &str, round: u32, project: &str) -> String {
        let mut mac =
            <Hmac<sha2::Sha256> as Mac>::new_from_slice(&*self.0).expect("HMAC takes any key");
        mac.update(b"jury-receipt-tag@v1\0");
        mac.update(session_id.as_bytes());
        mac.update(format!("\0{round}\0").as_bytes());
        mac.update(project.as_bytes());
        let digest = mac.finalize().into_bytes();
        crate::digest::to_hex(&digest[..TAG_BYTES])
    }
}

/// One project in a sealed ballot: the juror's grades and their tag, or a
/// conflict of interest (no grades).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sealed {
    Graded { tag: String, grades: GradeRow },
    Conflict,
}

/// Where a tally's ballot box and its key live.
pub fn box_paths(tally: &Path) -> (PathBuf, PathBuf) {
    (with_suffix(tally, ".box"), with_suffix(tally, ".box-key"))
}

/// The ballot box of one open round.
pub struct BallotBox {
    path: PathBuf,
    /// A new round key, sealed, to be written with the first ballot: only
    /// sealing a ballot writes anything (reading a box never does).
    new_key: Option<(PathBuf, Vec<u8>)>,
    cipher: Aes256Gcm,
    round: u32,
    /// Bytes of a record's plaintext: per project, a flag, a tag, the grades.
    plain_len: usize,
    criteria: usize,
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

impl BallotBox {
    /// Opens the box of `round` beside `tally`; if there is none yet, one
    /// whose key is written with its first ballot. Files are private to
    /// their owner (0600).
    pub fn open(
        tally: &Path,
        key: &SessionKey,
        round: u32,
        projects: usize,
        criteria: usize,
    ) -> io::Result<Self> {
        let (path, key_path) = box_paths(tally);
        let wrap = Aes256Gcm::new_from_slice(&*key.derive_key("jury-ballot-box-key@v1"))
            .expect("a 32-byte key");
        let aad = format!("jury-ballot-box-key@v1 round {round}");
        let mut new_key = None;
        let round_key = match std::fs::read(&key_path) {
            Ok(wrapped) => {
                let (nonce, sealed) = wrapped
                    .split_at_checked(NONCE)
                    .ok_or_else(|| invalid(format!("{}: too short", key_path.display())))?;
                let opened = wrap
                    .decrypt(
                        Nonce::from_slice(nonce),
                        Payload {
                            msg: sealed,
                            aad: aad.as_bytes(),
                        },
                    )
                    .map_err(|_| {
                        invalid(format!(
                            "{}: not the key of round {round}'s ballot box for this session",
                            key_path.display()
                        ))
                    })?;
                Zeroizing::new(opened)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let mut fresh = Zeroizing::new(vec![0; 32]);
                rand::rng().fill_bytes(&mut fresh);
                let mut nonce = [0; NONCE];
                rand::rng().fill_bytes(&mut nonce);
                let sealed = wrap
                    .encrypt(
                        Nonce::from_slice(&nonce),
                        Payload {
                            msg: &fresh,
                            aad: aad.as_bytes(),
                        },
                    )
                    .expect("AES-GCM encrypts");
                let mut file = nonce.to_vec();
                file.extend_from_slice(&sealed);
                new_key = Some((key_path, file));
                fresh
            }
            Err(e) => return Err(e),
        };
        Ok(Self {
            path,
            new_key,
            cipher: Aes256Gcm::new_from_slice(&round_key).expect("a 32-byte key"),
            round,
            plain_len: projects * (1 + TAG_BYTES + criteria),
            criteria,
        })
    }

    fn record_len(&self) -> usize {
        NONCE + self.plain_len + GCM_TAG
    }

    fn aad(&self) -> String {
        format!("jury-ballot-box@v1 round {}", self.round)
    }

    /// Seals one ballot (`projects` in the round's order) into the box, as
    /// the round's ballot number `cast` + 1: on disk, fsynced, when this
    /// returns. A record past `cast` (sealed when the program stopped before
    /// the tally said so, or torn) was never confirmed, and is cut first.
    pub fn append(&mut self, cast: usize, projects: &[Sealed]) -> io::Result<()> {
        let mut plain = Zeroizing::new(Vec::with_capacity(self.plain_len));
        for project in projects {
            match project {
                Sealed::Graded { tag, grades } => {
                    plain.push(1);
                    let tag = crate::digest::from_hex(tag)
                        .filter(|t| t.len() == TAG_BYTES)
                        .ok_or_else(|| invalid(format!("bad tag {tag:?}")))?;
                    plain.extend_from_slice(&tag);
                    if grades.len() != self.criteria {
                        return Err(invalid("a grade per criterion".into()));
                    }
                    plain.extend_from_slice(grades);
                }
                Sealed::Conflict => {
                    plain.extend(std::iter::repeat_n(0, 1 + TAG_BYTES + self.criteria))
                }
            }
        }
        if plain.len() != self.plain_len {
            return Err(invalid("a ballot names every project of its round".into()));
        }
        let mut nonce = [0; NONCE];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &plain,
                    aad: self.aad().as_bytes(),
                },
            )
            .expect("AES-GCM encrypts");
        let mut record = nonce.to_vec();
        record.extend_from_slice(&sealed);
        if let Some((key_path, sealed_key)) = self.new_key.take() {
            write_new(&key_path, &sealed_key, 0o600)?;
        }
        let created = !self.path.exists();
        let mut options = OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&self.path)?;
        let len = file.metadata()?.len();
        let confirmed = (cast * self.record_len()) as u64;
        if len < confirmed {
            return Err(invalid(format!(
                "{}: fewer sealed ballots than the tally records",
                self.path.display()
            )));
        }
        if len != confirmed {
            file.set_len(confirmed)?;
        }
        file.write_all(&record)?;
        file.sync_data()?;
        if created {
            sync_parent(&self.path)?;
        }
        Ok(())
    }

    /// The first `count` ballots of the box, in the order they were sealed
    /// (a ballot sealed but not yet in the tally when the program stopped is
    /// past `count`, and left out).
    pub fn read(&self, count: usize) -> io::Result<Vec<Vec<Sealed>>> {
        let mut bytes = Vec::new();
        match File::open(&self.path) {
            Ok(mut f) => {
                f.read_to_end(&mut bytes)?;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound && count == 0 => {}
            Err(e) => return Err(e),
        }
        let records: Vec<&[u8]> = bytes.chunks_exact(self.record_len()).collect();
        if records.len() < count {
            return Err(invalid(format!(
                "{}: {} sealed ballot(s), but the tally records {count}",
                self.path.display(),
                records.len()
            )));
        }
        records[..count]
            .iter()
            .map(|record| {
                let (nonce, sealed) = record.split_at(NONCE);
                let plain = Zeroizing::new(
                    self.cipher
                        .decrypt(
                            Nonce::from_slice(nonce),
                            Payload {
                                msg: sealed,
                                aad: self.aad().as_bytes(),
                            },
                        )
                        .map_err(|_| {
                            invalid(format!("{}: a ballot does not open", self.path.display()))
                        })?,
                );
                Ok(plain
                    .chunks_exact(1 + TAG_BYTES + self.criteria)
                    .map(|p| match p[0] {
                        1 => Sealed::Graded {
                            tag: crate::digest::to_hex(&p[1..=TAG_BYTES]),
                            grades: GradeRow::from_slice(&p[1 + TAG_BYTES..]),
                        },
                        _ => Sealed::Conflict,
                    })
                    .collect())
            })
            .collect()
    }
}

/// Destroys the round's ballot box and its key (crypto-shredding): the key
/// file is overwritten with zeros and synced before it is removed, so what
/// is left on the disk cannot open the box, whatever is left of it.
pub fn shred(tally: &Path) -> io::Result<()> {
    let (path, key_path) = box_paths(tally);
    if let Ok(meta) = std::fs::metadata(&key_path) {
        let mut file = OpenOptions::new().write(true).open(&key_path)?;
        file.write_all(&vec![0; meta.len() as usize])?;
        file.sync_all()?;
        std::fs::remove_file(&key_path)?;
    }
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    sync_parent(tally)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_as_written_and_forgives_case_dashes_and_lookalikes() {
        for _ in 0..50 {
            let code = ReceiptCode::random();
            let shown = code.display();
            assert_eq!(shown.len(), 19);
            assert_eq!(ReceiptCode::parse(&shown).unwrap(), code);
            assert_eq!(
                ReceiptCode::parse(&shown.to_lowercase().replace('-', " ")).unwrap(),
                code
            );
        }
        let code = ReceiptCode::parse("0000-1111-AAAA-ZZZZ").unwrap();
        assert_eq!(ReceiptCode::parse("oooo-iiii-aaaa-zzzz").unwrap(), code);
        assert_eq!(ReceiptCode::parse("OOOO-LLLL-AAAA-ZZZZ").unwrap(), code);
        assert!(ReceiptCode::parse("0000-1111-AAAA-ZZZ").is_err());
        assert!(ReceiptCode::parse("0000-1111-AAAA-ZZZU").is_err());
    }

    #[test]
    fn tags_differ_by_code_session_round_and_project() {
        let (a, b) = (ReceiptCode::random(), ReceiptCode::random());
        let t = a.tag("s1", 1, "p");
        assert_eq!(t.len(), 16);
        assert_eq!(t, a.tag("s1", 1, "p"));
        for other in [
            b.tag("s1", 1, "p"),
            a.tag("s2", 1, "p"),
            a.tag("s1", 2, "p"),
            a.tag("s1", 1, "q"),
        ] {
            assert_ne!(t, other);
        }
    }

    #[test]
    fn the_box_keeps_ballots_in_order_and_shredding_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("jury-box-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let tally = dir.join("t.jury");
        let key = SessionKey::from_seed(&[5; 32], "box");
        // Opening and reading a box that does not exist yet writes nothing.
        let empty = BallotBox::open(&tally, &key, 1, 2, 3).unwrap();
        assert_eq!(empty.read(0).unwrap(), Vec::<Vec<Sealed>>::new());
        assert!(empty.read(1).is_err());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        let ballots: Vec<Vec<Sealed>> = (0..3u8)
            .map(|i| {
                vec![
                    Sealed::Graded {
                        tag: format!("{i:016x}"),
                        grades: GradeRow::from_slice(&[i, 1, 2]),
                    },
                    Sealed::Conflict,
                ]
            })
            .collect();
        for (cast, ballot) in ballots.iter().enumerate() {
            let mut b = BallotBox::open(&tally, &key, 1, 2, 3).unwrap();
            b.append(cast, ballot).unwrap();
        }
        let reopened = BallotBox::open(&tally, &key, 1, 2, 3).unwrap();
        assert_eq!(reopened.read(3).unwrap(), ballots);
        assert_eq!(reopened.read(2).unwrap(), ballots[..2]);
        assert!(reopened.read(4).is_err());
        // Another session's key, or another round, opens nothing.
        let other = SessionKey::from_seed(&[6; 32], "other");
        assert!(BallotBox::open(&tally, &other, 1, 2, 3).is_err());
        assert!(BallotBox::open(&tally, &key, 2, 2, 3).is_err());
        // Every record has the same size: nothing says who had conflicts.
        let (box_path, key_path) = box_paths(&tally);
        let len = std::fs::metadata(&box_path).unwrap().len();
        assert_eq!(len % 3, 0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for p in [&box_path, &key_path] {
                let mode = std::fs::metadata(p).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600, "{}", p.display());
            }
        }
        shred(&tally).unwrap();
        assert!(!box_path.exists() && !key_path.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
