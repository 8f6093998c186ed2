//! The `wijksim` binary end to end: bad input exits 2 and writes nothing, runtime
//! failures exit 1, `compare` and `run` write the documented files, runs are
//! reproducible, and the help and parameter listings say what they should.
//!
//! Every test works in its own temporary folder and passes `--out` explicitly, so
//! nothing is written into the repository.

use assert_cmd::Command;
use predicates::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use wijksim::outcomes::{OUTCOMES, SERIES};
use wijksim::scenario::PARAMS;

/// Files every `compare` and `run` writes (`report.html` unless `--no-report`).
const CORE_FILES: &[&str] = &[
    "summary.csv",
    "summary_stats.csv",
    "timeseries.csv",
    "scenario.resolved.toml",
    "report.html",
    "manifest.json",
];

/// Files of the societal cost-benefit analysis, written next to the core files
/// (`mkba_summary.csv` only when there is a comparison to appraise).
const MKBA_FILES: &[&str] = &[
    "mkba.csv",
    "mkba_summary.csv",
    "mkba_horizons.csv",
    "mkba_sensitivity.csv",
    "recommendation.json",
];

/// Columns `summary.csv` must have besides `model,replication,seed`.
const REQUIRED_OUTCOMES: &[&str] = &[
    "households",
    "unresolved_debt_households",
    "unresolved_debt_eur",
    "escalations_per_1000",
    "escalations_ggz",
    "escalations_youth",
    "escalations_eviction",
    "intake_wait_mean_weeks",
    "intake_wait_p90_weeks",
    "referral_wait_mean_weeks",
    "finance_detected_share",
    "dropouts",
    "staff_turnover",
    "vacancy_weeks",
    "mean_caseload",
];

const STATS_HEADER: &str =
    "model,outcome,mean,sd,ci95_low,ci95_high,n,reference,diff_mean,diff_ci95_low,diff_ci95_high";

