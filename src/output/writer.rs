//! The writer: puts one run's set of files into an output folder so that the
//! folder always holds the old set, the new set, or a state every tool
//! recognises as incomplete (and that the next run repairs).
//!
//! The protocol is documented on [`OutputSet::commit`], step by step.
//!
//! Nothing outside the output folder is created, changed or removed, apart
//! from creating the folder's missing parents. Inside it, only
//! `manifest.json`, the lock file, staging folders, legacy temporary files
//! and files listed in a manifest are ever touched; a new file whose name is
//! taken by a file no manifest lists is refused before anything is written.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::manifest::{
    self, FileCheck, FileEntry, Header, Loaded, Manifest, COMMIT_MARKER, LOCK_FILE, MANIFEST_FILE,
    MANIFEST_FORMAT, PREVIOUS_MANIFEST, STAGING_PREFIX,
};
use super::names::check_file_name;

/// Why writing or repairing an output folder failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum OutputError {
    /// A file name given to [`OutputSet::add_file`] is not allowed.
    #[error("output file name {name:?} is not allowed: {reason}")]
    InvalidFileName {
        /// The refused name.
        name: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// The same file name was added twice.
    #[error("output file {name:?} was added twice; every file of a run needs its own name")]
    DuplicateFile {
        /// The repeated name.
        name: String,
    },
    /// Another process holds the folder's lock.
    #[error(
        "another wijksim run is writing to {dir} (it holds {lock}); wait for it to finish or \
         choose another output folder"
    )]
    Locked {
        /// The output folder.
        dir: PathBuf,
        /// The lock file.
        lock: PathBuf,
    },
    /// A file system action before staging failed (creating the folder,
    /// taking the lock, listing it). Nothing of the previous set was changed.
    #[error(
        "cannot {action} {path}: {source}; check the path, its permissions and free disk space \
         (the folder's previous contents are unchanged)"
    )]
    Io {
        /// What was being done, e.g. "create the output folder".
        action: &'static str,
        /// The path acted on.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// Writing the new set into the staging folder failed; the staging
    /// folder was deleted and the previous set is untouched.
    #[error(
        "cannot {action} {path}: {source}; free disk space or fix permissions and run again \
         (the previous results in {dir} are unchanged)"
    )]
    StagingFailed {
        /// What was being done, e.g. "write".
        action: &'static str,
        /// The staging path acted on.
        path: PathBuf,
        /// The output folder.
        dir: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// Moving the new set into place failed. The folder is now marked
    /// incomplete (readers refuse it) and the next run finishes the move.
    #[error(
        "cannot {action} {path}: {source}; {dir} is marked incomplete until this is fixed: fix \
         the cause and run the command again to finish the interrupted update"
    )]
    MoveFailed {
        /// What was being done, e.g. "move into place".
        action: &'static str,
        /// The path acted on.
        path: PathBuf,
        /// The output folder.
        dir: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The new set is complete and in place, but the emptied staging folder
    /// could not be removed; the next run removes it.
    #[error(
        "the results in {dir} were written completely, but the temporary folder {path} could \
         not be removed: {source}; the next run will remove it"
    )]
    CleanupFailed {
        /// The output folder.
        dir: PathBuf,
        /// The staging path that was left behind.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A new file's name is taken by a file that no manifest lists, which
    /// this program therefore does not own and will not overwrite.
    #[error(
        "{path} already exists and was not written by wijksim (manifest.json does not list it); \
         move it away or choose another output folder"
    )]
    ForeignFile {
        /// The existing path.
        path: PathBuf,
    },
    /// `manifest.json` exists but is not a valid wijksim manifest, so the
    /// folder may belong to something else.
    #[error(
        "{path} is not a wijksim manifest ({reason}); this folder seems to belong to something \
         else: choose another output folder, or remove that file if it is a damaged wijksim \
         manifest"
    )]
    ForeignManifest {
        /// Path of the manifest.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// An interrupted run left a committed set that cannot be completed.
    /// Nothing was changed that would hide that: the folder stays marked
    /// incomplete.
    #[error(
        "cannot finish the interrupted update in {staging}: {reason}; {dir} stays marked \
         incomplete. Fix the cause and run the command again, or delete {staging} to discard \
         the interrupted update"
    )]
    RepairFailed {
        /// The output folder.
        dir: PathBuf,
        /// The committed staging folder.
        staging: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The manifest could not be encoded (not expected to happen).
    #[error("cannot encode the manifest for {dir}: {source}; this is a bug in wijksim")]
    Encode {
        /// The output folder.
        dir: PathBuf,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// The set was meant to replace one particular set (see
    /// [`OutputSet::replacing`]), but the folder holds another one by the time
    /// its lock was taken: another run wrote it in between. Nothing was
    /// written.
    #[error(
        "{dir} changed while it was being read (another run wrote a new set into it); nothing \
         was written: run the command again"
    )]
    Changed {
        /// The output folder.
        dir: PathBuf,
    },
    /// Test fault: the run stopped as if killed, without any cleanup.
    #[error("injected crash (test fault): the writer stopped without cleaning up")]
    InjectedCrash,
}

