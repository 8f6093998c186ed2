//! Journals: append-only files of finished work, for long jobs that must survive a
//! kill at any moment (a sweep's shards).
//!
//! A journal is a header line and then one record per line:
//!
//! ```text
//! wijksim-journal 1\t<header fields…>\n
//! <record>\t<checksum>\n
//! ```
//!
//! where the checksum is the first 16 hex digits of the record's SHA-256. Records are
//! appended with one `write` each batch, so a killed process leaves whole records and
//! at most one torn last record (a line without its newline, or whose checksum does not
//! match); reading drops it, and [`Journal::open`] cuts it off before appending again.
//! A damaged record *before* the last one is not a torn write: it is reported, never
//! skipped. Data reaches the disk at least every [`SYNC_EVERY`] and when the journal is
//! closed; the operating system keeps what a killed process wrote, so a `kill -9` loses
//! only the work in flight.
//!
//! The journal file itself is locked while open ([`std::fs::File::try_lock`]): a second
//! process for the same journal is refused, while journals side by side (the shards of a
//! Slurm job array) are written at once.

use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use thiserror::Error;

/// The first field of every journal's header line.
pub const JOURNAL_MAGIC: &str = "wijksim-journal 1";

/// Longest time appended records may stay only in the operating system's cache.
pub const SYNC_EVERY: Duration = Duration::from_secs(2);

/// Why a journal could not be used.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum JournalError {
    /// An I/O error.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// Another process holds the journal.
    #[error(
        "another wijksim process is writing {path}; wait for it to finish (a shard runs in \
         one process at a time)"
    )]
    Locked {
        /// The journal.
        path: PathBuf,
    },
    /// The journal belongs to other work.
    #[error("{path} is the journal of other work ({found}); this run is {expected}")]
    Foreign {
        /// The journal.
        path: PathBuf,
        /// Its header.
        found: String,
        /// The header expected.
        expected: String,
    },
    /// A record before the last is damaged: not a torn write, so not dropped silently.
    #[error(
        "{path}: record on line {line} is damaged (checksum mismatch) and is not the last; \
         the file was changed by something other than wijksim"
    )]
    Damaged {
        /// The journal.
        path: PathBuf,
        /// Its line (1-based; the header is line 1).
        line: usize,
    },
    /// A record read back is not what was read before.
    #[error("{path} changed while it was being read")]
    Changed {
        /// The journal.
        path: PathBuf,
    },
    /// The journal already holds records and continuing was not asked for.
    #[error("{path} already holds {records} finished record(s)")]
    NotEmpty {
        /// The journal.
        path: PathBuf,
        /// Records in it.
        records: usize,
    },
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> JournalError {
    let path = path.to_owned();
    move |source| JournalError::Io {
        action,
        path,
        source,
    }
}

