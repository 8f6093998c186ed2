//! Sweeps end to end: bad sweep files exit 2 and write nothing; the final files, the
//! report among them, are the same bytes whether the sweep ran whole, in shards merged
//! later, on one thread or many, or was killed (`kill -9`, Ctrl-C) and resumed, or had
//! a torn journal record; `--no-report` skips the report;
//! merge refuses missing, duplicated and foreign shards; a shard runs in one process
//! at a time.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// Files every finished sweep writes (besides the manifest).
const FILES: &[&str] = &[
    "points.csv",
    "runs.csv",
    "sweep.resolved.toml",
    "report.html",
];

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sweep_tiny.toml")
}

/// A sweep file over the tiny scenario, written into `dir`.
fn sweep_file(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    let text = format!(
        "[sweep]\nscenario = {:?}\n{body}",
        tiny().display().to_string()
    );
    fs::write(&path, text).unwrap();
    path
}

const LHS: &str = "replications = 2\nseed = 11\ndesign = \"lhs\"\nsamples = 24\n\n\
[[axis]]\nparam = \"team.finance_detection_own\"\n\n\
[[axis]]\nparam = \"referral.central_duplicate_intake_hours\"\nrange = [0.5, 4.0]\n";

fn wijksim() -> Command {
    Command::cargo_bin("wijksim").unwrap()
}

/// `wijksim sweep FILE --out OUT`, for the caller to add flags to.
fn sweep_cmd(file: &Path, out: &Path) -> Command {
    let mut c = wijksim();
    c.arg("sweep").arg(file).arg("--out").arg(out);
    c
}

/// Every file a finished sweep's manifest lists, with its bytes (the manifest itself
/// records the command line, which differs between `sweep` and `merge`).
fn result_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let mut out: Vec<(String, Vec<u8>)> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let name = f["name"].as_str().unwrap().to_string();
            let bytes = fs::read(dir.join(&name)).unwrap();
            (name, bytes)
        })
        .collect();
    out.sort();
    out
}

fn assert_same(a: &Path, b: &Path) {
    let (x, y) = (result_files(a), result_files(b));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&x), names(&y));
    // The report is one of the files compared: it must not depend on how the
    // sweep ran either.
    assert!(
        names(&x).contains(&"report.html".to_string()),
        "{} has no report.html",
        a.display()
    );
    for ((name, p), (_, q)) in x.iter().zip(&y) {
        assert!(
            p == q,
            "{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

fn run_whole(file: &Path, out: &Path) {
    sweep_cmd(file, out).arg("-q").assert().success();
}

#[test]
fn a_sweep_writes_its_files_with_one_row_per_run() {
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), "s.toml", LHS);
    let out = tmp.path().join("out");
    sweep_cmd(&file, &out)
        .arg("-q")
        .assert()
        .success()
        .stdout(predicate::str::contains("Which model is best where"));
    for f in FILES.iter().chain(&["discovery.csv", "manifest.json"]) {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let runs = fs::read_to_string(out.join("runs.csv")).unwrap();
    // 24 points x 2 replications x 3 models, and a header.
    assert_eq!(runs.lines().count(), 1 + 24 * 2 * 3);
    let header = runs.lines().next().unwrap();
    assert!(header.starts_with("point,model,replication,seed,status,error,households,"));
    assert!(header.ends_with(",npv"));
    let points = fs::read_to_string(out.join("points.csv")).unwrap();
    let header = points.lines().next().unwrap();
    assert!(header.contains("param_team.finance_detection_own"));
    assert!(header.contains("npv_broad_minus_partial"));
    assert!(header.contains("best_model"));
    assert_eq!(points.lines().count(), 25);
    // Every sampled value lies in its range.
    let col = header
        .split(',')
        .position(|c| c == "param_referral.central_duplicate_intake_hours")
        .unwrap();
    for line in points.lines().skip(1) {
        let v: f64 = line.split(',').nth(col).unwrap().parse().unwrap();
        assert!((0.5..=4.0).contains(&v), "{v}");
    }
    let resolved = fs::read_to_string(out.join("sweep.resolved.toml")).unwrap();
    assert!(resolved.contains("# sweep file: s.toml (sha256 "));
    assert!(resolved.contains("range = [0.5, 4.0]"));
    // The registry's plausible range written out.
    assert!(resolved.contains("param = \"team.finance_detection_own\"\nrange = ["));
}

#[test]
fn shards_merged_threads_and_a_torn_record_give_the_same_bytes() {
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), "s.toml", LHS);
    let whole = tmp.path().join("whole");
    run_whole(&file, &whole);

    // Three shards in one folder, one with a single thread, merged.
    let split = tmp.path().join("split");
    for (k, threads) in [(3, "2"), (1, "1"), (2, "3")] {
        sweep_cmd(&file, &split)
            .args(["--shard", &format!("{k}/3"), "--threads", threads, "-q"])
            .assert()
            .success()
            .stdout(predicate::str::contains("wijksim merge"));
    }
    // Before the merge there are no final files.
    assert!(!split.join("runs.csv").exists());
    wijksim()
        .args(["merge", split.to_str().unwrap(), "-q"])
        .assert()
        .success();
    assert_same(&whole, &split);

    // Shard folders copied from "other machines", named one by one, merged elsewhere.
    let gathered = tmp.path().join("gathered");
    let mut args = vec!["merge".to_string()];
    for k in [2, 3, 1] {
        let from = split.join(format!("shard-{k}-of-3"));
        let to = tmp
            .path()
            .join(format!("machine{k}"))
            .join(format!("shard-{k}-of-3"));
        fs::create_dir_all(&to).unwrap();
        for f in ["journal", "sweep.toml", "scenario.toml", "manifest.json"] {
            fs::copy(from.join(f), to.join(f)).unwrap();
        }
        args.push(to.display().to_string());
    }
    wijksim()
        .args(&args)
        .args(["--out", gathered.to_str().unwrap(), "-q"])
        .assert()
        .success();
    assert_same(&whole, &gathered);

    // A torn last record (a kill in the middle of a write) is dropped and redone.
    let torn = tmp.path().join("torn");
    run_whole(&file, &torn);
    let journal = torn.join("shard-1-of-1/journal");
    let text = fs::read_to_string(&journal).unwrap();
    let last = text.trim_end().rfind('\n').unwrap() + 1;
    let cut = last + (text.len() - last) / 2;
    fs::write(&journal, &text.as_bytes()[..cut]).unwrap();
    sweep_cmd(&file, &torn)
        .args(["--resume", "-q"])
        .assert()
        .success();
    assert_same(&whole, &torn);
    // The resumed journal holds each unit once.
    let records = fs::read_to_string(&journal).unwrap().lines().count() - 1;
    assert_eq!(records, 48);
}