/// Test-only faults, set with [`OutputSet::with_fault`].
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Return [`OutputError::InjectedCrash`] right after the n-th file system
    /// step of the protocol (0: before the first), without any cleanup.
    AbortAfterStep(usize),
    /// Make writes into the staging folder fail with an I/O error once this
    /// many bytes were written in total.
    FailWriteAfterBytes(u64),
}

/// What a successful [`OutputSet::commit`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommitReport {
    /// The output folder.
    pub dir: PathBuf,
    /// The manifest now in place.
    pub manifest: Manifest,
    /// Files of the previous set that the new set lacks and that were removed.
    pub removed: Vec<String>,
    /// What the repair step did first.
    pub repair: RepairReport,
    /// Number of file system steps performed, as counted by
    /// [`Fault::AbortAfterStep`].
    pub steps: usize,
}

/// What a repair did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RepairReport {
    /// The committed staging folder whose set was moved into place, if any.
    pub rolled_forward: Option<String>,
    /// Uncommitted (stale) staging folders that were deleted.
    pub stale_staging_removed: Vec<String>,
    /// Temporary files of older versions (`.<name>.tmp-<digits>`) that were
    /// deleted.
    pub legacy_temp_removed: Vec<String>,
}

impl RepairReport {
    /// True when there was nothing to repair.
    pub fn is_empty(&self) -> bool {
        self.rolled_forward.is_none()
            && self.stale_staging_removed.is_empty()
            && self.legacy_temp_removed.is_empty()
    }
}

/// Writes a streamed file's bytes into the staged file (see
/// [`OutputSet::add_stream`]).
pub type StreamFn = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()> + Send>;

/// A file's content: bytes in memory, or written in order by a function when the set
/// is staged, so a large file never has to be held whole.
enum Content {
    Bytes(Vec<u8>),
    Stream(StreamFn),
}

impl std::fmt::Debug for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Content::Bytes(b) => write!(f, "{} bytes", b.len()),
            Content::Stream(_) => f.write_str("streamed"),
        }
    }
}

/// One run's set of output files, to be written to a folder with
/// [`OutputSet::commit`].
#[derive(Debug)]
pub struct OutputSet {
    dir: PathBuf,
    header: Header,
    // A map keeps the files sorted (deterministic manifest and step order)
    // and makes duplicate detection free.
    files: BTreeMap<String, Content>,
    legacy: Vec<String>,
    // The set this one must replace, if it was built from it (`amend`).
    replaces: Option<Manifest>,
    fault: Option<Fault>,
}

impl OutputSet {
    /// Starts an empty set for the folder `dir`, described by `header`.
    pub fn new(dir: impl Into<PathBuf>, header: Header) -> Self {
        OutputSet {
            dir: dir.into(),
            header,
            files: BTreeMap::new(),
            legacy: Vec::new(),
            replaces: None,
            fault: None,
        }
    }

    /// Names the program wrote before output folders had a manifest. In a folder
    /// without `manifest.json` these count as the program's own: they are replaced,
    /// and removed when the new set lacks them, so that a folder of an earlier
    /// version never mixes two runs. Any other unlisted file stays foreign.
    pub fn legacy_owned(mut self, names: &[&str]) -> Self {
        self.legacy = names.iter().map(|n| n.to_string()).collect();
        self
    }

