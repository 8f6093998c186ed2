//! Bad command-line input exits 2 with one message that says what was given and what
//! is allowed, and writes nothing: a wrong value of an enumerated flag (clap lists the
//! allowed values), and each kind of command-line error of the binary's own
//! (`CliError`), one test per kind.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn wijksim(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("wijksim").unwrap();
    // Run inside a temporary folder, so a default output folder would show up there.
    c.current_dir(dir);
    c
}

/// Run `args` in `dir`; assert exit code 2 and that stderr contains every one of
/// `expect`; return stderr.
fn refused(dir: &Path, args: &[&str], expect: &[&str]) -> String {
    let out = wijksim(dir).args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    for e in expect {
        assert!(err.contains(e), "{args:?}: expected {e:?} in {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// Every entry below `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walk(&p));
        }
        v.push(p);
    }
    v
}

/// A small sweep file over the tiny test scenario, written into `dir`.
fn sweep_file(dir: &Path, seed: u32) -> PathBuf {
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sweep_tiny.toml");
    let path = dir.join("s.toml");
    fs::write(
        &path,
        format!(
            "[sweep]\nscenario = {:?}\nreplications = 1\nseed = {seed}\ndesign = \"grid\"\n\n\
             [[axis]]\nparam = \"team.finance_detection_own\"\nvalues = [0.3, 0.5]\n",
            tiny.display().to_string()
        ),
    )
    .unwrap();
    path
}

#[test]
fn a_wrong_enumerated_value_names_the_allowed_values() {
    let tmp = TempDir::new().unwrap();
    for (args, given, allowed) in [
        (
            &["run", "--model", "bogus"][..],
            "'bogus' for '--model <MODEL>'",
            "[possible values: broad, partial, separate]",
        ),
        (
            &["bench", "--model", "Broad"],
            "'Broad' for '--model <MODEL>'",
            "[possible values: broad, partial, separate]",
        ),
        (
            &["pilot-size", "--model", "partial", "--against", "sep"],
            "'sep' for '--against <AGAINST>'",
            "[possible values: broad, partial, separate]",
        ),
        (
            &["pilot-size", "--model", "partial", "--outcome", "waits"],
            "'waits' for '--outcome <OUTCOME>'",
            "[possible values: finance_detected_share, intake_wait_mean_weeks, \
             escalations_per_1000, unresolved_debt_per_1000]",
        ),
        (
            &["report", "somewhere", "--lang", "fr"],
            "'fr' for '--lang <LANG>'",
            "[possible values: en, nl]",
        ),
    ] {
        refused(tmp.path(), args, &["error: invalid value ", given, allowed]);
    }
    assert!(
        listing(tmp.path()).is_empty(),
        "wrote {:?}",
        listing(tmp.path())
    );
}

#[test]
fn every_enumerated_value_is_accepted() {
    // The values clap lists are the ones the commands take: each is parsed, then the
    // command stops at a later, cheap refusal (nothing is simulated).
    let tmp = TempDir::new().unwrap();
    for m in ["broad", "partial", "separate"] {
        // Accepted, then refused for the option bench does not use (nothing runs).
        refused(
            tmp.path(),
            &["bench", "--model", m, "--out", "x"],
            &["does not use --out"],
        );
    }
    for o in [
        "finance_detected_share",
        "intake_wait_mean_weeks",
        "escalations_per_1000",
        "unresolved_debt_per_1000",
    ] {
        refused(
            tmp.path(),
            &[
                "pilot-size",
                "--model",
                "partial",
                "--against",
                "partial",
                "--outcome",
                o,
            ],
            &["a pilot compares two different models"],
        );
    }
    for lang in ["en", "nl"] {
        // Accepted; the missing folder is what is then refused.
        refused(
            tmp.path(),
            &["report", "no-such-run", "--lang", lang],
            &["error: no-such-run is not a folder"],
        );
    }
    assert!(listing(tmp.path()).is_empty());
}

#[test]
fn unused_options_are_named() {
    let tmp = TempDir::new().unwrap();
    refused(
        tmp.path(),
        &[
            "calibrate",
            "--out",
            "x",
            "--check-invariants",
            "--by-municipality",
        ],
        &["error: `wijksim calibrate` does not use --out, --check-invariants, --by-municipality"],
    );
    assert!(listing(tmp.path()).is_empty());
}

#[test]
fn a_flag_out_of_its_keys_range_names_the_range() {
    let tmp = TempDir::new().unwrap();
    refused(
        tmp.path(),
        &["run", "--reps", "0", "--out", "o"],
        &["error: --reps: 0 is out of range; allowed 1 to 100000"],
    );
    assert!(listing(tmp.path()).is_empty());
}