#[test]
fn no_report_skips_the_report_of_a_sweep_and_of_a_merge() {
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), "s.toml", LHS);
    let whole = tmp.path().join("whole");
    wijksim()
        .args(["sweep", file.to_str().unwrap(), "--out"])
        .arg(&whole)
        .args(["-q", "--no-report"])
        .assert()
        .success();
    let listed = |dir: &Path| {
        result_files(dir)
            .into_iter()
            .map(|(n, _)| n)
            .collect::<Vec<_>>()
    };
    assert!(whole.join("points.csv").is_file());
    assert!(!whole.join("report.html").exists());
    assert!(!listed(&whole).contains(&"report.html".to_string()));
    let split = tmp.path().join("split");
    for k in ["1/2", "2/2"] {
        wijksim()
            .args(["sweep", file.to_str().unwrap(), "--out"])
            .arg(&split)
            .args(["--shard", k, "-q"])
            .assert()
            .success();
    }
    wijksim()
        .arg("merge")
        .arg(&split)
        .args(["-q", "--no-report"])
        .assert()
        .success();
    assert!(!split.join("report.html").exists());
    assert_eq!(listed(&whole), listed(&split));
    // Merged again without the flag: the same files and the report.
    wijksim()
        .arg("merge")
        .arg(&split)
        .arg("-q")
        .assert()
        .success();
    assert!(listed(&split).contains(&"report.html".to_string()));
}

#[test]
fn merge_refuses_missing_duplicated_and_foreign_shards() {
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), "s.toml", LHS);
    let split = tmp.path().join("split");
    for k in [1, 2] {
        sweep_cmd(&file, &split)
            .args(["--shard", &format!("{k}/3"), "-q"])
            .assert()
            .success();
    }
    wijksim()
        .args(["merge", split.to_str().unwrap(), "-q"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("shard 3/3 is missing"));
    assert!(!split.join("runs.csv").exists());

    // A shard of another sweep (another seed).
    let other = sweep_file(
        tmp.path(),
        "other.toml",
        &LHS.replace("seed = 11", "seed = 12"),
    );
    let foreign = tmp.path().join("foreign");
    sweep_cmd(&other, &foreign)
        .args(["--shard", "3/3", "-q"])
        .assert()
        .success();
    wijksim()
        .args([
            "merge",
            split.to_str().unwrap(),
            foreign.join("shard-3-of-3").to_str().unwrap(),
        ])
        .arg("-q")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("different sweep"));

    // A shard folder whose copy of the sweep was changed after it was written.
    let tampered = tmp.path().join("tampered");
    copy_dir(&split, &tampered);
    let copy = tampered.join("shard-1-of-3/sweep.toml");
    let text = fs::read_to_string(&copy).unwrap();
    fs::write(&copy, text.replace("samples = 24", "samples = 25")).unwrap();
    wijksim()
        .args(["merge", tampered.to_str().unwrap(), "-q"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("shard-1-of-3 is not usable"));

    // The same shard twice.
    wijksim()
        .args([
            "merge",
            split.to_str().unwrap(),
            split.join("shard-1-of-3").to_str().unwrap(),
        ])
        .arg("-q")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("appears twice"));

    // An unfinished shard: its missing units are named.
    let journal = split.join("shard-2-of-3/journal");
    let text = fs::read_to_string(&journal).unwrap();
    let keep: Vec<&str> = text.lines().take(3).collect();
    fs::write(&journal, keep.join("\n") + "\n").unwrap();
    sweep_cmd(&file, &split)
        .args(["--shard", "3/3", "-q"])
        .assert()
        .success();
    wijksim()
        .args(["merge", split.to_str().unwrap(), "-q"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("units are not done yet"))
        .stderr(predicate::str::contains("--shard 2/3"));
}

