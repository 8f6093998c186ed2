//! Bounded, type-checked reading of text input files.
//!
//! Input paths come from the command line and from other input files, so they
//! may name a FIFO (opening it blocks forever), a device such as `/dev/zero`
//! (reading it never ends), a directory, or a huge file. [`read_input`]
//! refuses all of these before reading, bounds the read in case the file
//! grows, and turns invalid UTF-8 into an error that says where it is.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// The UTF-8 byte order mark, which some editors put at the start of files.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why an input file could not be read.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum InputError {
    /// The path does not name a regular file (after following symlinks).
    #[error("{path} is {kind}; it must be a regular file of at most {limit}")]
    NotRegularFile {
        /// The path as given.
        path: PathBuf,
        /// What the path is instead, e.g. "a directory" or "a FIFO (named pipe)".
        kind: &'static str,
        /// The size limit, in human-readable form, e.g. "1 MiB".
        limit: String,
    },
    /// The file is larger than the limit.
    #[error(
        "{path} is too large ({size} bytes or more); it must be a regular file of at most {limit}"
    )]
    TooLarge {
        /// The path as given.
        path: PathBuf,
        /// Size found: the length reported by the file system, or the number
        /// of bytes read before giving up.
        size: u64,
        /// The size limit, in human-readable form.
        limit: String,
    },
    /// The file is not valid UTF-8.
    #[error(
        "{path} is not valid UTF-8: invalid byte at line {line} (byte offset {offset} from the \
         start of the file); save the file as UTF-8 text"
    )]
    InvalidUtf8 {
        /// The path as given.
        path: PathBuf,
        /// 1-based line number of the first invalid byte.
        line: usize,
        /// 0-based byte offset of the first invalid byte, counted from the
        /// start of the file (a byte order mark counts).
        offset: usize,
    },
    /// The file could not be inspected, opened or read.
    #[error("cannot {action} {path}: {source}; check that the path exists and is readable")]
    Io {
        /// What was being done, e.g. "open".
        action: &'static str,
        /// The path as given.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Formats a byte limit the way people write it ("1 MiB", "64 KiB", "1000 bytes").
fn human_limit(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    const GIB: u64 = 1024 * MIB;
    if bytes >= GIB && bytes.is_multiple_of(GIB) {
        format!("{} GiB", bytes / GIB)
    } else if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else if bytes == 1 {
        "1 byte".to_owned()
    } else {
        format!("{bytes} bytes")
    }
}

/// Describes a non-regular file type for error messages.
fn describe(file_type: fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Reads a UTF-8 text input file of at most `max_bytes` bytes.
///
/// * The path must be a regular file; symlinks are followed, so a symlink to
///   a regular file is fine. Directories, FIFOs, sockets and devices are
///   refused **before** the file is opened, because opening a FIFO blocks
///   until a writer appears and reading `/dev/zero` never ends.
/// * Files whose length is over `max_bytes` are refused; the read itself is
///   also capped at `max_bytes + 1` bytes, so a file that grows (or a
///   `/proc` file that reports length 0) cannot make it read without bound.
/// * A leading UTF-8 byte order mark is removed; everything else, including
///   CRLF line ends, is returned unchanged.
/// * Invalid UTF-8 is reported with the 1-based line number and the 0-based
///   byte offset of the first bad byte.
///
/// There is a short window between the type check and the open in which the
/// path could be swapped for a FIFO; the type is checked again on the opened
/// file, which catches devices, but opening a FIFO swapped in at exactly that
/// moment would still block. Input paths are chosen by the user running the
/// program, so this is accepted rather than adding platform-specific code.
pub fn read_input(path: &Path, max_bytes: u64) -> Result<String, InputError> {
    let limit = || human_limit(max_bytes);
    let meta = fs::metadata(path).map_err(|source| InputError::Io {
        action: "inspect",
        path: path.to_owned(),
        source,
    })?;
    if !meta.is_file() {
        return Err(InputError::NotRegularFile {
            path: path.to_owned(),
            kind: describe(meta.file_type()),
            limit: limit(),
        });
    }
    if meta.len() > max_bytes {
        return Err(InputError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
            limit: limit(),
        });
    }
    let file = File::open(path).map_err(|source| InputError::Io {
        action: "open",
        path: path.to_owned(),
        source,
    })?;
    // Same check on the opened file, in case the path was replaced meanwhile.
    let opened = file.metadata().map_err(|source| InputError::Io {
        action: "inspect",
        path: path.to_owned(),
        source,
    })?;
    if !opened.is_file() {
        return Err(InputError::NotRegularFile {
            path: path.to_owned(),
            kind: describe(opened.file_type()),
            limit: limit(),
        });
    }
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io {
            action: "read",
            path: path.to_owned(),
            source,
        })?;
    let read_len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read_len > max_bytes {
        return Err(InputError::TooLarge {
            path: path.to_owned(),
            size: read_len,
            limit: limit(),
        });
    }
    let skip = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    match String::from_utf8(bytes.split_off(skip)) {
        Ok(text) => Ok(text),
        Err(err) => {
            let offset = skip + err.utf8_error().valid_up_to();
            let line = 1 + newlines_before(&bytes, &err.into_bytes(), offset);
            Err(InputError::InvalidUtf8 {
                path: path.to_owned(),
                line,
                offset,
            })
        }
    }
}

/// Counts the newlines before `offset` in the file made of `head` (the
/// stripped byte order mark, possibly empty) followed by `rest`.
fn newlines_before(head: &[u8], rest: &[u8], offset: usize) -> usize {
    head.iter()
        .chain(rest.iter())
        .take(offset)
        .filter(|&&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_like_people_write_them() {
        assert_eq!(human_limit(1024 * 1024), "1 MiB");
        assert_eq!(human_limit(64 * 1024), "64 KiB");
        assert_eq!(human_limit(3 * 1024 * 1024 * 1024), "3 GiB");
        assert_eq!(human_limit(1000), "1000 bytes");
        assert_eq!(human_limit(1), "1 byte");
        assert_eq!(human_limit(0), "0 bytes");
    }

    #[test]
    fn newline_count_spans_bom_and_rest() {
        assert_eq!(newlines_before(b"", b"a\nb\nc", 4), 2);
        assert_eq!(newlines_before(b"\xEF\xBB\xBF", b"\n\n", 4), 1);
        assert_eq!(newlines_before(b"", b"", 0), 0);
    }
}