    /// Makes [`OutputSet::commit`] refuse with [`OutputError::Changed`],
    /// before writing anything, unless the folder's manifest is still
    /// `previous` once the lock is held. For a set built from the folder's
    /// own files (see [`amend`](super::amend)): without this check a run
    /// that wrote the folder between the read and the commit would be
    /// silently undone.
    pub fn replacing(mut self, previous: Manifest) -> Self {
        self.replaces = Some(previous);
        self
    }

    /// Adds a file. The name must be one path component, must not start with
    /// a dot, must not be `manifest.json` or `COMMIT`, and must not have been
    /// added before.
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), OutputError> {
        self.add(name, Content::Bytes(bytes))
    }

    /// Adds a file whose bytes `write` produces, in order, when the set is staged
    /// (under the folder's lock, into the staging folder, hashed as it is written):
    /// for files too large to hold in memory. An error from `write` fails the commit
    /// and leaves the previous set as it was. Same name rules as
    /// [`OutputSet::add_file`].
    pub fn add_stream(&mut self, name: &str, write: StreamFn) -> Result<(), OutputError> {
        self.add(name, Content::Stream(write))
    }

    fn add(&mut self, name: &str, content: Content) -> Result<(), OutputError> {
        check_file_name(name).map_err(|reason| OutputError::InvalidFileName {
            name: name.to_owned(),
            reason,
        })?;
        if self.files.contains_key(name) {
            return Err(OutputError::DuplicateFile {
                name: name.to_owned(),
            });
        }
        self.files.insert(name.to_owned(), content);
        Ok(())
    }

    /// Like [`OutputSet::add_file`], for chaining.
    pub fn file(mut self, name: &str, bytes: Vec<u8>) -> Result<Self, OutputError> {
        self.add_file(name, bytes)?;
        Ok(self)
    }

    /// Sets a test fault. Not for production use.
    #[doc(hidden)]
    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.fault = Some(fault);
        self
    }

    /// Writes the set to the folder, replacing the previous set.
    ///
    /// The protocol, in the order its steps are counted by the test fault
    /// `Fault::AbortAfterStep` and by [`CommitReport::steps`] (each numbered
    /// step is one file system action):
    ///
    /// 1. create the output folder and its parents (`create_dir_all`);
    /// 2. create/open `.wijksim.lock` and take an exclusive non-blocking lock;
    /// 3. repair (zero steps on a clean folder; see [`repair`]): one step per
    ///    stale staging folder deleted, per roll-forward action, and per legacy
    ///    temporary file deleted;
    /// 4. create the staging folder `.wijksim-tmp-<pid>-<n>`;
    /// 5. write and fsync each file into it, in name order (one step per file);
    /// 6. if there is an old manifest, copy it to `.previous-manifest.json` and
    ///    fsync it (so a roll-forward still knows which old files to remove);
    /// 7. write and fsync the new `manifest.json` in the staging folder;
    /// 8. fsync the staging folder;
    /// 9. write and fsync the empty `COMMIT` marker (from here until step 17,
    ///    [`verify`](super::verify) reports the folder incomplete, and a
    ///    repair completes the new set instead of discarding it);
    /// 10. fsync the staging folder;
    /// 11. fsync the output folder (the staging folder's entry is now durable);
    /// 12. remove the old `manifest.json`, if any (so that even a reader that
    ///     ignores the marker sees no manifest until step 15);
    /// 13. rename each staged file into the output folder (one step per file);
    /// 14. remove each file of the old set that the new set lacks (one step per
    ///     such file; a name that is now a directory is not ours any more and
    ///     is left alone);
    /// 15. rename `manifest.json` into the output folder;
    /// 16. fsync the output folder;
    /// 17. remove the `COMMIT` marker;
    /// 18. remove the staging folder (with the copy of the old manifest).
    ///
    /// On error the folder holds the previous set unchanged (errors before
    /// the move phase; no temporary files are left), or it is marked
    /// incomplete and the next `commit` or [`repair`] completes the new set
    /// ([`OutputError::MoveFailed`], [`OutputError::RepairFailed`]).
    pub fn commit(self) -> Result<CommitReport, OutputError> {
        let OutputSet {
            dir,
            header,
            files,
            legacy,
            replaces,
            fault,
        } = self;
        let mut ctx = Ctx::new(fault);
        ctx.check()?;

        fs::create_dir_all(&dir).map_err(io_err("create the output folder", &dir))?;
        ctx.step()?;
        let _lock = lock(&dir)?;
        ctx.step()?;

        let repair = repair_locked(&dir, &mut ctx)?;

        let manifest_path = dir.join(MANIFEST_FILE);
        let old = match manifest::load(&manifest_path) {
            Loaded::Missing => None,
            Loaded::Found(manifest, bytes) => Some((manifest, bytes)),
            Loaded::Invalid(reason) => {
                return Err(OutputError::ForeignManifest {
                    path: manifest_path,
                    reason,
                });
            }
        };
        if let Some(previous) = &replaces {
            if old.as_ref().map(|(m, _)| m) != Some(previous) {
                return Err(OutputError::Changed { dir });
            }
        }
        let mut owned: BTreeSet<&str> = old
            .iter()
            .flat_map(|(m, _)| m.files.iter().map(|f| f.name.as_str()))
            .collect();
        if old.is_none() {
            owned.extend(legacy.iter().map(String::as_str));
        }
        // Refuse before writing anything: overwriting a file no manifest
        // lists would touch a file this program does not own.
        for name in files.keys() {
            let path = dir.join(name);
            match fs::symlink_metadata(&path) {
                Ok(_) if !owned.contains(name.as_str()) => {
                    return Err(OutputError::ForeignFile { path });
                }
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_err("inspect", &path)(e)),
            }
        }

        let staging = create_staging(&dir)?;
        ctx.step()?;
        let old_bytes = old.as_ref().map(|(_, bytes)| bytes.as_slice());
        let names: BTreeSet<String> = files.keys().cloned().collect();
        let new = match stage(&dir, &staging, header, files, old_bytes, &mut ctx) {
            Ok(new) => new,
            // A simulated kill leaves everything as it is.
            Err(OutputError::InjectedCrash) => return Err(OutputError::InjectedCrash),
            Err(e) => {
                // The previous set was not touched; removing the staging
                // folder restores the folder exactly. If even that fails the
                // leftover is either uncommitted (deleted by the next run) or
                // committed (rolled forward by the next run): both are safe.
                let _ = fs::remove_dir_all(&staging);
                return Err(e);
            }
        };

        if old.is_some() {
            fs::remove_file(&manifest_path).map_err(move_err("remove", &manifest_path, &dir))?;
            ctx.step()?;
        }
        for name in &names {
            let target = dir.join(name);
            fs::rename(staging.join(name), &target).map_err(move_err(
                "move into place",
                &target,
                &dir,
            ))?;
            ctx.step()?;
        }
        let mut removed = Vec::new();
        if old.is_none() {
            // A folder of an earlier version: its own files the new set lacks.
            for name in &legacy {
                let path = dir.join(name);
                if names.contains(name) || fs::symlink_metadata(&path).is_err() {
                    continue;
                }
                if remove_owned(&path).map_err(move_err("remove", &path, &dir))? {
                    removed.push(name.clone());
                }
                ctx.step()?;
            }
        }
        if let Some((old_manifest, _)) = &old {
            for entry in &old_manifest.files {
                if names.contains(&entry.name) {
                    continue;
                }
                let path = dir.join(&entry.name);
                if remove_owned(&path).map_err(move_err("remove", &path, &dir))? {
                    removed.push(entry.name.clone());
                }
                ctx.step()?;
            }
        }
        finish(&dir, &staging, true, &mut ctx)?;

        Ok(CommitReport {
            dir,
            manifest: new,
            removed,
            repair,
            steps: ctx.steps,
        })
    }
}