/// Every file in `tests/bad_scenarios/`: the file, a text stderr must contain (the
/// offending key, or the kind of error where there is no key) and the line the error
/// must point at.
const BAD_SCENARIOS: &[(&str, &str, Option<usize>)] = &[
    (
        "syntax_error_missing_equals.toml",
        "TOML syntax error",
        Some(3),
    ),
    ("syntax_error_duplicate_key.toml", "caseload_cap", Some(4)),
    (
        "unknown_key_near_miss_househods.toml",
        "unknown key `population.househods` (did you mean `population.households`?)",
        Some(3),
    ),
    (
        "unknown_key_no_near_miss.toml",
        "unknown key `team.favourite_colour`",
        Some(3),
    ),
    ("unknown_section.toml", "unknown key `weather`", Some(2)),
    (
        "wrong_type_string_for_number.toml",
        "key `population.households`",
        Some(3),
    ),
    (
        "wrong_type_float_for_integer.toml",
        "key `districts.teams`",
        Some(3),
    ),
    (
        "wrong_type_number_for_bool.toml",
        "key `linkage.separate.early_closure`",
        Some(3),
    ),
    (
        "wrong_type_number_for_text.toml",
        "key `scenario.name`",
        Some(3),
    ),
    (
        "wrong_type_table_for_value.toml",
        "key `team.caseload_cap`",
        Some(3),
    ),
    (
        "wrong_type_string_for_team_list.toml",
        "key `policy.pilot_teams`",
        Some(3),
    ),
    ("array_of_tables.toml", "key `team.caseload_cap`", Some(2)),
    (
        "municipality_missing_households.toml",
        "every [[municipality]] needs `households`",
        Some(6),
    ),
    ("package_named_twice.toml", "two packages are named", Some(6)),
    (
        "package_sets_a_world_parameter.toml",
        "package.set.problems.finance.onset_per_year",
        Some(10),
    ),
    (
        "package_without_the_reference.toml",
        "every package is compared with the reference",
        None,
    ),
    (
        "package_named_after_another_model.toml",
        "is the plain model partial",
        Some(6),
    ),
    (
        "municipality_named_twice.toml",
        "municipality \"Aa\" appears twice",
        Some(6),
    ),
    (
        "municipality_unknown_key.toml",
        "unknown key `municipality.household` (did you mean `municipality.households`?)",
        Some(4),
    ),
    (
        "municipality_zero_households.toml",
        "key `municipality.households`: 0 is out of range",
        Some(4),
    ),
    (
        "municipality_single_table.toml",
        "expected tables written [[municipality]]",
        Some(2),
    ),
    (
        "municipality_too_many_computed_teams.toml",
        "at most 254 teams per municipality",
        Some(3),
    ),
    (
        "municipality_more_teams_than_households.toml",
        "municipality \"Tiny\"",
        Some(6),
    ),
    (
        "probability_above_one.toml",
        "key `linkage.broad.finance_detection`",
        Some(3),
    ),
    ("negative_count.toml", "key `team.caseload_cap`", Some(3)),
    ("zero_teams.toml", "key `districts.teams`", Some(3)),
    ("zero_replications.toml", "key `run.replications`", Some(3)),
    (
        "not_a_number_float.toml",
        "key `problems.onset_severity`",
        Some(3),
    ),
    (
        "team_number_zero_in_list.toml",
        "key `policy.pilot_teams`",
        Some(3),
    ),
    (
        "invalid_reference_model.toml",
        "key `run.reference_model`",
        Some(3),
    ),
    (
        "more_teams_than_households.toml",
        "key `districts.teams`",
        Some(6),
    ),
    (
        "composition_shares_not_summing_to_one.toml",
        "key `population.share_single`",
        Some(3),
    ),
    (
        "benefit_plus_sickness_above_one.toml",
        "key `population.share_sickness`: share_benefit + share_sickness must not exceed 1 (they are 0.6 + 0.5)",
        Some(4),
    ),
    (
        "pilot_team_beyond_team_count.toml",
        "key `policy.pilot_teams`",
        Some(6),
    ),
    (
        "status_quo_team_both_partial_and_broad.toml",
        "key `run.status_quo_broad_teams`",
        Some(4),
    ),
    (
        "name_with_control_character.toml",
        "key `scenario.name`: text with the control character U+0000",
        Some(4),
    ),
    (
        "pilot_team_listed_twice.toml",
        "key `policy.pilot_teams`: team 1 is listed twice",
        Some(3),
    ),
    (
        "status_quo_team_listed_twice.toml",
        "key `run.status_quo_partial_teams`: team 2 is listed twice",
        Some(3),
    ),
    (
        "integer_too_large.toml",
        "key `population.households`: number too large to fit in target type; allowed 1 to 20000000",
        Some(3),
    ),
    (
        "float_too_large.toml",
        "key `team.effect_per_hour`",
        Some(3),
    ),
    (
        "mkba_horizon_without_a_whole_year.toml",
        "key `mkba.horizon_years`: an MKBA horizon of 100 years",
        Some(6),
    ),
    (
        "municipality_names_differ_only_in_spaces.toml",
        "differs from \"Den Bosch\" only in spaces",
        Some(6),
    ),
    (
        "description_with_newline.toml",
        "key `scenario.description`: text with the control character U+000A",
        Some(3),
    ),
    (
        "uncertainty_range_reversed.toml",
        "key `uncertainty.team.finance_detection_own`: [0.5, 0.2] is out of range; allowed low <= high",
        Some(3),
    ),
    (
        "uncertainty_unknown_key.toml",
        "unknown key `uncertainty.team.finance_detection` (did you mean `team.finance_detection_own`?)",
        Some(3),
    ),
    (
        "invalid_utf8.toml",
        "is not valid UTF-8: invalid byte at line 3",
        None,
    ),
    (
        "wi_posts_per_team_exceeds_wi_posts.toml",
        "key `linkage.partial.wi_posts_per_team`",
        Some(11),
    ),
    (
        "too_many_staff_posts.toml",
        "key `debt_help.counsellors_per_1000`: these values need up to",
        Some(11),
    ),
];

fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn workshop() -> PathBuf {
    repo_path("scenarios/workshop.toml")
}