#[test]
fn an_existing_journal_needs_resume_and_a_shard_runs_once() {
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), "s.toml", LHS);
    let out = tmp.path().join("out");
    run_whole(&file, &out);
    sweep_cmd(&file, &out)
        .arg("-q")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--resume"));
    // Resuming a finished sweep runs nothing and writes the same files.
    let before = result_files(&out);
    sweep_cmd(&file, &out)
        .args(["--resume", "-q"])
        .assert()
        .success();
    assert_eq!(before, result_files(&out));
    // The same folder with a changed sweep file: refused, the journal is not this sweep's.
    let changed = sweep_file(
        tmp.path(),
        "s.toml",
        &LHS.replace("samples = 24", "samples = 25"),
    );
    sweep_cmd(&changed, &out)
        .args(["--resume", "-q"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("belongs to a different sweep"));
}

/// A sweep long enough to be interrupted.
fn long_sweep(dir: &Path) -> PathBuf {
    sweep_file(
        dir,
        "long.toml",
        "replications = 4\nseed = 2\ndesign = \"lhs\"\nsamples = 600\n\n\
         [[axis]]\nparam = \"team.finance_detection_own\"\n",
    )
}

fn journal_records(out: &Path) -> usize {
    fs::read_to_string(out.join("shard-1-of-1/journal"))
        .map(|t| t.matches('\n').count().saturating_sub(1))
        .unwrap_or(0)
}

