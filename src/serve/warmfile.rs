//! The warm-up file (`warmup.bin`): warmed-up municipalities saved once
//! (`wijksim warmup`) and loaded by `wijksim serve --warmup`, so a workshop starts
//! answering without first simulating the status quo.
//!
//! # Format
//!
//! ```text
//! magic      8 bytes   "WIJKWARM"
//! format     u32 LE    FORMAT (the layout of what follows)
//! length     u64 LE    bytes of the payload
//! payload    postcard  Payload { header, entries }
//! checksum   32 bytes  SHA-256 of everything before it
//! ```
//!
//! The header names the program version and the warm-up identity ([`warm_identity`]:
//! SHA-256 of every parameter that acts during the warm-up, the municipalities and the
//! seed). Loading checks, in this order and before decoding anything: size, magic,
//! format, length, checksum; then the program version and the identity against the
//! running program and scenario. Any mismatch is a [`WarmFileError`] that says what to
//! do; nothing half-loaded is ever used.
//!
//! # Why postcard
//!
//! The state is plain data (households are 64-byte records of small integers), and it
//! must round-trip bit for bit, floats included, so that answers from a loaded warm-up
//! are the answers from a computed one. postcard has a documented, versioned wire
//! format (1.0, stable), writes integers as varints (the many `u16` weeks and indices
//! shrink), floats as their exact bytes, and is small, maintained and used widely; the
//! serde derives it needs sit on the model's own types, so no field can be forgotten.
//! bincode, the other obvious choice, is no longer maintained. A hand-written format
//! would have to list every field of a dozen types by hand, and keep doing so. The
//! SHA-256 trailer (the same hash as the output manifest) catches corruption before
//! postcard sees a byte.

use crate::model::municipality::Snapshot;
use crate::model::Municipality;
use crate::scenario::{Scenario, PARAMS};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// First bytes of every warm-up file.
pub const MAGIC: &[u8; 8] = b"WIJKWARM";

/// Layout version of the payload; raised whenever the saved state's types change.
pub const FORMAT: u32 = 1;

/// File name `wijksim warmup` writes into its output folder.
pub const FILE_NAME: &str = "warmup.bin";

/// Largest warm-up file read (the default scenario's ten replications take a few MB).
pub const MAX_BYTES: u64 = 1 << 30;

/// Why a warm-up file was refused.
#[derive(Debug, thiserror::Error)]
pub enum WarmFileError {
    /// Not a warm-up file at all, or cut short.
    #[error("not a wijksim warm-up file ({0})")]
    NotAWarmupFile(String),
    /// Written with another layout.
    #[error("warm-up file format {found}, this program reads format {FORMAT}; make it again with `wijksim warmup`")]
    Format {
        /// The file's format.
        found: u32,
    },
    /// The checksum does not match: the file was damaged.
    #[error("the warm-up file is damaged (its SHA-256 does not match); make it again with `wijksim warmup`")]
    Checksum,
    /// Written by another version of wijksim.
    #[error("the warm-up file was made by wijksim {found}, this is wijksim {expected}; make it again with `wijksim warmup`")]
    Version {
        /// The file's program version.
        found: String,
        /// This program's version.
        expected: String,
    },
    /// Warmed up under other parameters than the scenario's.
    #[error("the warm-up file belongs to another scenario (or other warm-up parameters or seed): its warm-up hash is {found}, the scenario's is {expected}; make it with `wijksim warmup` for this scenario")]
    Scenario {
        /// The file's warm-up identity.
        found: String,
        /// The scenario's.
        expected: String,
    },
    /// The file could not be read.
    #[error("cannot read the warm-up file {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// The payload could not be decoded or does not fit the scenario.
    #[error("the warm-up file cannot be read: {0}")]
    Payload(String),
}

/// What the file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarmHeader {
    /// wijksim version that wrote it.
    pub program_version: String,
    /// [`warm_identity`] of the scenario it was warmed up for.
    pub identity: String,
    /// Scenario name, for messages.
    pub scenario: String,
}

/// One warmed-up municipality.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    rep: u32,
    part: u32,
    state: Snapshot,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Payload {
    header: WarmHeader,
    entries: Vec<Entry>,
}

/// A warmed-up municipality with its replication and municipality index.
pub type Warmed = (u32, usize, Arc<Municipality>);

/// Keys whose values the warm-up never reads: how many replications, how long after
/// the switch, the reference, the prices and the names. Changing one of them keeps the
/// warm-ups; every other key (world, policy as written in the file, run) is part of
/// the identity.
fn outside_warmup(key: &str) -> bool {
    matches!(
        key,
        "run.replications" | "run.horizon_weeks" | "run.reference_model"
    ) || key.starts_with("mkba.")
        || key.starts_with("scenario.")
}

