//! Output folders and input files: the one place where wijksim writes a
//! run's results and reads its inputs.
//!
//! # Why this exists
//!
//! A run writes a folder of result files (CSV, TOML, JSON, HTML) that other
//! tools (report, merge, server) read later. Runs get killed, disks fill up,
//! and two runs can be pointed at the same folder. This module keeps one
//! promise about that folder:
//!
//! > An output folder holds one whole run's set of files, or the previous
//! > set, or is recognised by every tool as incomplete — never a silent mix of
//! > two runs. Nothing outside the chosen folder is written. Files the
//! > program does not own are never touched.
//!
//! # How
//!
//! * [`OutputSet`] collects a run's files and [`OutputSet::commit`] writes
//!   them: everything is staged and fsynced in a hidden folder, marked
//!   committed, then moved into place with `manifest.json` (names, sizes,
//!   SHA-256) last. The exact steps are listed on [`OutputSet::commit`].
//!   A lock file keeps two runs from writing the same folder at once.
//! * [`verify`] is what readers call: it accepts a folder only if its
//!   manifest is present, no interrupted update is pending, and every listed
//!   file matches. [`read_verified`] reads one file and checks it again.
//! * [`amend`] adds files (a report made later) to a verified set: it reads
//!   the whole set back and commits it with the new files as one new set.
//! * [`repair`] (also run at the start of every commit) finishes an update
//!   that was interrupted after it was committed, and deletes leftovers of
//!   updates that were not.
//! * [`folder_name`] turns a free-text scenario name into a safe folder
//!   name; [`validate_name`] refuses control characters in scenario names.
//! * [`journal`] keeps long jobs' finished work in append-only, checksummed,
//!   locked files that a kill cannot corrupt (a sweep's shards).
//! * [`read_input`] reads a text input file, refusing FIFOs, devices,
//!   directories and oversized files before reading, and reporting invalid
//!   UTF-8 by line and byte offset.
//!
//! Files owned by the program are exactly those listed in the folder's
//! manifest, plus `manifest.json`, the lock file `.wijksim.lock` (kept on
//! purpose; see [`LOCK_FILE`]) and hidden `.wijksim-tmp-*` staging folders.

#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod amend;
mod input;
pub mod journal;
mod manifest;
mod names;
mod verify;
mod writer;

pub use amend::{amend, amend_derived, AmendError};
pub use input::{read_input, InputError};
pub use manifest::{
    sha256_hex, FileEntry, Header, Manifest, LOCK_FILE, MANIFEST_FILE, MANIFEST_FORMAT,
};
pub use names::{
    folder_name, validate_name, NameError, FALLBACK_FOLDER_NAME, MAX_FOLDER_NAME_BYTES,
};
pub use verify::{read_verified, stale, verify, verify_except, VerifyError};
#[doc(hidden)]
pub use writer::Fault;
pub use writer::{repair, CommitReport, OutputError, OutputSet, RepairReport, StreamFn};