/// The checksum of a record: 16 hex digits of its SHA-256.
fn checksum(record: &str) -> String {
    let d = Sha256::digest(record.as_bytes());
    d[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// What reading a journal found.
#[derive(Debug, Clone, Default)]
pub struct Contents {
    /// The header line, without its newline.
    pub header: String,
    /// Whole records.
    pub records: usize,
    /// Bytes of a torn last record that was dropped (0: none).
    pub torn_bytes: u64,
    /// Length of the valid part of the file (header and whole records).
    pub valid_len: u64,
}

/// Read a journal, calling `each` with every whole record (without its checksum) and
/// the byte offset of its line, in file order. Holds one record in memory at a time.
pub fn scan(
    path: &Path,
    mut each: impl FnMut(u64, &str) -> Result<(), JournalError>,
) -> Result<Contents, JournalError> {
    let file = File::open(path).map_err(io_err("open", path))?;
    let mut r = BufReader::new(file);
    let mut buf = Vec::new();
    let mut offset = 0u64;
    let mut contents = Contents::default();
    let mut line_no = 0usize;
    let mut pending_bad: Option<usize> = None;
    loop {
        buf.clear();
        let n = r
            .read_until(b'\n', &mut buf)
            .map_err(io_err("read", path))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        // A damaged line is acceptable only as the very last thing in the file.
        if let Some(line) = pending_bad {
            return Err(JournalError::Damaged {
                path: path.to_owned(),
                line,
            });
        }
        let whole = buf.last() == Some(&b'\n');
        let text = std::str::from_utf8(&buf[..n - usize::from(whole)]).ok();
        if line_no == 1 {
            match text {
                Some(h) if whole && h.starts_with(JOURNAL_MAGIC) => {
                    contents.header = h.to_string();
                }
                _ if !whole => {
                    // A header torn by a kill at creation: an empty journal.
                    contents.torn_bytes = n as u64;
                    break;
                }
                _ => {
                    return Err(JournalError::Foreign {
                        path: path.to_owned(),
                        found: String::from_utf8_lossy(&buf[..n.min(80)])
                            .trim()
                            .to_string(),
                        expected: format!("a file starting with \"{JOURNAL_MAGIC}\""),
                    })
                }
            }
            offset += n as u64;
            contents.valid_len = offset;
            continue;
        }
        let ok = whole
            && text.is_some_and(|t| {
                t.rsplit_once('\t')
                    .is_some_and(|(rec, sum)| checksum(rec) == sum)
            });
        if ok {
            let (rec, _) = text.and_then(|t| t.rsplit_once('\t')).unwrap_or_default();
            each(offset, rec)?;
            contents.records += 1;
            offset += n as u64;
            contents.valid_len = offset;
        } else {
            pending_bad = Some(line_no);
            contents.torn_bytes = n as u64;
        }
    }
    Ok(contents)
}

/// The length in bytes of the journal line holding `record` (checksum and newline
/// included): with the offset [`scan`] gives, where to read it back.
pub fn line_len(record: &str) -> usize {
    record.len() + 18
}

/// Read back the record whose line starts at `offset` and is `len` bytes long (see
/// [`line_len`]), checking it again.
pub fn read_record_at(
    file: &mut File,
    path: &Path,
    offset: u64,
    len: usize,
    buf: &mut Vec<u8>,
) -> Result<String, JournalError> {
    file.seek(SeekFrom::Start(offset))
        .map_err(io_err("seek in", path))?;
    buf.resize(len, 0);
    file.read_exact(buf).map_err(io_err("read", path))?;
    let text = std::str::from_utf8(buf)
        .ok()
        .and_then(|t| t.strip_suffix('\n'));
    match text.and_then(|t| t.rsplit_once('\t')) {
        Some((rec, sum)) if checksum(rec) == sum => Ok(rec.to_string()),
        _ => Err(JournalError::Changed {
            path: path.to_owned(),
        }),
    }
}

/// An open, locked journal, appending records.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
    last_sync: Instant,
    unsynced: bool,
}

impl Journal {
    /// Open the journal at `path` (its folder is created) for work described by
    /// `header` (one line, starting with [`JOURNAL_MAGIC`]), taking its lock.
    ///
    /// A new journal gets the header. An existing one must have the same header
    /// ([`JournalError::Foreign`] otherwise); its whole records are passed to `each`
    /// and a torn last record is cut off. With records in it, `resume` must be set
    /// ([`JournalError::NotEmpty`] otherwise): continuing is the caller's explicit
    /// choice.
    pub fn open(
        path: &Path,
        header: &str,
        resume: bool,
        mut each: impl FnMut(&str) -> Result<(), JournalError>,
    ) -> Result<Journal, JournalError> {
        debug_assert!(header.starts_with(JOURNAL_MAGIC) && !header.contains('\n'));
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_err("create the folder of", path))?;
        }
        match fs::symlink_metadata(path) {
            Ok(m) if !m.file_type().is_file() => {
                return Err(io_err("use", path)(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "it exists but is not a regular file",
                )))
            }
            _ => {}
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(io_err("open", path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(JournalError::Locked {
                    path: path.to_owned(),
                })
            }
            Err(TryLockError::Error(e)) => return Err(io_err("lock", path)(e)),
        }
        let len = file.metadata().map_err(io_err("inspect", path))?.len();
        // Whose journal it is, before any record is read.
        let mut first = String::new();
        BufReader::new(&file)
            .read_line(&mut first)
            .map_err(io_err("read", path))?;
        if let Some(found) = first.strip_suffix('\n') {
            if found != header {
                return Err(JournalError::Foreign {
                    path: path.to_owned(),
                    found: found.chars().take(200).collect(),
                    expected: header.to_string(),
                });
            }
        }
        let contents = if len == 0 {
            Contents::default()
        } else {
            scan(path, |_, rec| each(rec))?
        };
        let records = contents.records;
        if !contents.header.is_empty() && contents.header != header {
            return Err(JournalError::Foreign {
                path: path.to_owned(),
                found: contents.header,
                expected: header.to_string(),
            });
        }
        if records > 0 && !resume {
            return Err(JournalError::NotEmpty {
                path: path.to_owned(),
                records,
            });
        }
        if contents.header.is_empty() {
            // New (or a header torn at creation): start over with the header.
            file.set_len(0).map_err(io_err("truncate", path))?;
            file.seek(SeekFrom::Start(0))
                .map_err(io_err("seek in", path))?;
            file.write_all(format!("{header}\n").as_bytes())
                .map_err(io_err("write", path))?;
            file.sync_all().map_err(io_err("flush to disk", path))?;
            if let Some(dir) = path.parent() {
                // The journal's own entry in its folder, so it survives a power cut.
                if let Ok(d) = File::open(dir) {
                    let _ = d.sync_all();
                }
            }
        } else if contents.valid_len < len {
            // Cut the torn last record off, so new records start on a line of their own.
            file.set_len(contents.valid_len)
                .map_err(io_err("truncate", path))?;
            file.sync_all().map_err(io_err("flush to disk", path))?;
        }
        file.seek(SeekFrom::End(0))
            .map_err(io_err("seek in", path))?;
        Ok(Journal {
            file,
            path: path.to_owned(),
            last_sync: Instant::now(),
            unsynced: false,
        })
    }

    /// The journal's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append records (a record may hold tabs, never a newline) with one write; flush to disk when the last flush is older
    /// than [`SYNC_EVERY`].
    pub fn append<S: AsRef<str>>(&mut self, records: &[S]) -> Result<(), JournalError> {
        let mut buf = String::new();
        for r in records {
            let r = r.as_ref();
            debug_assert!(!r.contains('\n'));
            buf.push_str(r);
            buf.push('\t');
            buf.push_str(&checksum(r));
            buf.push('\n');
        }
        self.file
            .write_all(buf.as_bytes())
            .map_err(io_err("append to", &self.path))?;
        self.unsynced = true;
        if self.last_sync.elapsed() >= SYNC_EVERY {
            self.sync()?;
        }
        Ok(())
    }

    /// Flush what was appended to the disk.
    pub fn sync(&mut self) -> Result<(), JournalError> {
        if self.unsynced {
            self.file
                .sync_data()
                .map_err(io_err("flush to disk", &self.path))?;
            self.unsynced = false;
        }
        self.last_sync = Instant::now();
        Ok(())
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        let _ = self.sync();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "wijksim-journal 1\ttest";

    fn collect(path: &Path) -> (Contents, Vec<String>) {
        let mut v = Vec::new();
        let c = scan(path, |_, r| {
            v.push(r.to_string());
            Ok(())
        })
        .unwrap();
        (c, v)
    }

    #[test]
    fn appends_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/journal");
        let mut j = Journal::open(&p, H, false, |_| Ok(())).unwrap();
        j.append(&["one\tx", "two"]).unwrap();
        j.append(&["three"]).unwrap();
        drop(j);
        let (c, v) = collect(&p);
        assert_eq!(c.header, H);
        assert_eq!(v, ["one\tx", "two", "three"]);
        assert_eq!(c.torn_bytes, 0);
    }

    #[test]
    fn torn_last_record_is_dropped_and_cut_on_resume() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal");
        let mut j = Journal::open(&p, H, false, |_| Ok(())).unwrap();
        j.append(&["one", "two"]).unwrap();
        drop(j);
        // A kill in the middle of a write: half a record, no newline.
        let mut f = OpenOptions::new().append(true).open(&p).unwrap();
        f.write_all(b"three\t12ab").unwrap();
        drop(f);
        let (c, v) = collect(&p);
        assert_eq!(v, ["one", "two"]);
        assert_eq!(c.torn_bytes, 10);
        // Without --resume a journal with records is refused.
        assert!(matches!(
            Journal::open(&p, H, false, |_| Ok(())),
            Err(JournalError::NotEmpty { records: 2, .. })
        ));
        let mut seen = 0;
        let mut j = Journal::open(&p, H, true, |_| {
            seen += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, 2);
        j.append(&["three"]).unwrap();
        drop(j);
        let (c, v) = collect(&p);
        assert_eq!(v, ["one", "two", "three"]);
        assert_eq!(c.torn_bytes, 0);
    }

    #[test]
    fn a_whole_line_with_a_wrong_checksum_at_the_end_is_torn() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal");
        drop(Journal::open(&p, H, false, |_| Ok(())).unwrap());
        let mut f = OpenOptions::new().append(true).open(&p).unwrap();
        f.write_all(b"one\t0000000000000000\n").unwrap();
        drop(f);
        let (c, v) = collect(&p);
        assert!(v.is_empty());
        assert!(c.torn_bytes > 0);
    }

    #[test]
    fn damage_before_the_end_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal");
        let mut j = Journal::open(&p, H, false, |_| Ok(())).unwrap();
        j.append(&["one", "two"]).unwrap();
        drop(j);
        let text = fs::read_to_string(&p).unwrap().replacen("one", "onf", 1);
        fs::write(&p, text).unwrap();
        let err = scan(&p, |_, _| Ok(())).unwrap_err();
        assert!(
            matches!(err, JournalError::Damaged { line: 2, .. }),
            "{err}"
        );
    }

    #[test]
    fn other_work_and_a_second_writer_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal");
        let j = Journal::open(&p, H, false, |_| Ok(())).unwrap();
        assert!(matches!(
            Journal::open(&p, H, true, |_| Ok(())),
            Err(JournalError::Locked { .. })
        ));
        drop(j);
        assert!(matches!(
            Journal::open(&p, "wijksim-journal 1\tother", true, |_| Ok(())),
            Err(JournalError::Foreign { .. })
        ));
        fs::write(&p, "not a journal\n").unwrap();
        assert!(matches!(
            Journal::open(&p, H, true, |_| Ok(())),
            Err(JournalError::Foreign { .. })
        ));
    }

    #[test]
    fn records_are_read_back_by_offset() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal");
        let mut j = Journal::open(&p, H, false, |_| Ok(())).unwrap();
        j.append(&["alpha", "beta\tgamma"]).unwrap();
        drop(j);
        let mut at = Vec::new();
        scan(&p, |o, r| {
            at.push((o, line_len(r)));
            Ok(())
        })
        .unwrap();
        let mut f = File::open(&p).unwrap();
        let mut buf = Vec::new();
        let (o, l) = at[1];
        assert_eq!(
            read_record_at(&mut f, &p, o, l, &mut buf).unwrap(),
            "beta\tgamma"
        );
        let (o, l) = at[0];
        assert_eq!(read_record_at(&mut f, &p, o, l, &mut buf).unwrap(), "alpha");
    }
}
