//! Tests of the output writer, repair and verification, through the public
//! API only.

mod output_common;
use output_common as common;

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::os::unix::fs::PermissionsExt;

use common::*;
use wijksim::output::{
    amend, read_verified, repair, verify, AmendError, Fault, OutputError, OutputSet, VerifyError,
    LOCK_FILE,
};

#[test]
fn commit_then_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nested/runs/base");
    let report = set(&dir, "A", SET_A).commit().unwrap();
    assert!(report.repair.is_empty());
    assert!(report.removed.is_empty());
    assert!(describes(&report.manifest, SET_A));
    assert_exactly(&dir, "A", SET_A, &[]);
    assert!(staging_left(&dir).is_empty());
    // The only hidden entry left is the lock file.
    let hidden: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(hidden, vec![LOCK_FILE.to_string()]);
}

#[test]
fn second_commit_replaces_owned_files_and_keeps_foreign_ones() {
    let tmp = folder_with_a();
    let dir = tmp.path();
    let report = set(dir, "B", SET_B).commit().unwrap();
    assert_eq!(
        report.removed,
        vec!["a.csv".to_string(), "only_a.txt".to_string()]
    );
    assert_exactly(dir, "B", SET_B, &[FOREIGN]);
    assert_eq!(fs::read(dir.join(FOREIGN)).unwrap(), FOREIGN_TEXT);
    assert!(staging_left(dir).is_empty());
}

#[test]
fn empty_set_is_a_valid_set() {
    let tmp = folder_with_a();
    set(tmp.path(), "empty", &[]).commit().unwrap();
    assert_exactly(tmp.path(), "empty", &[], &[FOREIGN]);
}

#[test]
fn manifest_bytes_are_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
    set(&one, "A", SET_A).commit().unwrap();
    // Same files added in reverse order, into a folder that held another set.
    set(&two, "B", SET_B).commit().unwrap();
    let mut reversed = OutputSet::new(&two, header("A"));
    for (name, bytes) in SET_A.iter().rev() {
        reversed.add_file(name, bytes.to_vec()).unwrap();
    }
    reversed.commit().unwrap();
    let a = fs::read(one.join("manifest.json")).unwrap();
    let b = fs::read(two.join("manifest.json")).unwrap();
    assert_eq!(a, b);
    assert!(a.ends_with(b"}\n"));
    let text = String::from_utf8(a).unwrap();
    assert!(text.find("a.csv") < text.find("only_a.txt"));
    assert!(text.find("only_a.txt") < text.find("shared.csv"));
    // Committing the same set again gives the same bytes.
    set(&one, "A", SET_A).commit().unwrap();
    assert_eq!(
        fs::read(one.join("manifest.json")).unwrap(),
        text.as_bytes()
    );
}

#[test]
fn bad_file_names_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let long = "x".repeat(256);
    for name in [
        "",
        ".",
        "..",
        "../x",
        "a/b",
        "/abs",
        "a\\b",
        ".hidden",
        "manifest.json",
        "COMMIT",
        "nul\0",
        "new\nline",
        &long,
    ] {
        let mut out = OutputSet::new(tmp.path(), header("x"));
        let err = out.add_file(name, vec![]).unwrap_err();
        assert!(
            matches!(err, OutputError::InvalidFileName { .. }),
            "{name:?}: {err}"
        );
    }
    let err = OutputSet::new(tmp.path(), header("x"))
        .file("a.csv", vec![1])
        .unwrap()
        .file("a.csv", vec![2])
        .unwrap_err();
    assert!(matches!(err, OutputError::DuplicateFile { ref name } if name == "a.csv"));
    // Nothing was written: names are checked when added.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

/// Number of protocol steps for committing B over A, from a clean run.
fn steps_for_b_over_a() -> usize {
    let tmp = folder_with_a();
    let report = set(tmp.path(), "B", SET_B).commit().unwrap();
    assert!(report.repair.is_empty());
    report.steps
}

#[test]
fn step_count_matches_documented_protocol() {
    // 1 mkdir, 2 lock, 3 staging dir, 4-5 two files, 6 previous manifest,
    // 7 manifest, 8 fsync staging, 9 COMMIT, 10 fsync staging, 11 fsync dir,
    // 12 remove old manifest, 13-14 two renames, 15-16 two removals,
    // 17 manifest rename, 18 fsync dir, 19 remove COMMIT, 20 remove staging.
    assert_eq!(steps_for_b_over_a(), 20);
    // First commit of A's three files into a new folder: no old manifest to
    // copy or remove, nothing to delete. 2 (mkdir, lock) + 1 (staging dir)
    // + 3 files + 1 manifest + 4 (fsyncs, COMMIT) + 3 renames + 4 (finish).
    let tmp = tempfile::tempdir().unwrap();
    let report = set(&tmp.path().join("new"), "A", SET_A).commit().unwrap();
    assert_eq!(report.steps, 18);
}