/// Finishes an interrupted update of `dir`, if any, and removes temporary
/// leftovers; takes the folder's lock like [`OutputSet::commit`].
///
/// This is the repair step that every commit runs first: a committed staging
/// folder is rolled forward (its remaining files moved into place, its old
/// set's extra files removed, all files checked against its manifest, then
/// the manifest moved into place last); uncommitted staging folders and
/// legacy `.<name>.tmp-<digits>` files are deleted. If the roll-forward is
/// impossible, the folder is left marked incomplete and
/// [`OutputError::RepairFailed`] says why.
pub fn repair(dir: &Path) -> Result<RepairReport, OutputError> {
    // Repair never creates the folder: there is nothing to repair in a
    // folder that does not exist, and creating one would be a surprise.
    let meta = fs::metadata(dir).map_err(io_err("open the output folder", dir))?;
    if !meta.is_dir() {
        return Err(io_err("open the output folder", dir)(io::Error::new(
            io::ErrorKind::NotADirectory,
            "not a directory",
        )));
    }
    let _lock = lock(dir)?;
    repair_locked(dir, &mut Ctx::new(None))
}

/// Step counter and fault state of one protocol run.
struct Ctx {
    abort_after: Option<usize>,
    write_budget: Option<u64>,
    written: u64,
    steps: usize,
}