/// Start a sweep and wait until its journal holds at least `records` records.
fn start_and_wait(file: &Path, out: &Path, records: usize) -> std::process::Child {
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wijksim"))
        .args([
            "sweep",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while journal_records(out) < records {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the sweep did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[cfg(unix)]
#[test]
fn killed_or_interrupted_sweeps_resume_to_the_same_bytes() {
    let tmp = TempDir::new().unwrap();
    let file = long_sweep(tmp.path());
    let whole = tmp.path().join("whole");
    run_whole(&file, &whole);

    // kill -9 in the middle.
    let killed = tmp.path().join("killed");
    let mut child = start_and_wait(&file, &killed, 20);
    // A second process for the same shard is refused while the first runs.
    sweep_cmd(&file, &killed)
        .args(["--resume", "-q"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("another wijksim process"));
    child.kill().unwrap();
    child.wait().unwrap();
    let done = journal_records(&killed);
    assert!(
        done < 2400,
        "the sweep finished before the kill ({done} units)"
    );
    assert!(!killed.join("runs.csv").exists());
    sweep_cmd(&file, &killed)
        .args(["--resume", "-q"])
        .assert()
        .success();
    assert_same(&whole, &killed);

    // Ctrl-C: stops cleanly, says how to resume, exit code 130.
    let interrupted = tmp.path().join("interrupted");
    let child = start_and_wait(&file, &interrupted, 20);
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("--resume"), "{stderr}");
    assert!(journal_records(&interrupted) < 2400);
    sweep_cmd(&file, &interrupted)
        .args(["--resume", "-q"])
        .assert()
        .success();
    assert_same(&whole, &interrupted);
}

#[test]
fn sensitivity_designs_write_their_indices() {
    let tmp = TempDir::new().unwrap();
    let axes = "\n[[axis]]\nparam = \"team.finance_detection_own\"\n\n\
                [[axis]]\nparam = \"referral.central_duplicate_intake_hours\"\n";
    for (design, extra, indices) in [
        ("sobol", "samples = 16\n", &["S1", "ST"][..]),
        (
            "morris",
            "trajectories = 6\nlevels = 4\n",
            &["mu", "mu_star", "sigma"][..],
        ),
    ] {
        let file = sweep_file(
            tmp.path(),
            &format!("{design}.toml"),
            &format!("models = [\"partial\", \"separate\"]\ndesign = \"{design}\"\n{extra}{axes}"),
        );
        let out = tmp.path().join(design);
        sweep_cmd(&file, &out)
            .arg("-q")
            .assert()
            .success()
            .stdout(predicate::str::contains("is driven most by"));
        let csv = fs::read_to_string(out.join("sweep_indices.csv")).unwrap();
        assert!(csv.starts_with("parameter,outcome,index,value,low_95,high_95\n"));
        for index in indices {
            let row = format!("team.finance_detection_own,npv_partial,{index},");
            assert!(csv.contains(&row), "{design}: no {row} in\n{csv}");
        }
    }
    // One at a time around the base: a tornado.
    let file = sweep_file(
        tmp.path(),
        "oat.toml",
        "design = \"oat\"\n\n[[axis]]\nparam = \"team.caseload_cap\"\nvalues = [20, 40]\n\n\
         [[axis]]\nparam = \"referral.central_duplicate_intake_hours\"\nrange = [0.5, 4.0]\nsteps = 3\n",
    );
    let out = tmp.path().join("oat");
    run_whole(&file, &out);
    let csv = fs::read_to_string(out.join("sweep_indices.csv")).unwrap();
    assert!(csv.contains("team.caseload_cap,npv_broad,swing,"), "{csv}");
    let points = fs::read_to_string(out.join("points.csv")).unwrap();
    assert_eq!(points.lines().count(), 1 + 1 + 2 + 3);
}

/// Bad sweep files: exit 2, the file and line named, what is allowed said, nothing
/// written.
#[test]
fn malformed_sweep_files_are_refused_before_anything_runs() {
    let tmp = TempDir::new().unwrap();
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "unknown_param",
            "[[axis]]\nparam = \"team.caseload_cpa\"\nvalues = [1]\n",
            &["team.caseload_cpa", "did you mean", "team.caseload_cap", ":4"],
        ),
        (
            "empty_axis",
            "[[axis]]\nparam = \"team.caseload_cap\"\nvalues = []\n",
            &["empty", ":5"],
        ),
        (
            "out_of_range",
            "[[axis]]\nparam = \"team.finance_detection_own\"\nvalues = [0.2, 1.5]\n",
            &["1.5", "allowed", ":5"],
        ),
        (
            "not_power_of_two",
            "design = \"sobol\"\nsamples = 100\n[[axis]]\nparam = \"team.finance_detection_own\"\n",
            &["power of two", "64", "128", ":4"],
        ),
        (
            "no_plausible_range",
            "design = \"lhs\"\n[[axis]]\nparam = \"team.caseload_cap\"\n",
            &["no plausible range", "range = [low, high]"],
        ),
        (
            "no_axes",
            "design = \"grid\"\n",
            &["at least one [[axis]]"],
        ),
        (
            "unknown_key",
            "desing = \"grid\"\n[[axis]]\nparam = \"team.caseload_cap\"\nvalues = [1]\n",
            &["sweep.desing", "sweep.design", ":3"],
        ),
        (
            "samples_for_grid",
            "samples = 64\n[[axis]]\nparam = \"team.caseload_cap\"\nvalues = [20]\n",
            &["lhs and sobol", ":3"],
        ),
        (
            "switch_on_world",
            "[[axis]]\nparam = \"population.households\"\nvalues = [2000]\nat = \"switch\"\n",
            &["week 0", "only policy parameters"],
        ),
        (
            "values_for_lhs",
            "design = \"lhs\"\n[[axis]]\nparam = \"team.caseload_cap\"\nvalues = [20]\n",
            &["range = [low, high]"],
        ),
        (
            "grid_range_without_steps",
            "[[axis]]\nparam = \"team.caseload_cap\"\nrange = [20, 40]\n",
            &["steps"],
        ),
        (
            "unknown_model",
            "models = [\"broad\", \"wide\"]\n[[axis]]\nparam = \"team.caseload_cap\"\nvalues = [20]\n",
            &["wide", "\"partial\""],
        ),
    ];
    for (name, body, expected) in cases {
        let file = sweep_file(tmp.path(), &format!("{name}.toml"), body);
        let out = tmp.path().join(format!("out_{name}"));
        let assert = sweep_cmd(&file, &out).assert().code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains(&format!("{name}.toml")), "{name}: {stderr}");
        for e in *expected {
            assert!(stderr.contains(e), "{name}: no {e:?} in {stderr}");
        }
        assert!(!out.exists(), "{name}: something was written");
    }
    // Flags are checked too.
    let file = sweep_file(tmp.path(), "ok.toml", LHS);
    wijksim()
        .args(["sweep", file.to_str().unwrap(), "--shard", "4/3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1 <= K <= N"));
}

#[test]
fn slurm_scripts_are_written_for_the_sweep() {
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), "s.toml", LHS);
    let out = tmp.path().join("out");
    wijksim()
        .args([
            "slurm",
            file.to_str().unwrap(),
            "--shards",
            "4",
            "--max-running",
            "2",
        ])
        .args(["--out", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("sbatch --array=K"));
    let array = fs::read_to_string(out.join("slurm/sweep.sbatch")).unwrap();
    assert!(array.contains("#SBATCH --array=1-4%2"));
    assert!(array.contains("--shard \"${SLURM_ARRAY_TASK_ID}/4\" --resume"));
    assert!(out.join("slurm/merge.sbatch").is_file());
    assert!(out.join("slurm/submit.sh").is_file());
}