#[test]
fn crash_at_every_step_then_next_commit_recovers() {
    let total = steps_for_b_over_a();
    let mut seen = BTreeSet::new();
    for n in 0..=total + 1 {
        let tmp = folder_with_a();
        let dir = tmp.path();
        let result = set(dir, "B", SET_B)
            .with_fault(Fault::AbortAfterStep(n))
            .commit();
        if n <= total {
            assert!(
                matches!(result, Err(OutputError::InjectedCrash)),
                "n={n}: {result:?}"
            );
        } else {
            assert!(result.is_ok(), "n={n}: {result:?}");
        }
        let state = classify(dir);
        seen.insert(state);

        let report = set(dir, "C", SET_C)
            .commit()
            .unwrap_or_else(|e| panic!("n={n}: {e}"));
        assert_exactly(dir, "C", SET_C, &[FOREIGN]);
        assert!(staging_left(dir).is_empty(), "n={n}");
        if state == Seen::Incomplete {
            assert!(report.repair.rolled_forward.is_some(), "n={n}: {report:?}");
        }
        assert_eq!(fs::read(dir.join(FOREIGN)).unwrap(), FOREIGN_TEXT);
    }
    // The loop really went through all three kinds of state.
    assert_eq!(seen, BTreeSet::from([Seen::A, Seen::B, Seen::Incomplete]));
}

#[test]
fn crash_at_every_step_then_repair_recovers() {
    let total = steps_for_b_over_a();
    for n in 0..=total {
        let tmp = folder_with_a();
        let dir = tmp.path();
        let result = set(dir, "B", SET_B)
            .with_fault(Fault::AbortAfterStep(n))
            .commit();
        assert!(matches!(result, Err(OutputError::InjectedCrash)), "n={n}");
        let before = classify(dir);

        let report = repair(dir).unwrap_or_else(|e| panic!("n={n}: {e}"));
        let after = classify(dir);
        assert_ne!(after, Seen::Incomplete, "n={n}: {report:?}");
        match before {
            // Once committed, an update is always completed, never undone.
            Seen::Incomplete => assert_eq!(after, Seen::B, "n={n}"),
            other => assert_eq!(after, other, "n={n}"),
        }
        assert!(staging_left(dir).is_empty(), "n={n}");
        // Repairing a clean folder does nothing.
        assert!(repair(dir).unwrap().is_empty(), "n={n}");
    }
}

#[test]
fn crash_during_roll_forward_is_itself_repairable() {
    let total = steps_for_b_over_a();
    let mut checked = 0;
    for n in 0..=total {
        // Find the crash points of B that leave a roll-forward to do.
        let probe = folder_with_a();
        let _ = set(probe.path(), "B", SET_B)
            .with_fault(Fault::AbortAfterStep(n))
            .commit();
        if classify(probe.path()) != Seen::Incomplete {
            continue;
        }
        // Then crash C at every step of its own repair and staging.
        for m in 2..=12 {
            let tmp = folder_with_a();
            let dir = tmp.path();
            let _ = set(dir, "B", SET_B)
                .with_fault(Fault::AbortAfterStep(n))
                .commit();
            let result = set(dir, "C", SET_C)
                .with_fault(Fault::AbortAfterStep(m))
                .commit();
            assert!(
                matches!(result, Err(OutputError::InjectedCrash)),
                "n={n} m={m}"
            );
            let state = classify(dir);
            assert_ne!(state, Seen::A, "n={n} m={m}: a committed update was undone");
            set(dir, "D", SET_C)
                .commit()
                .unwrap_or_else(|e| panic!("n={n} m={m}: {e}"));
            assert_exactly(dir, "D", SET_C, &[FOREIGN]);
            assert!(staging_left(dir).is_empty());
            checked += 1;
        }
    }
    assert!(checked > 0);
}