impl Ctx {
    fn new(fault: Option<Fault>) -> Self {
        Ctx {
            abort_after: match fault {
                Some(Fault::AbortAfterStep(n)) => Some(n),
                _ => None,
            },
            write_budget: match fault {
                Some(Fault::FailWriteAfterBytes(n)) => Some(n),
                _ => None,
            },
            written: 0,
            steps: 0,
        }
    }

    /// Returns the injected crash if the fault asks for one at this point.
    fn check(&self) -> Result<(), OutputError> {
        if self.abort_after == Some(self.steps) {
            Err(OutputError::InjectedCrash)
        } else {
            Ok(())
        }
    }

    /// Records that one more file system step completed.
    fn step(&mut self) -> Result<(), OutputError> {
        self.steps += 1;
        self.check()
    }

    /// How many of `len` bytes may be written; `true` if the write must then
    /// fail because the injected budget is used up.
    fn allow(&mut self, len: usize) -> (usize, bool) {
        let Some(budget) = self.write_budget else {
            return (len, false);
        };
        let remaining = budget.saturating_sub(self.written);
        let wanted = u64::try_from(len).unwrap_or(u64::MAX);
        if wanted <= remaining {
            self.written += wanted;
            (len, false)
        } else {
            self.written = budget;
            (usize::try_from(remaining).unwrap_or(len), true)
        }
    }
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> OutputError {
    let path = path.to_owned();
    move |source| OutputError::Io {
        action,
        path,
        source,
    }
}

/// Error for a failed action in the move phase (the folder is now incomplete).
fn move_err(
    action: &'static str,
    path: &Path,
    dir: &Path,
) -> impl FnOnce(io::Error) -> OutputError {
    let (path, dir) = (path.to_owned(), dir.to_owned());
    move |source| OutputError::MoveFailed {
        action,
        path,
        dir,
        source,
    }
}

/// Error for a failed action while staging (the previous set is untouched).
fn stage_err(
    action: &'static str,
    path: &Path,
    dir: &Path,
) -> impl FnOnce(io::Error) -> OutputError {
    let (path, dir) = (path.to_owned(), dir.to_owned());
    move |source| OutputError::StagingFailed {
        action,
        path,
        dir,
        source,
    }
}

/// Opens the lock file and takes the exclusive lock; the lock lasts as long
/// as the returned handle (the OS drops it if the process dies).
fn lock(dir: &Path) -> Result<File, OutputError> {
    let path = dir.join(LOCK_FILE);
    // Opening with `create` follows symlinks, so a symlink planted at the
    // lock's name could make us create a file outside the folder.
    match fs::symlink_metadata(&path) {
        Ok(meta) if !meta.file_type().is_file() => {
            return Err(io_err("use the lock file", &path)(io::Error::new(
                io::ErrorKind::InvalidInput,
                "it exists but is not a regular file; remove it",
            )));
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err("inspect the lock file", &path)(e)),
    }
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_err("create the lock file", &path))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(OutputError::Locked {
            dir: dir.to_owned(),
            lock: path,
        }),
        Err(TryLockError::Error(e)) => Err(io_err("lock", &path)(e)),
    }
}

