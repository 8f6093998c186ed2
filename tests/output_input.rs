//! Tests of the input reader, through the public API only.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use wijksim::output::{read_input, InputError};

const MIB: u64 = 1024 * 1024;

/// Runs `read_input` on another thread so that a regression that blocks
/// (opening a FIFO waits for a writer) fails the test after a few seconds
/// instead of hanging it forever.
fn read_with_timeout(path: &Path, max: u64) -> Result<String, InputError> {
    let (tx, rx) = mpsc::channel();
    let owned: PathBuf = path.to_owned();
    thread::spawn(move || {
        let _ = tx.send(read_input(&owned, max));
    });
    rx.recv_timeout(Duration::from_secs(5))
        .unwrap_or_else(|_| panic!("read_input({}) blocked", path.display()))
}

fn assert_not_regular(result: Result<String, InputError>, path: &Path, kind: &str) {
    match result {
        Err(err @ InputError::NotRegularFile { .. }) => {
            let msg = err.to_string();
            assert!(msg.contains(&path.display().to_string()), "{msg}");
            assert!(msg.contains(kind), "{msg}");
            assert!(
                msg.contains("must be a regular file of at most 1 MiB"),
                "{msg}"
            );
        }
        other => panic!("{}: expected NotRegularFile, got {other:?}", path.display()),
    }
}

#[test]
fn fifo_is_refused_without_blocking() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("input.toml");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success(), "mkfifo failed");
    assert_not_regular(read_with_timeout(&fifo, MIB), &fifo, "FIFO");
    // Through a symlink too: the check follows links.
    let link = tmp.path().join("link.toml");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    assert_not_regular(read_with_timeout(&link, MIB), &link, "FIFO");
}

#[test]
fn dev_zero_is_refused() {
    let zero = Path::new("/dev/zero");
    assert!(zero.exists(), "this test needs /dev/zero");
    assert_not_regular(read_with_timeout(zero, MIB), zero, "character device");
}

#[test]
fn directory_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    assert_not_regular(read_with_timeout(tmp.path(), MIB), tmp.path(), "directory");
}

#[test]
fn socket_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("sock");
    let _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    assert_not_regular(read_with_timeout(&path, MIB), &path, "socket");
}

#[test]
fn oversize_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("big.csv");
    fs::write(&path, vec![b'x'; MIB as usize + 1]).unwrap();
    match read_input(&path, MIB) {
        Err(err @ InputError::TooLarge { .. }) => {
            let msg = err.to_string();
            assert!(msg.contains(&path.display().to_string()), "{msg}");
            assert!(
                msg.contains("must be a regular file of at most 1 MiB"),
                "{msg}"
            );
        }
        other => panic!("{other:?}"),
    }
    // Exactly at the limit is fine.
    fs::write(&path, vec![b'x'; MIB as usize]).unwrap();
    assert_eq!(read_input(&path, MIB).unwrap().len(), MIB as usize);
}

#[test]
fn file_longer_than_its_reported_size_is_cut_off() {
    // /proc files report length 0 but have content: only the capped read
    // can notice that they exceed the limit.
    let path = Path::new("/proc/self/status");
    if !path.exists() {
        eprintln!("skipped: no /proc on this system");
        return;
    }
    assert_eq!(fs::metadata(path).unwrap().len(), 0);
    match read_input(path, 16) {
        Err(InputError::TooLarge { size, .. }) => assert_eq!(size, 17),
        other => panic!("{other:?}"),
    }
    assert!(read_input(path, MIB).unwrap().contains("Name:"));
}

#[test]
fn invalid_utf8_reports_line_and_offset() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bad.toml");
    // Lines 1 and 2 are 6 bytes each with their newline; line 3 starts at
    // byte 12 and its bad byte comes after "x = " (4 bytes): offset 16.
    let mut bytes = b"a = 1\nb = 2\nx = ".to_vec();
    bytes.push(0xFF);
    bytes.extend_from_slice(b"\nd = 4\n");
    fs::write(&path, &bytes).unwrap();
    match read_input(&path, MIB) {
        Err(
            err @ InputError::InvalidUtf8 {
                line: 3,
                offset: 16,
                ..
            },
        ) => {
            let msg = err.to_string();
            assert!(msg.contains("line 3"), "{msg}");
            assert!(msg.contains("byte offset 16"), "{msg}");
            assert!(msg.contains(&path.display().to_string()), "{msg}");
        }
        other => panic!("{other:?}"),
    }
    // With a byte order mark the offset still counts from the file start.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&bytes);
    fs::write(&path, &with_bom).unwrap();
    assert!(matches!(
        read_input(&path, MIB),
        Err(InputError::InvalidUtf8 {
            line: 3,
            offset: 19,
            ..
        })
    ));
    // A truncated multi-byte character at the very end, on line 1.
    fs::write(&path, "é".as_bytes().get(..1).unwrap()).unwrap();
    assert!(matches!(
        read_input(&path, MIB),
        Err(InputError::InvalidUtf8 {
            line: 1,
            offset: 0,
            ..
        })
    ));
}

#[test]
fn bom_is_stripped_and_crlf_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("windows.csv");
    fs::write(&path, b"\xEF\xBB\xBFname,w\xC3\xBCk\r\nA,1\r\n").unwrap();
    assert_eq!(read_input(&path, MIB).unwrap(), "name,wük\r\nA,1\r\n");
    // A BOM anywhere but the start is content, and is kept.
    fs::write(&path, "x\u{feff}").unwrap();
    assert_eq!(read_input(&path, MIB).unwrap(), "x\u{feff}");
    fs::write(&path, b"").unwrap();
    assert_eq!(read_input(&path, 0).unwrap(), "");
}

#[test]
fn symlink_to_regular_file_is_fine() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("real.toml");
    fs::write(&target, "seed = 1\n").unwrap();
    let link = tmp.path().join("link.toml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert_eq!(read_input(&link, MIB).unwrap(), "seed = 1\n");
}

#[test]
fn missing_file_names_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("absent.toml");
    match read_input(&path, MIB) {
        Err(err @ InputError::Io { .. }) => {
            assert!(err.to_string().contains(&path.display().to_string()))
        }
        other => panic!("{other:?}"),
    }
}