#[test]
fn write_failure_during_staging_keeps_old_set() {
    let mut failures = 0;
    let mut budget = 0u64;
    loop {
        let tmp = folder_with_a();
        let dir = tmp.path();
        let result = set(dir, "B", SET_B)
            .with_fault(Fault::FailWriteAfterBytes(budget))
            .commit();
        match result {
            Err(err @ OutputError::StagingFailed { .. }) => {
                let msg = err.to_string();
                assert!(msg.contains(&dir.display().to_string()), "{msg}");
                assert!(msg.contains(".wijksim-tmp-"), "names the file: {msg}");
                assert!(msg.contains("unchanged"), "{msg}");
                assert_exactly(dir, "A", SET_A, &[FOREIGN]);
                assert!(staging_left(dir).is_empty(), "budget {budget}");
                failures += 1;
            }
            Ok(_) => {
                assert_exactly(dir, "B", SET_B, &[FOREIGN]);
                break;
            }
            Err(e) => panic!("budget {budget}: unexpected {e}"),
        }
        budget = if budget == 0 { 1 } else { budget * 2 };
        assert!(budget < 1 << 20, "the write budget never sufficed");
    }
    assert!(failures >= 5, "{failures}");
}

#[test]
fn move_phase_failure_leaves_folder_repairable_not_mixed() {
    // Someone replaced A's owned file `shared.csv` with a directory of their
    // own. The name is owned, so the update is attempted; renaming a file
    // over a non-empty directory fails (also for root) in the move phase,
    // after `b.csv` was already moved.
    let tmp = folder_with_a();
    let dir = tmp.path();
    fs::remove_file(dir.join("shared.csv")).unwrap();
    fs::create_dir(dir.join("shared.csv")).unwrap();
    fs::write(dir.join("shared.csv/keep.txt"), b"theirs").unwrap();

    let err = set(dir, "B", SET_B).commit().unwrap_err();
    assert!(matches!(err, OutputError::MoveFailed { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains(&dir.join("shared.csv").display().to_string()),
        "{msg}"
    );
    assert!(msg.contains("run the command again"), "{msg}");
    // Readers refuse the folder, whatever they use to look at it.
    assert!(matches!(verify(dir), Err(VerifyError::Incomplete { .. })));

    // While the obstacle is there, the next run cannot finish and says so;
    // the folder stays incomplete, and their directory is untouched.
    let err = set(dir, "C", SET_C).commit().unwrap_err();
    assert!(matches!(err, OutputError::MoveFailed { .. }), "{err}");
    assert!(matches!(verify(dir), Err(VerifyError::Incomplete { .. })));
    assert_eq!(
        fs::read(dir.join("shared.csv/keep.txt")).unwrap(),
        b"theirs"
    );

    // Once it is moved away, a repair completes B.
    fs::rename(dir.join("shared.csv"), tmp.path().join("moved-away")).unwrap();
    let report = repair(dir).unwrap();
    assert!(report.rolled_forward.is_some());
    assert_exactly(dir, "B", SET_B, &[FOREIGN, "moved-away"]);
    assert!(staging_left(dir).is_empty());
}

#[test]
fn unwritable_folder_fails_cleanly_unless_root() {
    let tmp = folder_with_a();
    let dir = tmp.path();
    if !permissions_enforced(dir) {
        // Running as root (or with CAP_DAC_OVERRIDE): mode bits do not stop
        // writes, so this case cannot fail here; the directory-obstacle test
        // above covers a move failure without relying on permissions.
        eprintln!("skipped: permissions are not enforced for this user");
        return;
    }
    fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).unwrap();
    let result = set(dir, "B", SET_B).commit();
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
    let err = result.unwrap_err();
    assert!(
        err.to_string().contains(&dir.display().to_string()),
        "{err}"
    );
    assert_exactly(dir, "A", SET_A, &[FOREIGN]);
    assert!(staging_left(dir).is_empty());
}

#[test]
fn read_only_owned_file_is_still_replaced() {
    // A 0444 file does not stop a rename over it (the folder's permissions
    // decide), so making an output read-only never wedges the next run.
    let tmp = folder_with_a();
    let dir = tmp.path();
    fs::set_permissions(dir.join("shared.csv"), fs::Permissions::from_mode(0o444)).unwrap();
    set(dir, "B", SET_B).commit().unwrap();
    assert_exactly(dir, "B", SET_B, &[FOREIGN]);
}

#[test]
fn second_writer_is_refused_while_lock_is_held() {
    let tmp = folder_with_a();
    let dir = tmp.path();
    // Another process holding the lock looks exactly like this handle.
    let holder = File::open(dir.join(LOCK_FILE)).unwrap();
    holder.try_lock().unwrap();

    let err = set(dir, "B", SET_B).commit().unwrap_err();
    assert!(matches!(err, OutputError::Locked { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains(&format!(
            "another wijksim run is writing to {}",
            dir.display()
        )),
        "{msg}"
    );
    assert!(matches!(repair(dir), Err(OutputError::Locked { .. })));
    assert_exactly(dir, "A", SET_A, &[FOREIGN]);

    drop(holder);
    set(dir, "B", SET_B).commit().unwrap();
    assert_exactly(dir, "B", SET_B, &[FOREIGN]);
}

#[test]
fn foreign_file_with_an_output_name_is_not_overwritten() {
    let tmp = folder_with_a();
    let dir = tmp.path();
    fs::write(dir.join("b.csv"), b"someone else's b.csv").unwrap();
    let err = set(dir, "B", SET_B).commit().unwrap_err();
    assert!(matches!(err, OutputError::ForeignFile { .. }), "{err}");
    assert!(err
        .to_string()
        .contains(&dir.join("b.csv").display().to_string()));
    assert_eq!(
        fs::read(dir.join("b.csv")).unwrap(),
        b"someone else's b.csv"
    );
    assert!(describes(&verify(dir).unwrap(), SET_A));
    assert!(staging_left(dir).is_empty());
}

#[test]
fn folder_of_another_program_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let theirs = b"{\"name\": \"some-web-app\", \"version\": \"1.0.0\"}\n";
    fs::write(dir.join("manifest.json"), theirs).unwrap();
    let err = set(dir, "A", SET_A).commit().unwrap_err();
    assert!(matches!(err, OutputError::ForeignManifest { .. }), "{err}");
    assert_eq!(fs::read(dir.join("manifest.json")).unwrap(), theirs);
    assert_eq!(visible(dir), BTreeSet::from(["manifest.json".to_string()]));
    assert!(matches!(verify(dir), Err(VerifyError::BadManifest { .. })));
}

#[test]
fn manifest_naming_outside_files_is_not_obeyed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let outside = tmp.path().join("outside.txt");
    fs::write(&outside, b"precious").unwrap();
    set(&dir, "A", SET_A).commit().unwrap();
    // Tamper: make the manifest claim ownership of ../outside.txt.
    let text = fs::read_to_string(dir.join("manifest.json")).unwrap();
    let tampered = text.replace("\"only_a.txt\"", "\"../outside.txt\"");
    assert_ne!(text, tampered);
    fs::write(dir.join("manifest.json"), tampered).unwrap();

    let err = set(&dir, "B", SET_B).commit().unwrap_err();
    assert!(matches!(err, OutputError::ForeignManifest { .. }), "{err}");
    assert!(matches!(verify(&dir), Err(VerifyError::BadManifest { .. })));
    assert_eq!(fs::read(&outside).unwrap(), b"precious");
}

#[test]
fn symlinks_in_the_folder_are_replaced_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let outside = tmp.path().join("outside.csv");
    fs::write(&outside, b"outside").unwrap();
    set(&dir, "A", SET_A).commit().unwrap();
    // Owned names turned into symlinks pointing outside the folder.
    for name in ["shared.csv", "a.csv"] {
        fs::remove_file(dir.join(name)).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join(name)).unwrap();
    }
    set(&dir, "B", SET_B).commit().unwrap();
    assert_exactly(&dir, "B", SET_B, &[]);
    assert!(!fs::symlink_metadata(dir.join("shared.csv"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read(&outside).unwrap(), b"outside");
}

#[test]
fn leftovers_of_old_runs_are_cleaned_and_nothing_else() {
    let tmp = folder_with_a();
    let dir = tmp.path();
    fs::create_dir(dir.join(".wijksim-tmp-999999-0")).unwrap();
    fs::write(dir.join(".wijksim-tmp-999999-0/half.csv"), b"half").unwrap();
    fs::write(dir.join(".a.csv.tmp-12345"), b"legacy temp").unwrap();
    let keep = [".notes.tmp-abc", "notes.txt.tmp-1", ".tmp-1", ".x.tmp-"];
    for name in keep {
        fs::write(dir.join(name), b"not ours").unwrap();
    }
    fs::create_dir(dir.join(".dir.tmp-7")).unwrap();

    let report = set(dir, "B", SET_B).commit().unwrap();
    assert_eq!(
        report.repair.stale_staging_removed,
        vec![".wijksim-tmp-999999-0"]
    );
    assert_eq!(report.repair.legacy_temp_removed, vec![".a.csv.tmp-12345"]);
    assert_eq!(report.repair.rolled_forward, None);
    assert!(!dir.join(".a.csv.tmp-12345").exists());
    for name in keep {
        assert_eq!(fs::read(dir.join(name)).unwrap(), b"not ours", "{name}");
    }
    assert!(dir.join(".dir.tmp-7").is_dir());
    assert!(staging_left(dir).is_empty());
    assert_exactly(dir, "B", SET_B, &[FOREIGN, "notes.txt.tmp-1"]);
}

#[test]
fn verify_reports_changes_and_missing_parts() {
    let tmp = folder_with_a();
    let dir = tmp.path();
    fs::write(dir.join("a.csv"), b"id,value\n1,11\n").unwrap(); // same size
    match verify(dir) {
        Err(VerifyError::Mismatch { file, .. }) => assert_eq!(file, "a.csv"),
        other => panic!("{other:?}"),
    }
    fs::remove_file(dir.join("a.csv")).unwrap();
    match verify(dir) {
        Err(err @ VerifyError::Mismatch { .. }) => {
            assert!(err.to_string().contains("missing"), "{err}")
        }
        other => panic!("{other:?}"),
    }
    fs::remove_file(dir.join("manifest.json")).unwrap();
    match verify(dir) {
        Err(err @ VerifyError::Incomplete { .. }) => {
            let msg = err.to_string();
            assert!(msg.contains("run the command again to repair it"), "{msg}");
            assert!(msg.contains(&dir.display().to_string()), "{msg}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        verify(&dir.join("does-not-exist")),
        Err(VerifyError::Io { .. })
    ));
}

#[test]
fn read_verified_checks_each_read() {
    let tmp = folder_with_a();
    let dir = tmp.path();
    let manifest = verify(dir).unwrap();
    assert_eq!(read_verified(dir, &manifest, "a.csv").unwrap(), SET_A[0].1);
    assert!(matches!(
        read_verified(dir, &manifest, FOREIGN),
        Err(VerifyError::Mismatch { .. })
    ));
    // Another run replaced the folder after `verify`: old manifest, new files.
    set(dir, "B", SET_B).commit().unwrap();
    assert!(matches!(
        read_verified(dir, &manifest, "shared.csv"),
        Err(VerifyError::Mismatch { .. })
    ));
}

#[test]
fn repair_of_missing_folder_is_an_error_and_creates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nope");
    let err = repair(&dir).unwrap_err();
    assert!(
        err.to_string().contains(&dir.display().to_string()),
        "{err}"
    );
    assert!(!dir.exists());
}

#[test]
fn crash_of_a_first_run_at_every_step_is_recoverable() {
    let total = {
        let tmp = tempfile::tempdir().unwrap();
        set(&tmp.path().join("out"), "B", SET_B)
            .commit()
            .unwrap()
            .steps
    };
    for n in 0..=total {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let result = set(&dir, "B", SET_B)
            .with_fault(Fault::AbortAfterStep(n))
            .commit();
        assert!(matches!(result, Err(OutputError::InjectedCrash)), "n={n}");
        if dir.exists() {
            match verify(&dir) {
                Ok(manifest) => {
                    assert!(describes(&manifest, SET_B), "n={n}");
                    assert_exactly(&dir, "B", SET_B, &[]);
                }
                Err(VerifyError::Incomplete { .. }) => {}
                Err(e) => panic!("n={n}: {e}"),
            }
        }
        set(&dir, "C", SET_C)
            .commit()
            .unwrap_or_else(|e| panic!("n={n}: {e}"));
        assert_exactly(&dir, "C", SET_C, &[]);
        assert!(staging_left(&dir).is_empty(), "n={n}");
    }
}

#[test]
fn streamed_files_are_written_hashed_and_verified_like_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let mut out = OutputSet::new(&dir, header("S"));
    out.add_file("small.txt", b"small".to_vec()).unwrap();
    out.add_stream(
        "big.csv",
        Box::new(|w: &mut dyn std::io::Write| {
            for i in 0..100_000u32 {
                writeln!(w, "{i},{}", i * 2)?;
            }
            Ok(())
        }),
    )
    .unwrap();
    let report = out.commit().unwrap();
    let big = fs::read(dir.join("big.csv")).unwrap();
    let entry = report
        .manifest
        .files
        .iter()
        .find(|f| f.name == "big.csv")
        .unwrap();
    assert_eq!(entry.size, big.len() as u64);
    assert_eq!(entry.sha256, wijksim::output::sha256_hex(&big));
    verify(&dir).unwrap();
    assert!(big.starts_with(b"0,0\n1,2\n"));
}