/// Creates a fresh, empty staging folder and returns its path.
fn create_staging(dir: &Path) -> Result<PathBuf, OutputError> {
    let pid = std::process::id();
    // `create_dir` (not `_all`) fails on anything already there, including a
    // planted symlink, so the folder we write into is always our own.
    let mut n: u32 = 0;
    loop {
        let path = dir.join(format!("{STAGING_PREFIX}{pid}-{n}"));
        match fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(io_err("create the staging folder", &path)(e)),
        }
    }
}

/// Creates `path` (which must not exist), writes `bytes` and fsyncs it.
fn write_synced(dir: &Path, path: &Path, bytes: &[u8], ctx: &mut Ctx) -> Result<(), OutputError> {
    let mut file = File::create_new(path).map_err(stage_err("create", path, dir))?;
    let (allowed, fail) = ctx.allow(bytes.len());
    file.write_all(bytes.get(..allowed).unwrap_or(bytes))
        .map_err(stage_err("write", path, dir))?;
    if fail {
        return Err(stage_err("write", path, dir)(io::Error::new(
            io::ErrorKind::StorageFull,
            "injected fault: write budget used up",
        )));
    }
    file.sync_all()
        .map_err(stage_err("flush to disk", path, dir))
}

/// Counts and hashes what passes through it.
struct Hashing<W> {
    inner: W,
    hasher: sha2::Sha256,
    len: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        sha2::Digest::update(&mut self.hasher, &buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Creates `path` (which must not exist), lets `write` fill it, fsyncs it; returns its
/// size and SHA-256.
fn write_streamed(
    dir: &Path,
    path: &Path,
    write: StreamFn,
    ctx: &mut Ctx,
) -> Result<(u64, String), OutputError> {
    ctx.check()?;
    let file = File::create_new(path).map_err(stage_err("create", path, dir))?;
    let mut w = Hashing {
        inner: io::BufWriter::with_capacity(1 << 16, file),
        hasher: sha2::Digest::new(),
        len: 0,
    };
    write(&mut w).map_err(stage_err("write", path, dir))?;
    let Hashing { inner, hasher, len } = w;
    let file = inner
        .into_inner()
        .map_err(|e| stage_err("write", path, dir)(e.into_error()))?;
    file.sync_all()
        .map_err(stage_err("flush to disk", path, dir))?;
    let digest = sha2::Digest::finalize(hasher);
    Ok((len, digest.iter().map(|b| format!("{b:02x}")).collect()))
}

fn sync_dir(path: &Path) -> io::Result<()> {
    File::open(path)?.sync_all()
}

/// Protocol steps 5–11: fills the staging folder and marks it committed.
fn stage(
    dir: &Path,
    staging: &Path,
    header: Header,
    files: BTreeMap<String, Content>,
    old_manifest: Option<&[u8]>,
    ctx: &mut Ctx,
) -> Result<Manifest, OutputError> {
    let mut entries = Vec::with_capacity(files.len());
    for (name, content) in files {
        let path = staging.join(&name);
        let (size, sha256) = match content {
            Content::Bytes(bytes) => {
                write_synced(dir, &path, &bytes, ctx)?;
                (
                    u64::try_from(bytes.len()).unwrap_or(u64::MAX),
                    manifest::sha256_hex(&bytes),
                )
            }
            Content::Stream(write) => write_streamed(dir, &path, write, ctx)?,
        };
        ctx.step()?;
        entries.push(FileEntry { name, size, sha256 });
    }
    if let Some(old) = old_manifest {
        write_synced(dir, &staging.join(PREVIOUS_MANIFEST), old, ctx)?;
        ctx.step()?;
    }
    let manifest = Manifest {
        format: MANIFEST_FORMAT,
        header,
        files: entries,
    };
    let bytes = manifest.to_json().map_err(|source| OutputError::Encode {
        dir: dir.to_owned(),
        source,
    })?;
    write_synced(dir, &staging.join(MANIFEST_FILE), &bytes, ctx)?;
    ctx.step()?;
    sync_dir(staging).map_err(stage_err("flush to disk", staging, dir))?;
    ctx.step()?;
    write_synced(dir, &staging.join(COMMIT_MARKER), b"", ctx)?;
    ctx.step()?;
    sync_dir(staging).map_err(stage_err("flush to disk", staging, dir))?;
    ctx.step()?;
    sync_dir(dir).map_err(stage_err("flush to disk", dir, dir))?;
    ctx.step()?;
    Ok(manifest)
}

/// Removes `path` if it is still a file or symlink (our file). Returns
/// whether something was removed. A name that became a directory in the
/// meantime is no longer ours, so it is left alone.
fn remove_owned(path: &Path) -> io::Result<bool> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
        Ok(meta) if meta.file_type().is_dir() => Ok(false),
        Ok(_) => match fs::remove_file(path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        },
    }
}

