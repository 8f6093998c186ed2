//! Helpers shared by the integration tests (public API only).
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use wijksim::output::{sha256_hex, verify, Header, Manifest, OutputSet, VerifyError};

pub type Files = &'static [(&'static str, &'static [u8])];

pub const SET_A: Files = &[
    ("a.csv", b"id,value\n1,10\n"),
    ("only_a.txt", b"only in A"),
    ("shared.csv", b"shared,from,A\n"),
];
pub const SET_B: Files = &[
    ("b.csv", b"id,value\n2,20\n"),
    ("shared.csv", b"shared,from,B,which is longer\n"),
];
pub const SET_C: Files = &[("c.toml", b"[c]\nx = 1\n")];

pub const FOREIGN: &str = "notes.txt";
pub const FOREIGN_TEXT: &[u8] = b"my own notes, not wijksim's\n";

pub fn header(tag: &str) -> Header {
    Header {
        program_version: "0.1.0-test".into(),
        command_line: vec!["wijksim".into(), "run".into(), tag.into()],
        input_sha256: sha256_hex(tag.as_bytes()),
        seed: 42,
        extras: BTreeMap::from([("set".into(), tag.into())]),
    }
}

pub fn set(dir: &Path, tag: &str, files: Files) -> OutputSet {
    let mut out = OutputSet::new(dir, header(tag));
    for (name, bytes) in files {
        out.add_file(name, bytes.to_vec()).unwrap();
    }
    out
}

/// Names in `dir` that are not hidden.
pub fn visible(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.starts_with('.'))
        .collect()
}

/// Staging folders left in `dir`.
pub fn staging_left(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(".wijksim-tmp-"))
        .collect()
}

/// True if `manifest` describes exactly `files` (names, sizes, hashes).
pub fn describes(manifest: &Manifest, files: Files) -> bool {
    manifest.files.len() == files.len()
        && manifest
            .files
            .iter()
            .zip(files)
            .all(|(entry, (name, bytes))| {
                entry.name == *name
                    && entry.size == bytes.len() as u64
                    && entry.sha256 == sha256_hex(bytes)
            })
}

/// Asserts that `dir` holds exactly the set `files` written with `tag`,
/// plus the listed foreign files, and nothing else visible.
pub fn assert_exactly(dir: &Path, tag: &str, files: Files, foreign: &[&str]) {
    let manifest = verify(dir).unwrap_or_else(|e| panic!("verify failed: {e}"));
    assert!(
        describes(&manifest, files),
        "manifest {manifest:?} is not set {tag}"
    );
    assert_eq!(manifest.header, header(tag));
    for (name, bytes) in files {
        assert_eq!(fs::read(dir.join(name)).unwrap(), *bytes, "{name}");
    }
    let mut expected: BTreeSet<String> = files.iter().map(|(n, _)| n.to_string()).collect();
    expected.insert("manifest.json".into());
    expected.extend(foreign.iter().map(|s| s.to_string()));
    assert_eq!(visible(dir), expected, "visible files of set {tag}");
}

/// What a reader sees in a folder after an interruption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seen {
    A,
    B,
    Incomplete,
}

/// Classifies `dir` as exactly A, exactly B or incomplete; panics on
/// anything else (a mix, a mismatch, a broken manifest).
pub fn classify(dir: &Path) -> Seen {
    match verify(dir) {
        Ok(manifest) if describes(&manifest, SET_A) => {
            assert_exactly(dir, "A", SET_A, &[FOREIGN]);
            Seen::A
        }
        Ok(manifest) if describes(&manifest, SET_B) => {
            assert_exactly(dir, "B", SET_B, &[FOREIGN]);
            Seen::B
        }
        Ok(manifest) => panic!("verified a set that is neither A nor B: {manifest:?}"),
        Err(VerifyError::Incomplete { .. }) => Seen::Incomplete,
        Err(e) => panic!("folder is neither A, B nor incomplete: {e}"),
    }
}

/// A folder holding committed set A and a foreign file.
pub fn folder_with_a() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    set(tmp.path(), "A", SET_A).commit().unwrap();
    fs::write(tmp.path().join(FOREIGN), FOREIGN_TEXT).unwrap();
    tmp
}

/// Whether permission bits stop this process (false when running as root).
pub fn permissions_enforced(scratch: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = scratch.join("perm-probe");
    fs::create_dir(&probe).unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o555)).unwrap();
    let enforced = fs::write(probe.join("x"), b"x").is_err();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o755)).unwrap();
    fs::remove_dir_all(&probe).unwrap();
    enforced
}