#[test]
fn a_merge_never_replaces_another_commands_result() {
    // A folder holds one result: merging a sweep into a folder that holds a `compare`
    // run is refused (exit 2, naming the folder and the command), and the run's files
    // stay as they were.
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), "s.toml", LHS);
    let split = tmp.path().join("split");
    sweep_cmd(&file, &split)
        .args(["--shard", "1/1", "-q"])
        .assert()
        .success();
    let run = tmp.path().join("run");
    let scenario = tiny();
    let listed = |dir: &Path| {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    wijksim()
        .arg("compare")
        .arg(&scenario)
        .args(["-q", "--no-report", "--out"])
        .arg(&run)
        .assert()
        .success();
    let before = listed(&run);
    let summary = fs::read(run.join("summary.csv")).unwrap();
    wijksim()
        .arg("merge")
        .arg(&split)
        .arg("--out")
        .arg(&run)
        .arg("-q")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("wijksim compare").and(predicate::str::contains("--out")));
    assert_eq!(listed(&run), before);
    assert_eq!(fs::read(run.join("summary.csv")).unwrap(), summary);
    // Into its own folder, or a new one, the merge goes ahead.
    wijksim()
        .arg("merge")
        .arg(&split)
        .arg("-q")
        .assert()
        .success();
}

/// The rows of a CSV file as maps from column to cell.
fn csv_rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn a_sweep_without_replications_runs_five_and_its_one_point_grid_is_compare() {
    // Issue 18: a point is a distribution, not one replication's luck. The tiny
    // scenario asks for 1 replication; a sweep file without `replications` runs at
    // least 5 per point, and its one-point grid at the scenario's own value gives, in
    // every outcome both files have, the very cells of `compare --reps 5`.
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(
        tmp.path(),
        "one.toml",
        "seed = 1\n\n[[axis]]\nparam = \"team.finance_detection_own\"\nvalues = [0.35]\n",
    );
    let out = tmp.path().join("sweep");
    sweep_cmd(&file, &out)
        .args(["-q", "--no-report"])
        .assert()
        .success();
    let runs = csv_rows(&out.join("runs.csv"));
    let reps: std::collections::BTreeSet<&str> =
        runs.iter().map(|r| r["replication"].as_str()).collect();
    assert_eq!(reps.len(), 5, "replications per point: {reps:?}");
    assert_eq!(runs.len(), 5 * 3);

    let cmp = tmp.path().join("compare");
    wijksim()
        .arg("compare")
        .arg(tiny())
        .args(["--reps", "5", "--seed", "1", "-q", "--no-report", "--out"])
        .arg(&cmp)
        .assert()
        .success();
    let summary = csv_rows(&cmp.join("summary.csv"));
    assert_eq!(summary.len(), runs.len());
    let shared: Vec<&String> = summary[0]
        .keys()
        .filter(|k| runs[0].contains_key(*k) && !["seed"].contains(&k.as_str()))
        .collect();
    assert!(shared.len() > 10, "shared columns: {shared:?}");
    for s in &summary {
        let r = runs
            .iter()
            .find(|r| r["model"] == s["model"] && r["replication"] == s["replication"])
            .unwrap_or_else(|| panic!("no sweep run for {} {}", s["model"], s["replication"]));
        for k in &shared {
            assert_eq!(
                r[k.as_str()],
                s[k.as_str()],
                "{k} of {} replication {}",
                s["model"],
                s["replication"]
            );
        }
    }
}