#[test]
fn a_bad_shard_says_what_is_allowed() {
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), 1);
    for shard in ["3/2", "0/4", "two"] {
        refused(
            tmp.path(),
            &[
                "sweep",
                file.to_str().unwrap(),
                "-q",
                "--out",
                "o",
                "--shard",
                shard,
            ],
            &[
                &format!("error: --shard {shard:?}"),
                "give K/N with 1 <= K <= N <= 100000",
            ],
        );
    }
    assert!(!tmp.path().join("o").exists());
}

#[test]
fn a_pilot_of_a_model_against_itself_is_refused() {
    let tmp = TempDir::new().unwrap();
    refused(
        tmp.path(),
        &["pilot-size", "--model", "separate", "--against", "separate"],
        &["error: --model separate --against separate: a pilot compares two different models"],
    );
    assert!(listing(tmp.path()).is_empty());
}

#[test]
fn a_changed_sweep_file_is_not_run() {
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), 1);
    let f = file.to_str().unwrap();
    refused(
        tmp.path(),
        &["sweep", f, "-q", "--out", "o", "--expect-sha256", "00ff"],
        &[
            "error: ",
            "changed since the job scripts were written (sha256 00ff then",
            "nothing was run",
        ],
    );
    refused(
        tmp.path(),
        &[
            "sweep",
            f,
            "-q",
            "--out",
            "o",
            "--expect-scenario-sha256",
            "00ff",
        ],
        &["its base scenario (sweep tiny) changed since the job scripts were written"],
    );
    assert!(!tmp.path().join("o").exists());
}

#[test]
fn a_sweep_folder_with_units_needs_resume_and_another_sweeps_is_refused() {
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), 1);
    let f = file.to_str().unwrap();
    wijksim(tmp.path())
        .args(["sweep", f, "-q", "--out", "o"])
        .assert()
        .success();
    refused(
        tmp.path(),
        &["sweep", f, "-q", "--out", "o"],
        &[
            "already holds 2 finished unit(s) of this sweep",
            "add --resume to continue it, or choose another --out",
        ],
    );
    let other = sweep_file(tmp.path(), 2);
    refused(
        tmp.path(),
        &[
            "sweep",
            other.to_str().unwrap(),
            "-q",
            "--resume",
            "--out",
            "o",
        ],
        &["belongs to a different sweep", "choose another --out"],
    );
}

#[test]
fn a_folder_of_other_files_is_not_written_into() {
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), 1);
    fs::create_dir(tmp.path().join("o")).unwrap();
    fs::write(tmp.path().join("o/notes.txt"), "mine").unwrap();
    refused(
        tmp.path(),
        &["sweep", file.to_str().unwrap(), "-q", "--out", "o"],
        &[
            "notes.txt",
            "a sweep there would replace or mix with it: choose another folder with --out, \
             or add --force to write there anyway",
        ],
    );
    assert_eq!(listing(&tmp.path().join("o")), [PathBuf::from("notes.txt")]);
}

#[test]
fn slurm_options_the_scripts_cannot_carry_are_refused() {
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), 1);
    refused(
        tmp.path(),
        &[
            "slurm",
            file.to_str().unwrap(),
            "--shards",
            "2",
            "--out",
            "o",
            "--time",
            "1 day",
        ],
        &["error: --time \"1 day\": use letters, digits and - _ : . , only"],
    );
    assert!(!tmp.path().join("o/slurm").exists());
}

#[test]
fn check_refuses_a_folder() {
    let tmp = TempDir::new().unwrap();
    refused(
        tmp.path(),
        &["check", "."],
        &[
            "error: . is a directory; it must be a regular file: a scenario of at most",
            "MiB or a sweep file of at most 1 MiB",
        ],
    );
}

#[test]
fn check_refuses_a_sweep_file_over_its_limit() {
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), 1);
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str(&format!("# {}\n", "x".repeat(1 << 20)));
    fs::write(&file, text).unwrap();
    refused(
        tmp.path(),
        &["check", file.to_str().unwrap()],
        &["is too large (", "a sweep file must be at most 1 MiB"],
    );
}

#[test]
fn check_refuses_set_on_a_sweep_file() {
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), 1);
    refused(
        tmp.path(),
        &[
            "check",
            file.to_str().unwrap(),
            "--set",
            "team.caseload_cap=40",
        ],
        &["error: --set applies to scenarios; a sweep file sets values through its axes"],
    );
}