#[test]
fn a_failing_stream_leaves_the_previous_set() {
    let tmp = folder_with_a();
    let dir = tmp.path();
    let mut out = OutputSet::new(dir, header("B"));
    out.add_file("b.csv", b"b".to_vec()).unwrap();
    out.add_stream(
        "runs.csv",
        Box::new(|w: &mut dyn std::io::Write| {
            w.write_all(b"half a file")?;
            Err(std::io::Error::other("the journal could not be read"))
        }),
    )
    .unwrap();
    let err = out.commit().unwrap_err();
    assert!(err.to_string().contains("runs.csv"), "{err}");
    assert_exactly(dir, "A", SET_A, &[FOREIGN]);
    assert!(staging_left(dir).is_empty());
}

// ---------------------------------------------------------------- amend

#[test]
fn amend_adds_a_file_to_the_set_under_the_old_header() {
    let tmp = folder_with_a();
    let dir = tmp.path();
    let report = amend(dir, vec![("report.html".into(), b"<p>hi</p>".to_vec())]).unwrap();
    assert!(report.removed.is_empty());
    let manifest = verify(dir).unwrap();
    assert_eq!(
        manifest.header,
        header("A"),
        "the set still describes run A"
    );
    let names: Vec<&str> = manifest.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["a.csv", "only_a.txt", "report.html", "shared.csv"]);
    for (name, bytes) in SET_A {
        assert_eq!(fs::read(dir.join(name)).unwrap(), *bytes, "{name}");
    }
    assert_eq!(fs::read(dir.join("report.html")).unwrap(), b"<p>hi</p>");
    assert_eq!(fs::read(dir.join(FOREIGN)).unwrap(), FOREIGN_TEXT);
    assert!(staging_left(dir).is_empty());
}

