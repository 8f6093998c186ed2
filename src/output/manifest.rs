//! The manifest: the list of files (with sizes and SHA-256) that make up one
//! run's output set, plus a header describing how the run was made.
//!
//! `manifest.json` is the commit point of the output protocol: a folder holds
//! a complete set exactly when its manifest is present and every listed file
//! matches. Its bytes are deterministic (sorted files, sorted extras, no
//! timestamps) so that two runs with the same inputs produce identical folders.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub(crate) use super::names::COMMIT_MARKER;
pub use super::names::MANIFEST_FILE;

/// Name of the lock file in an output folder. It is created on the first run
/// and deliberately never deleted: deleting a lock file lets two processes
/// end up holding locks on two different files.
pub const LOCK_FILE: &str = ".wijksim.lock";

/// Version of the manifest layout written by this code.
pub const MANIFEST_FORMAT: u32 = 1;

/// Prefix of the staging folders inside an output folder.
pub(crate) const STAGING_PREFIX: &str = ".wijksim-tmp-";

/// Copy of the previous `manifest.json`, kept in the staging folder so a
/// roll-forward still knows which old files to remove after the old manifest
/// itself was deleted. The leading dot keeps it apart from output file names.
pub(crate) const PREVIOUS_MANIFEST: &str = ".previous-manifest.json";

/// Largest `manifest.json` that is read (a manifest lists file names and
/// hashes, so anything near this is not a manifest).
pub(crate) const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

/// How a run was made: written at the top of `manifest.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Version of the program that wrote the set.
    pub program_version: String,
    /// The command line of the run, one argument per element.
    pub command_line: Vec<String>,
    /// SHA-256 (lowercase hex) of the run's input, see [`sha256_hex`].
    pub input_sha256: String,
    /// Random seed of the run.
    pub seed: u64,
    /// Any further facts worth recording; sorted by key in the file.
    #[serde(default)]
    pub extras: BTreeMap<String, String>,
}

/// One file of an output set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// File name inside the output folder (one path component).
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the contents, lowercase hex.
    pub sha256: String,
}

/// Contents of `manifest.json`: the header and the sorted list of files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Layout version, [`MANIFEST_FORMAT`] for manifests written by this code.
    pub format: u32,
    /// How the run was made.
    pub header: Header,
    /// The files of the set, sorted by name, names unique.
    pub files: Vec<FileEntry>,
}

impl Manifest {
    /// Looks up the entry for `name`.
    pub fn file(&self, name: &str) -> Option<&FileEntry> {
        self.files
            .binary_search_by(|f| f.name.as_str().cmp(name))
            .ok()
            .and_then(|i| self.files.get(i))
    }

    /// Serialises to the canonical bytes: pretty JSON plus a trailing newline.
    pub(crate) fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Parses and checks a manifest; the error says what is wrong with it.
    ///
    /// Every name is checked like a name given to the writer: a manifest is
    /// trusted to decide which files get deleted, so one that lists
    /// `../something` must be refused, not obeyed.
    pub(crate) fn from_json(bytes: &[u8]) -> Result<Manifest, String> {
        let manifest: Manifest = serde_json::from_slice(bytes)
            .map_err(|e| format!("it is not a wijksim manifest: {e}"))?;
        if manifest.format != MANIFEST_FORMAT {
            return Err(format!(
                "it has format {} but this program reads format {MANIFEST_FORMAT}; use the \
                 wijksim version that wrote it",
                manifest.format
            ));
        }
        let mut previous: Option<&str> = None;
        for entry in &manifest.files {
            super::names::check_file_name(&entry.name).map_err(|why| {
                format!(
                    "it lists the file name {:?}, which is refused: {why}",
                    entry.name
                )
            })?;
            if previous.is_some_and(|p| p >= entry.name.as_str()) {
                return Err(format!(
                    "its file list is not sorted or has duplicates at {:?}",
                    entry.name
                ));
            }
            if !is_sha256_hex(&entry.sha256) {
                return Err(format!(
                    "the hash of {:?} is not 64 lowercase hex digits",
                    entry.name
                ));
            }
            previous = Some(entry.name.as_str());
        }
        Ok(manifest)
    }
}

/// SHA-256 of `bytes` as 64 lowercase hex digits (the form used in manifests
/// and for [`Header::input_sha256`]).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Hashes everything `reader` yields; returns the byte count and the hex hash.
pub(crate) fn sha256_reader(reader: &mut impl Read) -> io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let size = io::copy(reader, &mut hasher)?;
    Ok((size, hex(&hasher.finalize())))
}

fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(digest.len() * 2);
    for byte in digest {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Result of checking one file against its manifest entry.
pub(crate) enum FileCheck {
    /// Size and hash match.
    Ok,
    /// The file differs; the text says how.
    Differs(String),
}

/// Compares the file at `path` with `entry`. I/O errors while reading count
/// as differences (the file cannot be shown to match), with the error text.
pub(crate) fn check_file(path: &Path, entry: &FileEntry) -> FileCheck {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return FileCheck::Differs("it is missing".to_owned());
        }
        Err(e) => return FileCheck::Differs(format!("it cannot be inspected: {e}")),
    };
    if !meta.is_file() {
        return FileCheck::Differs("it is not a regular file".to_owned());
    }
    if meta.len() != entry.size {
        return FileCheck::Differs(format!(
            "it has {} bytes, the manifest says {}",
            meta.len(),
            entry.size
        ));
    }
    let hashed =
        File::open(path).and_then(|f| sha256_reader(&mut f.take(entry.size.saturating_add(1))));
    match hashed {
        Ok((size, hash)) if size == entry.size && hash == entry.sha256 => FileCheck::Ok,
        Ok(_) => FileCheck::Differs("its SHA-256 differs from the manifest".to_owned()),
        Err(e) => FileCheck::Differs(format!("it cannot be read: {e}")),
    }
}

/// Outcome of reading a manifest file from disk.
pub(crate) enum Loaded {
    /// There is no file at the path.
    Missing,
    /// A valid manifest, with the exact bytes it was parsed from.
    Found(Manifest, Vec<u8>),
    /// Something is there but it is not a usable manifest; the text says why.
    Invalid(String),
}

/// Reads and checks the manifest at `path` (bounded, regular files only).
pub(crate) fn load(path: &Path) -> Loaded {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Loaded::Missing,
        Err(e) => return Loaded::Invalid(format!("it cannot be inspected: {e}")),
        Ok(_) => {}
    }
    let text = match super::input::read_input(path, MAX_MANIFEST_BYTES) {
        Ok(text) => text,
        Err(e) => return Loaded::Invalid(e.to_string()),
    };
    match Manifest::from_json(text.as_bytes()) {
        Ok(manifest) => Loaded::Found(manifest, text.into_bytes()),
        Err(why) => Loaded::Invalid(why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            format: MANIFEST_FORMAT,
            header: Header {
                program_version: "1.2.3".into(),
                command_line: vec!["wijksim".into(), "run".into()],
                input_sha256: sha256_hex(b"input"),
                seed: u64::MAX,
                extras: BTreeMap::from([("b".into(), "2".into()), ("a".into(), "1".into())]),
            },
            files: vec![FileEntry {
                name: "a.csv".into(),
                size: 3,
                sha256: sha256_hex(b"abc"),
            }],
        }
    }

    #[test]
    fn known_sha256() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn round_trip_and_canonical_bytes() {
        let m = sample();
        let bytes = m.to_json().unwrap_or_default();
        assert!(bytes.ends_with(b"}\n"));
        let text = String::from_utf8(bytes.clone()).unwrap_or_default();
        assert!(
            text.find("\"a\"") < text.find("\"b\""),
            "extras sorted: {text}"
        );
        assert!(
            text.contains("18446744073709551615"),
            "u64 seed exact: {text}"
        );
        assert_eq!(Manifest::from_json(&bytes), Ok(m));
    }

    #[test]
    fn hostile_manifests_are_refused() {
        let mut m = sample();
        m.files[0].name = "../../etc/passwd".into();
        let bytes = m.to_json().unwrap_or_default();
        assert!(Manifest::from_json(&bytes).is_err());

        let mut m = sample();
        m.files.push(m.files[0].clone());
        assert!(Manifest::from_json(&m.to_json().unwrap_or_default()).is_err());

        let mut m = sample();
        m.files[0].sha256 = "ABC".into();
        assert!(Manifest::from_json(&m.to_json().unwrap_or_default()).is_err());

        let mut m = sample();
        m.format = 2;
        assert!(Manifest::from_json(&m.to_json().unwrap_or_default()).is_err());

        assert!(Manifest::from_json(b"{\"name\": \"my-node-project\"}").is_err());
    }
}