#[test]
fn a_model_is_best_only_where_its_paired_interval_excludes_zero() {
    // Issue 18: with replications, a point names a best model only where the 95%
    // interval of the leader's paired difference with the nearest model excludes zero
    // (and with every other); elsewhere "no clear winner". One replication has no
    // interval: no point has a winner.
    let tmp = TempDir::new().unwrap();
    let grid = "seed = 3\n\n[[axis]]\nparam = \"team.finance_detection_own\"\n\
                values = [0.2, 0.3, 0.4, 0.5]\n\n[[axis]]\n\
                param = \"referral.central_duplicate_intake_hours\"\nvalues = [0.5, 4.0]\n";
    let mut labels = std::collections::BTreeSet::new();
    // With the reference, over one year the NPV is mostly the set-up costs: a clear
    // winner. Without it, "best" is fewest households with unresolved debt; two
    // replications give an interval too wide to tell broad from partial at some points.
    for (i, (reps, models)) in [(1, ""), (6, ""), (2, "models = [\"broad\", \"partial\"]\n")]
        .into_iter()
        .enumerate()
    {
        let file = sweep_file(
            tmp.path(),
            &format!("r{i}.toml"),
            &format!("replications = {reps}\n{models}{grid}"),
        );
        let out = tmp.path().join(format!("r{i}"));
        sweep_cmd(&file, &out).arg("-q").assert().success();
        if reps == 1 {
            // The report says so, and counts no model as best.
            let html = fs::read_to_string(out.join("report.html")).unwrap();
            assert!(html.contains("No model comes out clearly best at any design point"));
            assert!(
                html.contains("No clear winner at 8 points (100%)"),
                "no count of unclear points"
            );
        }
        for row in csv_rows(&out.join("points.csv")) {
            let best = row["best_model"].as_str();
            let lo: f64 = row["best_margin_low_95"].parse().unwrap_or(f64::NAN);
            let hi: f64 = row["best_margin_high_95"].parse().unwrap_or(f64::NAN);
            if reps == 1 {
                assert_eq!(
                    best, "no clear winner",
                    "one replication at point {}",
                    row["point"]
                );
                continue;
            }
            assert!(lo <= hi, "interval [{lo}, {hi}]");
            if best == "no clear winner" {
                // Some comparison includes zero; for the nearest model it is often this one.
                assert!(lo.is_finite());
            } else {
                assert!(["broad", "partial", "separate"].contains(&best), "{best}");
                assert!(
                    lo > 0.0,
                    "{best} best at point {} with [{lo}, {hi}]",
                    row["point"]
                );
            }
            labels.insert(best.to_string());
        }
    }
    // Both kinds of point occur in this grid: a clear winner and none.
    assert!(labels.contains("no clear winner"), "{labels:?}");
    assert!(labels.len() >= 2, "{labels:?}");
}

/// The names and bytes of every file under `dir`, recursively, sorted.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = fs::read(&p).unwrap();
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_job_refuses_a_sweep_file_changed_after_wijksim_slurm() {
    // Issue 18: jobs once ran an edited sweep file (seed 3 -> 4) while the scripts'
    // manifest recorded seed 3. The array task's own command line, run as Slurm runs
    // it, refuses (exit 2, nothing written) once the sweep file or its scenario
    // changed, and runs when both are as they were.
    let tmp = TempDir::new().unwrap();
    let scenario = tmp.path().join("tiny.toml");
    fs::copy(tiny(), &scenario).unwrap();
    let file = tmp.path().join("s.toml");
    let text = format!("[sweep]\nscenario = \"tiny.toml\"\n{LHS}");
    fs::write(&file, &text).unwrap();
    let out = tmp.path().join("out");
    wijksim()
        .args(["slurm", file.to_str().unwrap(), "--shards", "2"])
        .args(["--out", out.to_str().unwrap()])
        .assert()
        .success();
    let script = fs::read_to_string(out.join("slurm/sweep.sbatch")).unwrap();
    let exec = script
        .lines()
        .find(|l| l.starts_with("exec "))
        .expect("the array's command")
        .to_string();
    let task = |k: &str| {
        std::process::Command::new("bash")
            .arg("-c")
            .arg(&exec)
            .env("SLURM_ARRAY_TASK_ID", k)
            .env("SLURM_CPUS_PER_TASK", "1")
            .output()
            .unwrap()
    };
    let manifest = fs::read(out.join("slurm/manifest.json")).unwrap();
    assert!(String::from_utf8_lossy(&manifest).contains("scenario_sha256"));
    let before = tree(&out);

    fs::write(&file, text.replace("seed = 11", "seed = 12")).unwrap();
    let o = task("1");
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("changed since") && err.contains("wijksim slurm"),
        "{err}"
    );
    assert_eq!(tree(&out), before, "nothing written");

    fs::write(&file, &text).unwrap();
    let base = fs::read_to_string(&scenario).unwrap();
    fs::write(
        &scenario,
        base.replace("households = 1500", "households = 1600"),
    )
    .unwrap();
    let o = task("2");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("base scenario"));
    assert_eq!(tree(&out), before, "nothing written");

    // As they were: both shards run, and the merge gives the local run's bytes.
    fs::write(&scenario, &base).unwrap();
    for k in ["1", "2"] {
        let o = task(k);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    wijksim()
        .arg("merge")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    let local = tmp.path().join("local");
    run_whole(&file, &local);
    assert_same(&local, &out);
}