/// The identity of a scenario's warm-ups: SHA-256 (hex) of every value that acts
/// during the warm-up (the warm-up parameters, less the keys it never reads) and the
/// municipalities. Two scenarios with the same identity have the same warm-ups, bit
/// for bit, in every replication.
pub fn warm_identity(s: &Scenario) -> String {
    let mut h = Sha256::new();
    h.update(format!("wijksim warm-up format {FORMAT}\n"));
    for p in PARAMS.iter().filter(|p| !outside_warmup(p.key)) {
        let v = s
            .warmup_values
            .get(p.key)
            .map(|v| v.to_toml())
            .unwrap_or_default();
        h.update(format!("{}={v}\n", p.key));
    }
    for part in &s.parts {
        h.update(format!(
            "municipality {:?} {} {}\n",
            part.name, part.warmup.population.households, part.warmup.districts.teams
        ));
    }
    crate::output::sha256_hex(&h.finalize())
}

/// Read a warm-up file: a regular file of at most [`MAX_BYTES`] (checked before
/// reading, so a device or a FIFO is never read).
pub fn read(path: &std::path::Path) -> Result<Vec<u8>, WarmFileError> {
    use std::io::Read;
    let io = |message: String| WarmFileError::Io {
        path: path.display().to_string(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| io(e.to_string()))?;
    if !meta.is_file() {
        return Err(io("it is not a regular file".into()));
    }
    if meta.len() > MAX_BYTES {
        return Err(io(format!("it is larger than {MAX_BYTES} bytes")));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| io(e.to_string()))?;
    Ok(bytes)
}

/// The file's bytes for `warmed` municipalities of scenario `s`.
pub fn encode(s: &Scenario, warmed: &[Warmed]) -> Result<Vec<u8>, WarmFileError> {
    encode_as(s, warmed, env!("CARGO_PKG_VERSION"))
}

/// [`encode`] as if written by wijksim `version` (for testing that other versions'
/// files are refused).
#[doc(hidden)]
pub fn encode_as(s: &Scenario, warmed: &[Warmed], version: &str) -> Result<Vec<u8>, WarmFileError> {
    let payload = Payload {
        header: WarmHeader {
            program_version: version.to_string(),
            identity: warm_identity(s),
            scenario: s.name().to_string(),
        },
        entries: warmed
            .iter()
            .map(|(rep, part, m)| Entry {
                rep: *rep,
                part: *part as u32,
                state: m.snapshot(),
            })
            .collect(),
    };
    let body = postcard::to_stdvec(&payload).map_err(|e| WarmFileError::Payload(e.to_string()))?;
    let mut out = Vec::with_capacity(body.len() + 52);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&body);
    let sum = Sha256::digest(&out);
    out.extend_from_slice(&sum);
    Ok(out)
}

/// The warmed-up municipalities in `bytes`, checked against scenario `s` (see the
/// module documentation for the order of the checks).
pub fn decode(s: &Scenario, bytes: &[u8]) -> Result<Vec<Warmed>, WarmFileError> {
    const HEAD: usize = 8 + 4 + 8;
    if bytes.len() < HEAD + 32 {
        return Err(WarmFileError::NotAWarmupFile(format!(
            "{} bytes is too short",
            bytes.len()
        )));
    }
    if &bytes[..8] != MAGIC {
        return Err(WarmFileError::NotAWarmupFile(
            "it does not start with WIJKWARM".into(),
        ));
    }
    let mut four = [0u8; 4];
    four.copy_from_slice(&bytes[8..12]);
    let format = u32::from_le_bytes(four);
    if format != FORMAT {
        return Err(WarmFileError::Format { found: format });
    }
    let mut eight = [0u8; 8];
    eight.copy_from_slice(&bytes[12..20]);
    let len = u64::from_le_bytes(eight);
    if len != (bytes.len() - HEAD - 32) as u64 {
        return Err(WarmFileError::NotAWarmupFile(
            "its length does not match its contents (cut short or appended to)".into(),
        ));
    }
    let (body, sum) = bytes.split_at(bytes.len() - 32);
    if Sha256::digest(body).as_slice() != sum {
        return Err(WarmFileError::Checksum);
    }
    let payload: Payload =
        postcard::from_bytes(&body[HEAD..]).map_err(|e| WarmFileError::Payload(e.to_string()))?;
    let h = payload.header;
    if h.program_version != env!("CARGO_PKG_VERSION") {
        return Err(WarmFileError::Version {
            found: h.program_version,
            expected: env!("CARGO_PKG_VERSION").to_string(),
        });
    }
    let expected = warm_identity(s);
    if h.identity != expected {
        return Err(WarmFileError::Scenario {
            found: h.identity,
            expected,
        });
    }
    payload
        .entries
        .into_iter()
        .map(|e| {
            let part = s.parts.get(e.part as usize).ok_or_else(|| {
                WarmFileError::Payload(format!("municipality {} does not exist", e.part))
            })?;
            let m = Municipality::from_snapshot(e.state, &part.warmup)
                .map_err(WarmFileError::Payload)?;
            Ok((e.rep, e.part as usize, Arc::new(m)))
        })
        .collect()
}
