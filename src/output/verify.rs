//! Checking an output folder before reading it.
//!
//! Every tool that reads a run folder (report, merge, server) calls
//! [`verify`] first, so a folder left half-written by an interrupted run is
//! reported as such instead of being read as a mix of two runs.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::manifest::{
    self, FileCheck, Loaded, Manifest, COMMIT_MARKER, MANIFEST_FILE, STAGING_PREFIX,
};

/// Why an output folder cannot be trusted.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The folder holds no complete set: its manifest is missing, or an
    /// interrupted run left a committed set that is not yet in place.
    #[error(
        "{dir} was left incomplete by an interrupted run ({reason}); run the command again to \
         repair it"
    )]
    Incomplete {
        /// The output folder.
        dir: PathBuf,
        /// What was found, e.g. "manifest.json is missing".
        reason: String,
    },
    /// A listed file is missing or differs from its manifest entry.
    #[error(
        "{dir}: file {file:?} does not match manifest.json ({reason}); the folder was changed \
         after the run wrote it: run the command again to regenerate it"
    )]
    Mismatch {
        /// The output folder.
        dir: PathBuf,
        /// Name of the file that does not match.
        file: String,
        /// How it differs.
        reason: String,
    },
    /// `manifest.json` exists but cannot be used.
    #[error(
        "{path} is not a usable wijksim manifest: {reason}; this is not a wijksim output folder, \
         or it was damaged: run the command again to regenerate it"
    )]
    BadManifest {
        /// Path of the manifest.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The folder could not be read.
    #[error("cannot read {path}: {source}; check that the output folder exists and is readable")]
    Io {
        /// The path that could not be read.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

/// Name of a staging folder in `dir` that carries a `COMMIT` marker, if any.
///
/// Only real directories count (a symlink with a staging-like name is not
/// ours), and only names that are valid UTF-8 (all names we create are).
pub(crate) fn committed_staging(dir: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if !name.starts_with(STAGING_PREFIX) || !entry.file_type()?.is_dir() {
            continue;
        }
        match std::fs::symlink_metadata(entry.path().join(COMMIT_MARKER)) {
            Ok(_) => found.push(name),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    found.sort();
    Ok(found)
}

/// Checks that `dir` holds one complete output set and returns its manifest.
///
/// The folder must contain `manifest.json`, and every file it lists must
/// exist as a regular file with the listed size and SHA-256. A missing
/// manifest, or a committed staging folder left by an interrupted run, gives
/// [`VerifyError::Incomplete`]; a differing file gives
/// [`VerifyError::Mismatch`]. Files not listed in the manifest (the user's
/// own notes, say) are ignored.
///
/// This reads every listed file in full. It takes no lock: if a run rewrites
/// the folder while it is being verified, the result is an error, never a
/// false success. A reader that then opens the files should read them with
/// [`read_verified`] to be sure they still belong to the verified set.
pub fn verify(dir: &Path) -> Result<Manifest, VerifyError> {
    verify_except(dir, &|_| false)
}

/// Like [`verify`], but files for which `derived` is true (a report, rebuilt
/// from the others) may be missing or differ: only the data files are checked.
pub fn verify_except(dir: &Path, derived: &dyn Fn(&str) -> bool) -> Result<Manifest, VerifyError> {
    let pending = committed_staging(dir).map_err(|source| VerifyError::Io {
        path: dir.to_owned(),
        source,
    })?;
    if let Some(name) = pending.first() {
        return Err(VerifyError::Incomplete {
            dir: dir.to_owned(),
            reason: format!("{name} holds a finished set that was not yet moved into place"),
        });
    }
    let path = dir.join(MANIFEST_FILE);
    let manifest = match manifest::load(&path) {
        Loaded::Found(manifest, _) => manifest,
        Loaded::Missing => {
            return Err(VerifyError::Incomplete {
                dir: dir.to_owned(),
                reason: format!("{MANIFEST_FILE} is missing"),
            });
        }
        Loaded::Invalid(reason) => return Err(VerifyError::BadManifest { path, reason }),
    };
    for entry in manifest.files.iter().filter(|e| !derived(&e.name)) {
        if let FileCheck::Differs(reason) = manifest::check_file(&dir.join(&entry.name), entry) {
            return Err(VerifyError::Mismatch {
                dir: dir.to_owned(),
                file: entry.name.clone(),
                reason,
            });
        }
    }
    Ok(manifest)
}

/// The files of `manifest` for which `derived` is true that are missing from
/// `dir` or differ from their entry: the derived files to rebuild.
pub fn stale(dir: &Path, manifest: &Manifest, derived: &dyn Fn(&str) -> bool) -> Vec<String> {
    manifest
        .files
        .iter()
        .filter(|e| derived(&e.name))
        .filter(|e| {
            matches!(
                manifest::check_file(&dir.join(&e.name), e),
                FileCheck::Differs(_)
            )
        })
        .map(|e| e.name.clone())
        .collect()
}

/// Reads one file of a verified set and checks it against `manifest`.
///
/// Use the manifest returned by [`verify`]: if every file a tool reads
/// passes this check, all of them belong to that one set even if another run
/// replaced the folder in between (the replaced file would fail here).
pub fn read_verified(dir: &Path, manifest: &Manifest, name: &str) -> Result<Vec<u8>, VerifyError> {
    let mismatch = |reason: String| VerifyError::Mismatch {
        dir: dir.to_owned(),
        file: name.to_owned(),
        reason,
    };
    let entry = manifest
        .file(name)
        .ok_or_else(|| mismatch("it is not listed in the manifest".to_owned()))?;
    let path = dir.join(name);
    let meta =
        std::fs::metadata(&path).map_err(|e| mismatch(format!("it cannot be inspected: {e}")))?;
    if !meta.is_file() {
        return Err(mismatch("it is not a regular file".to_owned()));
    }
    let mut bytes = Vec::new();
    File::open(&path)
        .and_then(|f| f.take(entry.size.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|source| VerifyError::Io { path, source })?;
    if u64::try_from(bytes.len()).ok() != Some(entry.size) {
        return Err(mismatch(format!(
            "it has a different size than the manifest's {} bytes",
            entry.size
        )));
    }
    if manifest::sha256_hex(&bytes) != entry.sha256 {
        return Err(mismatch("its SHA-256 differs from the manifest".to_owned()));
    }
    Ok(bytes)
}