#[test]
fn sweep_and_compare_refuse_a_folder_of_another_kind_or_of_others_files() {
    // Issue 18: a folder holds one result. `sweep --out` into a comparison's folder,
    // `compare --out` into a sweep's, and either into a folder with files wijksim did
    // not write are refused (exit 2, naming what is there, suggesting --out and
    // --force), leaving the folder as it was; `compare` into its own folder replaces
    // its previous result (the output/default workflow).
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(tmp.path(), "s.toml", LHS);
    let compare = |out: &Path| {
        let mut c = wijksim();
        c.arg("compare")
            .arg(tiny())
            .args(["-q", "--no-report", "--out"])
            .arg(out);
        c
    };
    let run = tmp.path().join("run");
    compare(&run).assert().success();
    let before = tree(&run);
    sweep_cmd(&file, &run).arg("-q").assert().code(2).stderr(
        predicate::str::contains("wijksim compare")
            .and(predicate::str::contains("summary.csv"))
            .and(predicate::str::contains("--out"))
            .and(predicate::str::contains("--force")),
    );
    assert_eq!(tree(&run), before, "the comparison is unchanged");
    // Its own command again: replaced, as ever.
    compare(&run).arg("--reps").arg("2").assert().success();
    assert_ne!(tree(&run), before);

    let swept = tmp.path().join("swept");
    run_whole(&file, &swept);
    let before = tree(&swept);
    // `wijksim slurm` refuses a comparison's folder too, before any job is submitted.
    wijksim()
        .args(["slurm", file.to_str().unwrap(), "--shards", "2", "--out"])
        .arg(&run)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("wijksim compare"));
    assert!(!run.join("slurm").exists());
    compare(&swept)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("wijksim sweep").and(predicate::str::contains("--force")));
    assert_eq!(tree(&swept), before, "the sweep is unchanged");

    let mine = tmp.path().join("mine");
    fs::create_dir_all(&mine).unwrap();
    fs::write(mine.join("thesis.docx"), b"years of work").unwrap();
    for mut c in [compare(&mine), {
        let mut s = sweep_cmd(&file, &mine);
        s.arg("-q");
        s
    }] {
        c.assert().code(2).stderr(
            predicate::str::contains("thesis.docx").and(predicate::str::contains("did not write")),
        );
    }
    assert_eq!(
        tree(&mine),
        vec![(mine.join("thesis.docx"), b"years of work".to_vec())]
    );
    // --force writes beside them, and keeps them.
    compare(&mine).arg("--force").assert().success();
    assert_eq!(
        fs::read(mine.join("thesis.docx")).unwrap(),
        b"years of work"
    );
}

/// Every file in `tests/bad_sweeps/`: the file, texts stderr must contain, and its line.
const BAD_SWEEPS: &[(&str, &[&str], usize)] = &[
    (
        "control_character_in_param.toml",
        &["\\u{1b}[2Jteam.caseload_cap"],
        7,
    ),
    (
        "nul_byte_in_comment.toml",
        &["TOML syntax error: the control character \\u{0} is not allowed"],
        1,
    ),
    (
        "design_wrong_type.toml",
        &[
            "key `sweep.design`: expected a quoted design name",
            "found integer",
        ],
        4,
    ),
    (
        "sobol_samples_too_few.toml",
        &["Sobol' N = 2 is too few", "at least 8", "A and B"],
        5,
    ),
    (
        "axis_not_tables.toml",
        &["key `axis`: expected tables", "found array"],
        2,
    ),
];