/// Protocol steps 15–18: manifest into place (if it is still staged), fsync
/// the folder, drop the marker, drop the staging folder.
fn finish(
    dir: &Path,
    staging: &Path,
    manifest_staged: bool,
    ctx: &mut Ctx,
) -> Result<(), OutputError> {
    if manifest_staged {
        let target = dir.join(MANIFEST_FILE);
        fs::rename(staging.join(MANIFEST_FILE), &target).map_err(move_err(
            "move into place",
            &target,
            dir,
        ))?;
        ctx.step()?;
    }
    sync_dir(dir).map_err(move_err("flush to disk", dir, dir))?;
    ctx.step()?;
    let marker = staging.join(COMMIT_MARKER);
    fs::remove_file(&marker).map_err(move_err("remove", &marker, dir))?;
    ctx.step()?;
    fs::remove_dir_all(staging).map_err(|source| OutputError::CleanupFailed {
        dir: dir.to_owned(),
        path: staging.to_owned(),
        source,
    })?;
    ctx.step()
}

/// Does a file name look like a temporary file of an older wijksim version
/// (`.<name>.tmp-<digits>`, where `<name>` is a valid output file name)?
fn is_legacy_temp(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.') else {
        return false;
    };
    let Some(at) = rest.rfind(".tmp-") else {
        return false;
    };
    let (base, digits) = (&rest[..at], &rest[at + ".tmp-".len()..]);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && check_file_name(base).is_ok()
}

/// The repair step, with the lock already held.
fn repair_locked(dir: &Path, ctx: &mut Ctx) -> Result<RepairReport, OutputError> {
    let mut report = RepairReport::default();
    let mut stale = Vec::new();
    let mut legacy = Vec::new();
    let read = fs::read_dir(dir).map_err(io_err("list", dir))?;
    for entry in read {
        let entry = entry.map_err(io_err("list", dir))?;
        // Every name this program creates is UTF-8; others are not ours.
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        // `DirEntry::file_type` does not follow symlinks, so a symlink with
        // one of our names is never treated as ours.
        let file_type = entry
            .file_type()
            .map_err(io_err("inspect", &entry.path()))?;
        if name.starts_with(STAGING_PREFIX) && file_type.is_dir() {
            stale.push(name);
        } else if file_type.is_file() && is_legacy_temp(&name) {
            legacy.push(name);
        }
    }
    stale.sort();
    legacy.sort();

    let committed = super::verify::committed_staging(dir).map_err(io_err("list", dir))?;
    stale.retain(|name| !committed.contains(name));
    if committed.len() > 1 {
        // The lock makes this impossible for our own runs; guessing which
        // one is newer could mix two sets, so stop and let a person decide.
        let staging = committed
            .first()
            .map_or_else(|| dir.to_owned(), |n| dir.join(n));
        return Err(OutputError::RepairFailed {
            dir: dir.to_owned(),
            staging,
            reason: format!(
                "there are {} finished but uninstalled updates ({}), which never happens in \
                 normal use; keep the one you want",
                committed.len(),
                committed.join(", ")
            ),
        });
    }

    for name in stale {
        let path = dir.join(&name);
        fs::remove_dir_all(&path).map_err(io_err("remove the stale temporary folder", &path))?;
        ctx.step()?;
        report.stale_staging_removed.push(name);
    }
    if let Some(name) = committed.into_iter().next() {
        roll_forward(dir, &dir.join(&name), ctx)?;
        report.rolled_forward = Some(name);
    }
    for name in legacy {
        let path = dir.join(&name);
        if remove_owned(&path).map_err(io_err("remove the stale temporary file", &path))? {
            report.legacy_temp_removed.push(name);
        }
        ctx.step()?;
    }
    Ok(report)
}

