//! Adding files to a finished run's set, such as a report made later from
//! the run's own files.
//!
//! A run folder is only trustworthy as a whole (see the module documentation
//! of [`output`](super)), so a file is never dropped into it on its own: the
//! folder is verified, its whole set is read back, and the old files plus the
//! new ones are committed as one new set, under the old manifest's header (the
//! set still describes the run that made it). The commit refuses if another
//! run replaced the set after it was read ([`OutputSet::replacing`]).

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::verify::{read_verified, stale, verify_except, VerifyError};
use super::writer::{CommitReport, OutputError, OutputSet};

/// Why [`amend`] could not add the files.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum AmendError {
    /// The folder does not hold one complete, unchanged set: nothing to add
    /// to.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// Writing the new set failed (the error says what the folder holds now).
    #[error(transparent)]
    Write(#[from] OutputError),
    /// A new file has a name the writer reserves; not expected from callers
    /// that pass fixed names.
    #[error("cannot add {name:?} to {dir}: {reason}")]
    BadName {
        /// The output folder.
        dir: PathBuf,
        /// The refused name.
        name: String,
        /// Why it is refused.
        reason: String,
    },
}

/// Adds `new_files` to the verified set in `dir`, replacing files of the same
/// name, and commits the result as one new set with the old header.
///
/// Steps: [`verify`] the folder; read every listed file with
/// [`read_verified`] (so all of them belong to the verified set); build an
/// [`OutputSet`] from the old files, with each new file in place of an old
/// one of the same name; commit it, refusing if the folder's manifest is no
/// longer the one verified. Files the manifest does not list are not read
/// and not touched.
pub fn amend(dir: &Path, new_files: Vec<(String, Vec<u8>)>) -> Result<CommitReport, AmendError> {
    amend_derived(dir, new_files, &|_| false)
}

/// Like [`amend`], but files for which `derived` is true (reports, rebuilt
/// from the data files) are not checked: one that is missing or changed and
/// not among `new_files` is left out of the new set, as it can be rebuilt.
pub fn amend_derived(
    dir: &Path,
    new_files: Vec<(String, Vec<u8>)>,
    derived: &dyn Fn(&str) -> bool,
) -> Result<CommitReport, AmendError> {
    let manifest = verify_except(dir, derived)?;
    let stale = stale(dir, &manifest, derived);
    let mut set = OutputSet::new(dir, manifest.header.clone());
    for entry in &manifest.files {
        if new_files.iter().any(|(name, _)| *name == entry.name) || stale.contains(&entry.name) {
            continue;
        }
        let bytes = read_verified(dir, &manifest, &entry.name)?;
        set.add_file(&entry.name, bytes)?;
    }
    for (name, bytes) in new_files {
        set.add_file(&name, bytes).map_err(|e| match e {
            OutputError::InvalidFileName { name, reason } => AmendError::BadName {
                dir: dir.to_owned(),
                name,
                reason: reason.to_owned(),
            },
            other => AmendError::Write(other),
        })?;
    }
    Ok(set.replacing(manifest).commit()?)
}