#[test]
fn hostile_sweep_files_get_short_safe_messages_and_write_nothing() {
    // Issue 18 item 7 (and 6): each file of tests/bad_sweeps is refused by `sweep` and
    // by `check` alike, exit 2, naming the file and line, with what is wrong in words,
    // control characters escaped and nothing written.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_sweeps");
    let mut on_disk: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = BAD_SWEEPS.iter().map(|(f, _, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "tests/bad_sweeps and BAD_SWEEPS disagree");
    let tmp = TempDir::new().unwrap();
    for (file, expected, line) in BAD_SWEEPS {
        let path = dir.join(file);
        let out = tmp.path().join(file);
        let swept = sweep_cmd(&path, &out).output().unwrap();
        let checked = wijksim().arg("check").arg(&path).output().unwrap();
        for (cmd, o) in [("sweep", &swept), ("check", &checked)] {
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{file}: {cmd}: {err}");
            assert!(
                err.contains(&format!("{}:{line}:", path.display())),
                "{file}: {cmd} names no line {line}: {err}"
            );
            for e in *expected {
                assert!(err.contains(e), "{file}: {cmd}: no {e:?} in {err}");
            }
            assert!(
                !o.stderr.iter().any(|&b| b < 0x20 && b != b'\n'),
                "{file}: {cmd} echoed a raw control character: {err:?}"
            );
        }
        assert!(!out.exists(), "{file}: something was written");
    }
}

#[test]
fn a_huge_key_is_answered_short_and_check_decides_sweep_or_scenario_by_content() {
    // Issue 18 item 7: a 1M-character key (in a sweep file and in a scenario) gets a
    // short message quoting its first characters and its length, with no "did you
    // mean" search over it; `check` tells an over-1-MiB sweep file the sweep limit,
    // and a FIFO both limits, instead of reading them as scenarios.
    let tmp = TempDir::new().unwrap();
    let key = "x".repeat(1_000_000);
    let sweep = sweep_file(
        tmp.path(),
        "huge_key.toml",
        &format!("{key} = 1\n[[axis]]\nparam = \"team.caseload_cap\"\nvalues = [20]\n"),
    );
    let scenario = tmp.path().join("huge_key_scenario.toml");
    fs::write(&scenario, format!("[run]\n{key} = 1\n")).unwrap();
    for (cmd, path) in [("sweep", &sweep), ("check", &sweep), ("check", &scenario)] {
        let o = wijksim().arg(cmd).arg(path).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {err}");
        assert!(err.len() < 600, "{cmd}: {} bytes of message", err.len());
        assert!(
            err.contains("characters)") && err.contains("xxxxxxxxxx"),
            "{cmd}: {err}"
        );
        assert!(!err.contains("did you mean"), "{cmd}: {err}");
    }

    let big = sweep_file(
        tmp.path(),
        "big.toml",
        &format!(
            "[[axis]]\nparam = \"team.caseload_cap\"\nvalues = [20]\n{}\n",
            "#".repeat(1_100_000)
        ),
    );
    wijksim().arg("check").arg(&big).assert().code(2).stderr(
        predicate::str::contains("a sweep file must be at most 1 MiB")
            .and(predicate::str::contains("unknown key").not()),
    );
    #[cfg(unix)]
    {
        let fifo = tmp.path().join("fifo.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        wijksim().arg("check").arg(&fifo).assert().code(2).stderr(
            predicate::str::contains("a scenario of at most 4 MiB")
                .and(predicate::str::contains("a sweep file of at most 1 MiB")),
        );
    }
}

#[test]
fn an_inline_array_of_axis_tables_is_the_same_sweep_as_double_brackets() {
    // Issue 18 item 7: `axis = [{ ... }]` is valid TOML for the same value as
    // [[axis]], and gives the same sweep: the same points and runs, byte for byte.
    let tmp = TempDir::new().unwrap();
    let tables = sweep_file(
        tmp.path(),
        "tables.toml",
        "replications = 2\n\n[[axis]]\nparam = \"team.caseload_cap\"\nvalues = [20, 40]\n",
    );
    let inline = tmp.path().join("inline.toml");
    fs::write(
        &inline,
        format!(
            "axis = [{{ param = \"team.caseload_cap\", values = [20, 40] }}]\n\n[sweep]\n\
             scenario = {:?}\nreplications = 2\n",
            tiny().display().to_string()
        ),
    )
    .unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    run_whole(&tables, &a);
    run_whole(&inline, &b);
    // In a scenario too: `municipality = [{ ... }]` is [[municipality]].
    let inline_m = tmp.path().join("inline_m.toml");
    let tables_m = tmp.path().join("tables_m.toml");
    fs::write(
        &inline_m,
        "municipality = [{ name = \"A\", households = 2000 }, { name = \"B\", households = 3000 }]\n",
    )
    .unwrap();
    fs::write(
        &tables_m,
        "[[municipality]]\nname = \"A\"\nhouseholds = 2000\n\n[[municipality]]\nname = \"B\"\nhouseholds = 3000\n",
    )
    .unwrap();
    let said = |p: &Path| {
        let o = wijksim().arg("check").arg(p).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).replace(&p.display().to_string(), "FILE")
    };
    assert_eq!(said(&inline_m), said(&tables_m));
    assert!(said(&inline_m).contains("in 2 municipalities"));
    // (The report and the resolved file name the sweep file's hash, which differs.)
    for f in ["points.csv", "runs.csv"] {
        assert!(
            fs::read(a.join(f)).unwrap() == fs::read(b.join(f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn a_large_design_states_its_units_and_an_estimated_time_first() {
    // Issue 18 item 6: a 33.5-million-unit design once started with no estimate. A design
    // of 1,000 units or more times one unit here and says how many units and about how
    // long before it starts (here one shard of it, so the test runs one unit).
    let tmp = TempDir::new().unwrap();
    let file = sweep_file(
        tmp.path(),
        "large.toml",
        "replications = 1\ndesign = \"lhs\"\nsamples = 1200\n\n[[axis]]\n\
         param = \"team.finance_detection_own\"\n",
    );
    let out = tmp.path().join("out");
    let o = sweep_cmd(&file, &out)
        .args(["--shard", "1/1200"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("1200 units (1 in this shard); one took"),
        "{err}"
    );
    assert!(
        err.contains("so about") && err.contains("thread(s)"),
        "{err}"
    );
    // Small designs start without it.
    let small = sweep_file(tmp.path(), "small.toml", LHS);
    let o = sweep_cmd(&small, &tmp.path().join("small"))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stderr).contains("one took"));
}