/// Completes the update recorded in the committed staging folder `staging`.
/// Every action is idempotent, so this can itself be interrupted and rerun.
fn roll_forward(dir: &Path, staging: &Path, ctx: &mut Ctx) -> Result<(), OutputError> {
    let failed = |reason: String| OutputError::RepairFailed {
        dir: dir.to_owned(),
        staging: staging.to_owned(),
        reason,
    };
    let staged_manifest = staging.join(MANIFEST_FILE);
    let dir_manifest = dir.join(MANIFEST_FILE);
    // The new manifest is still staged until step 15 moved it; after that,
    // the one in the folder is the new one.
    let (new, manifest_staged) = match manifest::load(&staged_manifest) {
        Loaded::Found(m, _) => (m, true),
        Loaded::Invalid(why) => return Err(failed(format!("its manifest is damaged: {why}"))),
        Loaded::Missing => match manifest::load(&dir_manifest) {
            Loaded::Found(m, _) => (m, false),
            Loaded::Missing => return Err(failed("its manifest.json is missing".to_owned())),
            Loaded::Invalid(why) => {
                return Err(failed(format!(
                    "{} is damaged: {why}",
                    dir_manifest.display()
                )));
            }
        },
    };
    let previous = match manifest::load(&staging.join(PREVIOUS_MANIFEST)) {
        Loaded::Found(m, _) => Some(m),
        Loaded::Missing => None,
        Loaded::Invalid(why) => {
            return Err(failed(format!(
                "its copy of the previous manifest is damaged: {why}"
            )));
        }
    };

    if manifest_staged
        && remove_owned(&dir_manifest).map_err(move_err("remove", &dir_manifest, dir))?
    {
        ctx.step()?;
    }
    for entry in &new.files {
        let from = staging.join(&entry.name);
        match fs::symlink_metadata(&from) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue, // already moved
            Err(e) => return Err(move_err("inspect", &from, dir)(e)),
            Ok(_) => {}
        }
        let target = dir.join(&entry.name);
        fs::rename(&from, &target).map_err(move_err("move into place", &target, dir))?;
        ctx.step()?;
    }
    if let Some(previous) = previous {
        for entry in &previous.files {
            if new.file(&entry.name).is_some() {
                continue;
            }
            let path = dir.join(&entry.name);
            if remove_owned(&path).map_err(move_err("remove", &path, dir))? {
                ctx.step()?;
            }
        }
    }
    // Check before the manifest lands, so that a set that cannot be shown
    // complete never looks complete.
    for entry in &new.files {
        if let FileCheck::Differs(why) = manifest::check_file(&dir.join(&entry.name), entry) {
            return Err(failed(format!(
                "{} does not match its manifest: {why}",
                dir.join(&entry.name).display()
            )));
        }
    }
    finish(dir, staging, manifest_staged, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_temp_names() {
        assert!(is_legacy_temp(".results.csv.tmp-12345"));
        assert!(is_legacy_temp(".a.tmp-0"));
        assert!(!is_legacy_temp("results.csv.tmp-1"));
        assert!(!is_legacy_temp(".results.csv.tmp-"));
        assert!(!is_legacy_temp(".results.csv.tmp-12a"));
        assert!(!is_legacy_temp(".tmp-1"));
        assert!(!is_legacy_temp("..x.tmp-1"));
        assert!(!is_legacy_temp(".wijksim.lock"));
        assert!(!is_legacy_temp(".wijksim-tmp-1-0"));
    }

    #[test]
    fn write_budget_counts_across_files() {
        let mut ctx = Ctx::new(Some(Fault::FailWriteAfterBytes(5)));
        assert_eq!(ctx.allow(3), (3, false));
        assert_eq!(ctx.allow(3), (2, true));
        assert_eq!(ctx.allow(0), (0, false));
        assert_eq!(ctx.allow(1), (0, true));
        let mut free = Ctx::new(None);
        assert_eq!(free.allow(usize::MAX), (usize::MAX, false));
    }
}