#[test]
fn amend_replaces_a_file_of_the_same_name() {
    let tmp = folder_with_a();
    let dir = tmp.path();
    amend(dir, vec![("report.html".into(), b"one".to_vec())]).unwrap();
    amend(dir, vec![("report.html".into(), b"two".to_vec())]).unwrap();
    let manifest = verify(dir).unwrap();
    assert_eq!(manifest.files.len(), SET_A.len() + 1);
    assert_eq!(fs::read(dir.join("report.html")).unwrap(), b"two");
    // A new run drops a report of the old one with the rest of the old set.
    set(dir, "B", SET_B).commit().unwrap();
    assert_exactly(dir, "B", SET_B, &[FOREIGN]);
}

#[test]
fn amend_refuses_a_tampered_or_missing_set_and_changes_nothing() {
    let tmp = folder_with_a();
    let dir = tmp.path();
    fs::write(dir.join("a.csv"), b"id,value\n1,99\n").unwrap();
    let err = amend(dir, vec![("report.html".into(), b"x".to_vec())]).unwrap_err();
    assert!(
        matches!(err, AmendError::Verify(VerifyError::Mismatch { ref file, .. }) if file == "a.csv"),
        "{err}"
    );
    assert!(!dir.join("report.html").exists());
    assert_eq!(fs::read(dir.join("a.csv")).unwrap(), b"id,value\n1,99\n");

    let empty = tempfile::tempdir().unwrap();
    let err = amend(empty.path(), vec![("report.html".into(), b"x".to_vec())]).unwrap_err();
    assert!(
        matches!(err, AmendError::Verify(VerifyError::Incomplete { .. })),
        "{err}"
    );
    assert!(visible(empty.path()).is_empty());
}

#[test]
fn a_set_built_from_an_older_set_is_refused_after_a_new_run() {
    let tmp = folder_with_a();
    let dir = tmp.path();
    let old = verify(dir).unwrap();
    set(dir, "B", SET_B).commit().unwrap();
    let err = set(dir, "A", SET_A).replacing(old).commit().unwrap_err();
    assert!(matches!(err, OutputError::Changed { .. }), "{err}");
    assert_exactly(dir, "B", SET_B, &[FOREIGN]);
    assert!(staging_left(dir).is_empty());
}