fn wijksim() -> Command {
    Command::cargo_bin("wijksim").expect("the wijksim binary is built for integration tests")
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Names of the files in `dir`.
fn listing(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// The rows of a CSV file written by wijksim (no quoting: names and numbers only).
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert!(
        !text.contains('"'),
        "{}: unexpected quoting",
        path.display()
    );
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// `wijksim compare workshop.toml --reps <reps> --out <out>` plus `extra`, expecting success.
fn compare_workshop(out: &Path, reps: u32, extra: &[&str]) -> std::process::Output {
    let output = wijksim()
        .arg("compare")
        .arg(workshop())
        .args(["--reps", &reps.to_string(), "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "compare failed ({:?}):\n{}",
        output.status,
        stderr_of(&output)
    );
    output
}

fn assert_core_files_and_no_temporaries(dir: &Path) {
    let files = listing(dir);
    for f in CORE_FILES {
        assert!(files.contains(*f), "{f} missing from {files:?}");
    }
    let known: BTreeSet<&str> = CORE_FILES.iter().chain(MKBA_FILES).copied().collect();
    for f in &files {
        // The lock file stays on purpose (deleting lock files races); nothing else
        // hidden may be left.
        if f == ".wijksim.lock" {
            continue;
        }
        assert!(!f.starts_with('.'), "leftover temporary file {f}");
        assert!(known.contains(f.as_str()), "unexpected file {f}");
    }
    // The set is whole: every file the manifest lists is there, with its hash.
    wijksim::output::verify(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
}

// ------------------------------------------------------------------ bad input

#[test]
fn bad_scenario_table_covers_every_file() {
    let dir = repo_path("tests/bad_scenarios");
    let on_disk: BTreeSet<String> = listing(&dir)
        .into_iter()
        .filter(|f| f.ends_with(".toml"))
        .collect();
    let in_table: BTreeSet<String> = BAD_SCENARIOS
        .iter()
        .map(|(f, _, _)| f.to_string())
        .collect();
    assert_eq!(
        in_table.len(),
        BAD_SCENARIOS.len(),
        "a file is listed twice"
    );
    assert_eq!(
        on_disk, in_table,
        "tests/bad_scenarios and BAD_SCENARIOS disagree"
    );
    assert!(on_disk.len() >= 18);
}

#[test]
fn bad_scenarios_exit_2_name_file_key_line_and_write_nothing() {
    let mut failures = Vec::new();
    for &(file, expect, line) in BAD_SCENARIOS {
        let path = repo_path("tests/bad_scenarios").join(file);
        let tmp = TempDir::new().unwrap();
        let out_dir = tmp.path().join("out");
        let shown = path.display().to_string();
        let location = match line {
            Some(l) => format!("error: {shown}:{l}:"),
            None => format!("error: {shown}"),
        };

        let compare = wijksim()
            .arg("compare")
            .arg(&path)
            .arg("--out")
            .arg(&out_dir)
            .output()
            .unwrap();
        let check = wijksim().arg("check").arg(&path).output().unwrap();

        for (cmd, out) in [("compare", &compare), ("check", &check)] {
            let err = stderr_of(out);
            if out.status.code() != Some(2) {
                failures.push(format!(
                    "{file}: {cmd} exited {:?}, want 2\n{err}",
                    out.status
                ));
            }
            if !err.contains(&location) {
                failures.push(format!("{file}: {cmd} stderr lacks `{location}`:\n{err}"));
            }
            if !err.contains(expect) {
                failures.push(format!("{file}: {cmd} stderr lacks `{expect}`:\n{err}"));
            }
        }
        if out_dir.exists() {
            failures.push(format!("{file}: compare created {}", out_dir.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn missing_scenario_file_exits_2_and_names_it() {
    let tmp = TempDir::new().unwrap();
    let missing = tmp.path().join("no_such_scenario.toml");
    let out_dir = tmp.path().join("out");
    wijksim()
        .arg("compare")
        .arg(&missing)
        .arg("--out")
        .arg(&out_dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(missing.display().to_string()));
    assert!(!out_dir.exists());
    wijksim()
        .arg("check")
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(missing.display().to_string()));
}

#[test]
fn scenario_path_that_is_a_folder_exits_2() {
    let tmp = TempDir::new().unwrap();
    let out_dir = tmp.path().join("out");
    wijksim()
        .arg("compare")
        .arg(tmp.path())
        .arg("--out")
        .arg(&out_dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is a directory; it must be a regular file",
        ));
    assert!(!out_dir.exists());
}

#[test]
fn special_files_are_refused_at_once() {
    // A FIFO would block a plain read forever and /dev/zero would fill memory: both are
    // refused before anything is read. A watchdog turns a regression into a failure.
    let tmp = TempDir::new().unwrap();
    let fifo = tmp.path().join("scenario.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let mut paths = vec![PathBuf::from("/dev/zero")];
    if made.map(|s| s.success()).unwrap_or(false) {
        paths.push(fifo);
    }
    for path in paths {
        let (tx, rx) = std::sync::mpsc::channel();
        let p = path.clone();
        std::thread::spawn(move || {
            let out = wijksim().arg("check").arg(&p).output().unwrap();
            let _ = tx.send(out);
        });
        let out = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("`wijksim check {}` did not return", path.display()));
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("it must be a regular file"), "{err}");
    }
}

#[test]
fn flags_are_blamed_as_flags_with_their_range() {
    for (args, expect) in [
        (
            &["--reps", "0"][..],
            "error: --reps: 0 is out of range; allowed 1 to 100000",
        ),
        (
            &["--reps", "1000000000"],
            "error: --reps: 1000000000 is out of range",
        ),
        (
            &["--seed", "9007199254740992"],
            "error: --seed: 9007199254740992 is out of range; allowed 0 to 9007199254740991",
        ),
        (
            &["--seed", "18446744073709551615"],
            "error: --seed: 18446744073709551615 is out of range",
        ),
    ] {
        let tmp = TempDir::new().unwrap();
        let out_dir = tmp.path().join("out");
        let out = wijksim()
            .arg("compare")
            .arg(workshop())
            .args(args)
            .arg("--out")
            .arg(&out_dir)
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(!out_dir.exists());
    }
}

#[test]
fn a_scenario_name_chooses_no_path() {
    // Without --out the folder is output/ plus a safe form of the name: `../../x`,
    // an absolute path or an empty name never write outside output/.
    for (name, folder) in [("../../x", "x"), ("/tmp/abs", "tmp_abs"), ("", "scenario")] {
        let tmp = TempDir::new().unwrap();
        let file = tmp.path().join("s.toml");
        fs::write(
            &file,
            format!(
                "[scenario]\nname = {name:?}\n[population]\nhouseholds = 600\n[districts]\nteams = 1\n\
                 [run]\nreplications = 1\nwarmup_weeks = 4\nhorizon_weeks = 8\n[wi]\nsupport_posts_per_1000 = 5.0\n"
            ),
        )
        .unwrap();
        let work = tmp.path().join("work");
        fs::create_dir(&work).unwrap();
        let out = wijksim()
            .current_dir(&work)
            .args(["compare", "--quiet"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{name:?}: {}", stderr_of(&out));
        let written = work.join("output").join(folder);
        assert!(
            written.join("summary.csv").exists(),
            "{name:?}: {}",
            written.display()
        );
        // Nothing beside the work folder but the scenario file.
        assert_eq!(
            listing(tmp.path()),
            ["s.toml", "work"].iter().map(|s| s.to_string()).collect()
        );
        assert_eq!(
            listing(&work.join("output")),
            [folder.to_string()].into_iter().collect()
        );
    }
}

#[test]
fn bad_set_arguments_exit_2_and_write_nothing() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--set", "nonsense"],
            &["--set `nonsense`", "key.path=value"],
        ),
        (&["--set", "=3"], &["--set `=3`", "key.path=value"]),
        (
            &["--set", "team.caseload_capp=3"],
            &[
                "unknown key `team.caseload_capp`",
                "did you mean `team.caseload_cap`",
            ],
        ),
        (
            &["--set", "team.caseload_cap=abc"],
            &[
                "--set",
                "key `team.caseload_cap`",
                "expected a whole number",
            ],
        ),
        (
            &["--set", "team.caseload_cap=-1"],
            &["--set", "key `team.caseload_cap`", "out of range"],
        ),
        (
            &["--set", "run.reference_model=hybrid"],
            &["key `run.reference_model`", "out of range"],
        ),
    ];
    for (args, expects) in cases {
        let tmp = TempDir::new().unwrap();
        let out_dir = tmp.path().join("out");
        let out = wijksim()
            .arg("compare")
            .arg(workshop())
            .args(*args)
            .arg("--out")
            .arg(&out_dir)
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        for e in *expects {
            assert!(err.contains(e), "{args:?}: stderr lacks `{e}`:\n{err}");
        }
        assert!(!out_dir.exists(), "{args:?} created the output folder");

        // `check` takes --set too (but not --reps).
        if args[0] == "--set" {
            wijksim()
                .arg("check")
                .arg(workshop())
                .args(*args)
                .assert()
                .code(2);
        }
    }
}

#[test]
fn unknown_model_name_on_the_command_line_exits_2() {
    let tmp = TempDir::new().unwrap();
    let out_dir = tmp.path().join("out");
    wijksim()
        .arg("run")
        .arg(workshop())
        .args(["--model", "hybrid", "--out"])
        .arg(&out_dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("hybrid"));
    assert!(!out_dir.exists());
}

// ------------------------------------------------------------------ runtime failure

#[test]
fn output_folder_below_a_regular_file_exits_1_and_names_it() {
    let tmp = TempDir::new().unwrap();
    let file = tmp.path().join("F");
    fs::write(&file, "not a folder").unwrap();
    let out_dir = file.join("sub");
    wijksim()
        .arg("compare")
        .arg(workshop())
        .args(["--reps", "1", "--out"])
        .arg(&out_dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(out_dir.display().to_string()));
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a folder");
}

// ------------------------------------------------------------------ outputs

#[test]
fn compare_workshop_writes_the_documented_files() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("out");
    let out = compare_workshop(&dir, 3, &[]);

    // Exactly the core files plus the cost-benefit files; no temporaries left.
    let expected: BTreeSet<String> = CORE_FILES
        .iter()
        .chain(MKBA_FILES)
        .chain(&[".wijksim.lock"])
        .map(|s| s.to_string())
        .collect();
    assert_eq!(listing(&dir), expected);
    assert_core_files_and_no_temporaries(&dir);

    // summary.csv: one row per model and replication, OUTCOMES in order.
    let rows = csv_rows(&dir.join("summary.csv"));
    let header = &rows[0];
    let mut want: Vec<String> = ["model", "replication", "seed"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    want.extend(OUTCOMES.iter().map(|s| s.to_string()));
    assert_eq!(header, &want);
    for col in REQUIRED_OUTCOMES {
        assert!(header.iter().any(|h| h == col), "summary.csv lacks {col}");
    }
    let data = &rows[1..];
    assert_eq!(data.len(), 9, "3 models x 3 replications");
    let mut seen = BTreeSet::new();
    for r in data {
        assert_eq!(r.len(), header.len(), "ragged row {r:?}");
        assert!(
            seen.insert((r[0].clone(), r[1].clone())),
            "duplicate row {r:?}"
        );
        assert_eq!(r[2], "1", "seed column is the master seed");
        for (v, name) in r[3..].iter().zip(OUTCOMES) {
            assert!(
                v.is_empty() || v.parse::<f64>().is_ok(),
                "{name} = {v:?} is not a number"
            );
        }
    }
    for m in ["broad", "partial", "separate"] {
        for rep in 0..3 {
            assert!(
                seen.contains(&(m.to_string(), rep.to_string())),
                "no row for {m} replication {rep}"
            );
        }
    }

    // summary_stats.csv: paired differences for all but the reference model.
    let stats = csv_rows(&dir.join("summary_stats.csv"));
    assert_eq!(stats[0].join(","), STATS_HEADER);
    assert_eq!(stats.len() - 1, 3 * OUTCOMES.len());
    let h = &stats[0];
    let (model, reference, n) = (column(h, "model"), column(h, "reference"), column(h, "n"));
    let diffs = [
        column(h, "diff_mean"),
        column(h, "diff_ci95_low"),
        column(h, "diff_ci95_high"),
    ];
    for r in &stats[1..] {
        assert_eq!(r.len(), h.len(), "ragged row {r:?}");
        assert_eq!(r[reference], "separate");
        assert_eq!(r[n], "3");
        for &d in &diffs {
            if r[model] == "separate" {
                assert!(r[d].is_empty(), "reference row has a difference: {r:?}");
            } else {
                assert!(r[d].parse::<f64>().is_ok(), "difference missing: {r:?}");
            }
        }
    }

    // timeseries.csv: long format.
    let ts = csv_rows(&dir.join("timeseries.csv"));
    assert_eq!(ts[0].join(","), "model,replication,week,metric,value");
    assert!(ts.len() > 1);
    let models: BTreeSet<&str> = ts[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(models, BTreeSet::from(["broad", "partial", "separate"]));
    for r in &ts[1..] {
        assert_eq!(r.len(), 5, "ragged row {r:?}");
        assert!(SERIES.contains(&r[3].as_str()), "unknown metric {}", r[3]);
    }

    // The comparison table goes to stdout.
    let stdout = stdout_of(&out);
    for word in ["broad", "partial", "separate", "95%"] {
        assert!(stdout.contains(word), "stdout lacks {word}:\n{stdout}");
    }

    // The resolved scenario is itself a valid scenario.
    wijksim()
        .arg("check")
        .arg(dir.join("scenario.resolved.toml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("OK"));
}

#[test]
fn resolved_scenario_reproduces_the_run() {
    let tmp = TempDir::new().unwrap();
    let first = tmp.path().join("first");
    let again = tmp.path().join("again");
    compare_workshop(&first, 2, &["--seed", "11"]);
    wijksim()
        .arg("compare")
        .arg(first.join("scenario.resolved.toml"))
        .arg("--out")
        .arg(&again)
        .assert()
        .success();
    for f in ["summary.csv", "summary_stats.csv", "timeseries.csv"] {
        assert!(
            fs::read(first.join(f)).unwrap() == fs::read(again.join(f)).unwrap(),
            "{f} differs when rerun from scenario.resolved.toml"
        );
    }
}

#[test]
fn run_one_model_writes_only_its_rows() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("out");
    wijksim()
        .arg("run")
        .arg(workshop())
        .args(["--model", "partial", "--reps", "2", "--out"])
        .arg(&dir)
        .assert()
        .success();
    assert_core_files_and_no_temporaries(&dir);
    let rows = csv_rows(&dir.join("summary.csv"));
    let data = &rows[1..];
    assert_eq!(data.len(), 2);
    assert!(data.iter().all(|r| r[0] == "partial"), "{data:?}");
    let reps: BTreeSet<&str> = data.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(reps, BTreeSet::from(["0", "1"]));
}

#[test]
fn run_without_model_runs_the_reference_model() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("out");
    wijksim()
        .arg("run")
        .arg(workshop())
        .args(["--reps", "1", "--out"])
        .arg(&dir)
        .assert()
        .success();
    let rows = csv_rows(&dir.join("summary.csv"));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "separate");
}

// ------------------------------------------------------------------ determinism

#[test]
fn output_does_not_depend_on_thread_count() {
    let tmp = TempDir::new().unwrap();
    same_bytes_on_one_and_two_threads(tmp.path(), &workshop(), &["--reps", "3"]);
}

/// Run `compare SCENARIO ARGS` with RAYON_NUM_THREADS=1 and =2 into folders under `tmp`,
/// assert that both wrote the same files with the same bytes, and return the first.
fn same_bytes_on_one_and_two_threads(tmp: &Path, scenario: &Path, args: &[&str]) -> PathBuf {
    let mut dirs = Vec::new();
    for threads in ["1", "2"] {
        let dir = tmp.join(format!("threads{threads}"));
        wijksim()
            .env("RAYON_NUM_THREADS", threads)
            .arg("compare")
            .arg(scenario)
            .args(args)
            .arg("--out")
            .arg(&dir)
            .assert()
            .success();
        dirs.push(dir);
    }
    assert_eq!(listing(&dirs[0]), listing(&dirs[1]));
    for f in listing(&dirs[0]) {
        assert!(
            fs::read(dirs[0].join(&f)).unwrap() == fs::read(dirs[1].join(&f)).unwrap(),
            "{f} differs between RAYON_NUM_THREADS=1 and 2"
        );
    }
    dirs.swap_remove(0)
}

#[test]
fn many_municipalities_give_the_same_bytes_on_one_or_two_threads() {
    let tmp = TempDir::new().unwrap();
    let scenario = tmp.path().join("three.toml");
    fs::write(
        &scenario,
        "[run]\nreplications = 2\nhorizon_weeks = 52\n\
         [[municipality]]\nname = \"Aa\"\nhouseholds = 5000\n\
         [[municipality]]\nname = \"Bee\"\nhouseholds = 1500\n\
         [[municipality]]\nname = \"Cee\"\nhouseholds = 3000\nteams = 2\n",
    )
    .unwrap();
    let dir =
        same_bytes_on_one_and_two_threads(tmp.path(), &scenario, &["--by-municipality", "--quiet"]);
    let files = listing(&dir);
    assert!(files.iter().any(|f| f == "municipalities.csv"), "{files:?}");
    // One row per municipality, model and replication, plus the header.
    assert_eq!(
        csv_rows(&dir.join("municipalities.csv")).len(),
        1 + 3 * 3 * 2
    );
}

#[test]
fn bench_reports_speed_per_thread_count_and_writes_nothing() {
    let tmp = TempDir::new().unwrap();
    let out = wijksim()
        .current_dir(tmp.path())
        .arg("bench")
        .arg(workshop())
        .args(["--reps", "1", "--threads", "1,2"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("M hh-weeks/s"), "{text}");
    assert!(text.contains("peak memory"), "{text}");
    // One row per thread count, the second with an efficiency against the first.
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with(['1', '2']) && l.contains('%'))
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(listing(tmp.path()).is_empty(), "bench wrote files");
    wijksim().args(["bench", "--threads", "0"]).assert().code(2);
    // Options it would ignore are refused rather than silently dropped.
    wijksim()
        .args(["bench", "--out", "somewhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not use --out"));
}

#[test]
fn one_replication_shows_no_intervals() {
    let tmp = TempDir::new().unwrap();
    let out = wijksim()
        .arg("compare")
        .arg(workshop())
        .args(["--reps", "1", "--quiet", "--out"])
        .arg(tmp.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("single replication"), "{text}");
    let first = text
        .lines()
        .find(|l| l.starts_with("households with unresolved problematic debt"))
        .unwrap();
    assert!(
        !first.contains('['),
        "an interval from one replication: {first}"
    );
}

#[test]
fn a_different_seed_gives_different_results() {
    let tmp = TempDir::new().unwrap();
    let (a, b) = (tmp.path().join("seed1"), tmp.path().join("seed2"));
    compare_workshop(&a, 3, &["--seed", "1"]);
    compare_workshop(&b, 3, &["--seed", "2"]);
    // Compare the outcomes, not just the seed column.
    let without_seed = |d: &Path| -> Vec<Vec<String>> {
        csv_rows(&d.join("summary.csv"))
            .into_iter()
            .map(|mut r| {
                r.remove(2);
                r
            })
            .collect()
    };
    assert_ne!(without_seed(&a), without_seed(&b));
}

// ------------------------------------------------------------------ help and params

#[test]
fn params_lists_every_parameter() {
    let out = wijksim().arg("params").output().unwrap();
    assert!(out.status.success());
    let stdout = stdout_of(&out);
    assert!(stdout.contains("team.caseload_cap"));
    for p in PARAMS {
        assert!(stdout.contains(p.key), "`wijksim params` lacks {}", p.key);
    }
}

#[test]
fn params_toml_is_a_valid_scenario() {
    let tmp = TempDir::new().unwrap();
    let out = wijksim().args(["params", "--toml"]).output().unwrap();
    assert!(out.status.success());
    let file = tmp.path().join("all_defaults.toml");
    fs::write(&file, &out.stdout).unwrap();
    wijksim().arg("check").arg(&file).assert().code(0);
}

#[test]
fn help_mentions_compare_and_an_example() {
    wijksim()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("compare"))
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains(
            "wijksim compare scenarios/workshop.toml",
        ));
    wijksim()
        .args(["compare", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--set"))
        .stdout(predicate::str::contains("Examples:"));
}

#[test]
fn policy_override_is_recorded_in_the_resolved_scenario() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("out");
    compare_workshop(&dir, 2, &["--set", "team.caseload_cap=40"]);
    let resolved = fs::read_to_string(dir.join("scenario.resolved.toml")).unwrap();
    assert!(
        resolved.contains("[switch]\n\"team.caseload_cap\" = 40"),
        "resolved scenario does not record the override:\n{resolved}"
    );
    // The resolved scenario alone, with no --set, repeats the run: the same results.
    let again = tmp.path().join("again");
    let out = wijksim()
        .arg("compare")
        .arg(dir.join("scenario.resolved.toml"))
        .args(["--quiet", "--out"])
        .arg(&again)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    for f in ["summary.csv", "timeseries.csv", "mkba.csv"] {
        assert_eq!(
            fs::read(dir.join(f)).unwrap(),
            fs::read(again.join(f)).unwrap(),
            "{f} differs when repeated from scenario.resolved.toml"
        );
    }
}

#[test]
fn a_switch_table_acts_from_the_switch_week_and_refuses_world_keys() {
    let tmp = TempDir::new().unwrap();
    let file = tmp.path().join("s.toml");
    fs::write(&file, "[switch]\n\"team.caseload_cap\" = 40\n").unwrap();
    let s = wijksim::scenario::load_file(&file, &[]).unwrap();
    assert_eq!(s.warmup.team.caseload_cap, 30);
    assert_eq!(s.policy.team.caseload_cap, 40);
    fs::write(&file, "[switch]\n\"debt.growth_per_year\" = 0.2\n").unwrap();
    let out = wijksim().arg("check").arg(&file).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            ":2: key `switch.debt.growth_per_year`: `debt.growth_per_year` is a world parameter"
        ),
        "{err}"
    );
}

// ------------------------------------------------------------------ known bugs

/// Run `args` with stdout connected to a pipe whose reading end is closed at once, as
/// in `wijksim ... | head -1` once `head` has what it needs.
fn run_with_closed_stdout(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wijksim"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn compare_into_a_closed_pipe_still_writes_its_files() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("out");
    let scenario = workshop();
    let out = run_with_closed_stdout(&[
        "compare".as_ref(),
        scenario.as_os_str(),
        "--reps".as_ref(),
        "1".as_ref(),
        "--out".as_ref(),
        dir.as_os_str(),
    ]);
    let err = stderr_of(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
    assert!(
        dir.join("summary.csv").exists(),
        "no output written:\n{err}"
    );
}

#[test]
fn params_into_a_closed_pipe_does_not_panic() {
    let out = run_with_closed_stdout(&["params".as_ref()]);
    let err = stderr_of(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}

#[test]
fn inconsistency_from_set_is_attributed_to_set() {
    // The workshop's W&I department has about 15 posts (administration and support)
    // and 3 teams; the file does not mention wi_posts_per_team, only the override does.
    let out = wijksim()
        .arg("check")
        .arg(workshop())
        .args(["--set", "linkage.partial.wi_posts_per_team=6"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error: --set: key `linkage.partial.wi_posts_per_team`"),
        "{err}"
    );
}

#[test]
fn nan_is_echoed_as_written() {
    let path = repo_path("tests/bad_scenarios/not_a_number_float.toml");
    let out = wijksim().arg("check").arg(&path).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("NaN.0"), "{err}");
    assert!(err.contains(": nan is out of range"), "{err}");
}

#[test]
fn unreadable_scenario_cause_printed_once() {
    let tmp = TempDir::new().unwrap();
    let missing = tmp.path().join("no_such_scenario.toml");
    let out = wijksim().arg("check").arg(&missing).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
}
