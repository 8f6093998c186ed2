//! The HTML report end to end: pinned bytes of a small fixed run in English and
//! Dutch, nothing referenced outside the file, the same bytes on a rerun and from
//! `wijksim report DIR`, sections present exactly when their data is, user text
//! escaped, and a folder that no longer matches its manifest refused. The same for
//! a sweep's report: two pinned sweeps (Sobol' and a grid), sections by design,
//! `report DIR` on a sweep folder, changed or broken sweep folders refused.
//!
//! The pinned files are `tests/data/report/report.html` and `report.nl.html`, and
//! `sweep_sobol.html`, `sweep_grid.html` with their Dutch `.nl.html`. After an
//! intended change of the report (or of the model, which changes its numbers), look at
//! the new report in a browser, then refresh them with
//! `WIJKSIM_BLESS=1 cargo test --release --test report`.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use wijksim::format::Lang;
use wijksim::output::{read_verified, verify};
use wijksim::report::{self, RunFiles};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository so that scenario paths (which the report
/// shows) are the same relative paths on every machine.
fn wijksim() -> Command {
    let mut c = Command::cargo_bin("wijksim").unwrap();
    c.current_dir(root());
    c
}

/// `wijksim <args> --out <dir> --quiet`, expecting success.
fn run(dir: &Path, args: &[&str]) {
    let out = wijksim()
        .args(args)
        .arg("--out")
        .arg(dir)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "wijksim {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The small fixed run the snapshots pin: the workshop municipality, three
/// replications of one year, seed 42.
const FIXED: &[&str] = &[
    "compare",
    "scenarios/workshop.toml",
    "--reps",
    "3",
    "--seed",
    "42",
    "--set",
    "run.horizon_weeks=52",
];

fn fixed_run(dir: &Path) {
    run(dir, FIXED);
}

fn check_snapshot(name: &str, bytes: &[u8]) {
    let path = root().join("tests/data/report").join(name);
    if std::env::var_os("WIJKSIM_BLESS").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        return;
    }
    let want = fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with WIJKSIM_BLESS=1 cargo test --release --test report",
            path.display()
        )
    });
    if want != bytes {
        let (w, g) = (
            String::from_utf8_lossy(&want),
            String::from_utf8_lossy(bytes),
        );
        let line = w
            .lines()
            .zip(g.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(w.lines().count().min(g.lines().count()));
        let (a, b) = (
            w.lines().nth(line).unwrap_or("<end>"),
            g.lines().nth(line).unwrap_or("<end>"),
        );
        let col = a
            .chars()
            .zip(b.chars())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        let around = |s: &str| {
            s.chars()
                .skip(col.saturating_sub(60))
                .take(160)
                .collect::<String>()
        };
        panic!(
            "{name} differs from tests/data/report/{name} at line {}, column {col}:\n  want: …{}…\n  got:  …{}…\n\
             If the change is intended, look at the report, then refresh it with \
             WIJKSIM_BLESS=1 cargo test --release --test report",
            line + 1,
            around(a),
            around(b)
        );
    }
}

#[test]
fn fixed_run_gives_the_pinned_reports_in_both_languages() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("fixed");
    fixed_run(&dir);
    wijksim()
        .arg("report")
        .arg(&dir)
        .args(["--lang", "nl"])
        .assert()
        .success();
    let en = fs::read(dir.join("report.html")).unwrap();
    let nl = fs::read(dir.join("report.nl.html")).unwrap();
    check_snapshot("report.html", &en);
    check_snapshot("report.nl.html", &nl);
    let nl = String::from_utf8(nl).unwrap();
    assert!(nl.starts_with("<!DOCTYPE html>") && nl.contains(r#"<html lang="nl">"#));
    for word in [
        "Netto contante waarde",
        "Gemeente",
        "Zorgverzekeraar",
        "Rijksoverheid",
        "Schuldeisers",
        "Huishoudens",
        "schuldhulpverlening",
        "wijkteam",
        "MKBA",
    ] {
        assert!(nl.contains(word), "the Dutch report lacks {word:?}");
    }
    // Dutch numbers: decimal comma, no English thousands separator in amounts.
    assert!(nl.contains("€\u{a0}"), "Dutch euros are written `€ 1.234`");
}

/// The tags of a page: each `<…>` outside text (text has `<` escaped), with quoted
/// attribute values kept whole.
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(open) = html[i..].find('<').map(|k| i + k) {
        let mut j = open + 1;
        let mut quote = None;
        while j < bytes.len() {
            match (quote, bytes[j]) {
                (None, b'"' | b'\'') => quote = Some(bytes[j]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        out.push(&html[open..j.min(bytes.len())]);
        i = j;
    }
    out
}

/// Every reference the page makes: the values of the attributes that load or link
/// something (`src`, `href`, `xlink:href`, `srcset`, `action`, `formaction`,
/// `poster`, `data`) in any tag, and every `url(…)` and `@import` in the style sheet
/// and in `style` attributes.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut css = String::new();
    for tag in tags(html) {
        let lower = tag.to_ascii_lowercase();
        for attr in [
            "src",
            "href",
            "srcset",
            "action",
            "formaction",
            "poster",
            "data",
            "style",
        ] {
            let mut from = 0;
            while let Some(k) = lower[from..].find(attr).map(|k| from + k) {
                from = k + attr.len();
                // A whole attribute name: after white space or a colon
                // (`xlink:href`), and followed by `=`.
                let before = lower[..k].chars().last();
                if !matches!(before, Some(' ' | ':' | '\n' | '\t')) {
                    continue;
                }
                let Some(rest) = tag[from..].trim_start().strip_prefix('=') else {
                    continue;
                };
                let rest = rest.trim_start();
                let value = match rest.chars().next() {
                    Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
                    _ => rest.split([' ', '>']).next().unwrap_or(""),
                };
                if attr == "style" {
                    css.push_str(value);
                    css.push('\n');
                } else {
                    out.push(value.to_string());
                }
            }
        }
    }
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(open) = lower[from..].find("<style").map(|k| from + k) {
        let close = lower[open..]
            .find("</style")
            .map_or(html.len(), |k| open + k);
        css.push_str(&html[open..close]);
        from = close;
    }
    let lower_css = css.to_ascii_lowercase();
    for pat in ["url(", "@import"] {
        for (k, _) in lower_css.match_indices(pat) {
            let rest = css[k + pat.len()..].trim_start();
            out.push(rest.split_whitespace().next().unwrap_or("").to_string());
        }
    }
    out
}

fn assert_self_contained(html: &str) {
    for r in references(html) {
        assert!(
            r.starts_with('#') || r.starts_with("data:"),
            "the report refers to {r:?}, outside the file"
        );
    }
    for tag in tags(html) {
        let name = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(
            !["script", "link", "img", "iframe", "object", "embed", "base", "frame",]
                .contains(&name.as_str()),
            "the report has a <{name}> element"
        );
        // The only URL in a tag is the SVG namespace.
        let lower = tag.to_ascii_lowercase();
        for (k, _) in lower.match_indices("://") {
            let scheme = lower[..k]
                .rsplit(['"', '\'', ' ', '='])
                .next()
                .unwrap_or("");
            let url = format!(
                "{scheme}{}",
                &lower[k..].chars().take(24).collect::<String>()
            );
            assert!(
                url.starts_with("http://www.w3.org/2000/svg"),
                "a URL in the report: {url}"
            );
        }
    }
    assert!(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"));
}

#[test]
fn the_report_refers_to_nothing_outside_itself() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("fixed");
    fixed_run(&dir);
    wijksim()
        .arg("report")
        .arg(&dir)
        .args(["--lang", "nl"])
        .assert()
        .success();
    for name in ["report.html", "report.nl.html"] {
        let html = fs::read_to_string(dir.join(name)).unwrap();
        assert_self_contained(&html);
        assert!(
            html.contains(r##"href="#answer""##),
            "links to its own sections"
        );
    }
    // The detector itself finds what it must, and not text that merely looks so.
    let page = r#"<img src="x.png"><a href='#ok'>src=y</a><svg><use xlink:href="u"/></svg>
        <p style="background: url(s)">&lt;img src=t&gt;</p>
        <style>@import "y.css"; b{background:url(z)}</style>"#;
    assert_eq!(
        references(page),
        ["x.png", "#ok", "u", "s)", "z)}", "\"y.css\";"]
    );
}

#[test]
fn a_rerun_and_report_dir_give_the_same_bytes() {
    let tmp = TempDir::new().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    fixed_run(&a);
    fixed_run(&b);
    let first = fs::read(a.join("report.html")).unwrap();
    assert_eq!(
        first,
        fs::read(b.join("report.html")).unwrap(),
        "same run, same bytes"
    );
    // `report DIR` reads the files from disk and must build the very same file.
    wijksim().arg("report").arg(&a).assert().success();
    assert_eq!(
        first,
        fs::read(a.join("report.html")).unwrap(),
        "report DIR = compare's report"
    );
    wijksim()
        .arg("report")
        .arg(&a)
        .args(["--lang", "nl"])
        .assert()
        .success();
    wijksim()
        .arg("report")
        .arg(&b)
        .args(["--lang", "nl"])
        .assert()
        .success();
    assert_eq!(
        fs::read(a.join("report.nl.html")).unwrap(),
        fs::read(b.join("report.nl.html")).unwrap()
    );
    // The report went into the set: the manifest lists it and keeps the run's header.
    let before = verify(&b).unwrap();
    let m = verify(&a).unwrap();
    assert!(m.file("report.nl.html").is_some() && m.file("report.html").is_some());
    assert_eq!(m.header, before.header);
    assert_eq!(m.header.command_line[1], "compare");
    // No trace of a clock or a random id: nothing in the page names today.
    let html = String::from_utf8(first).unwrap();
    assert!(!html.contains("2026-") && !html.contains("2025-"));
}

/// Section ids in the page, in order.
fn section_ids(html: &str) -> Vec<String> {
    html.match_indices("<section id=\"")
        .map(|(i, m)| html[i + m.len()..].split('"').next().unwrap().to_string())
        .collect()
}

/// The report of the files in `dir`, built in-process with `leave_out` left out.
fn report_without(dir: &Path, leave_out: &[&str]) -> String {
    let folder = report::read_folder(dir).unwrap();
    let mut run = RunFiles::new(&folder.header);
    for (name, bytes) in &folder.files {
        if !leave_out.contains(&name.as_str()) {
            run.insert(name, bytes);
        }
    }
    String::from_utf8(report::build(&run, Lang::En).unwrap()).unwrap()
}

#[test]
fn sections_appear_exactly_when_their_data_is_there() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("fixed");
    fixed_run(&dir);
    let full = fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(
        section_ids(&full),
        [
            "answer",
            "money",
            "time",
            "sensitivity",
            "method",
            "reproduce",
            "parameters"
        ]
    );
    // No PSA: no value of information, and the page says in words that it was not
    // worked out (no flag: the report is for people, not the terminal).
    assert!(!full.contains("chart-sensitivity-evppi"));
    assert!(full.contains("was not worked out"));
    // No municipalities.csv: no municipality tables.
    assert!(!full.contains("id=\"municipalities\""));
    // The in-process build from the folder is the file compare wrote.
    assert_eq!(report_without(&dir, &[]), full);

    let no_time = report_without(&dir, &["timeseries.csv"]);
    assert!(!section_ids(&no_time).contains(&"time".to_string()));
    assert!(!no_time.contains("chart-time-"));
    let no_mkba = report_without(
        &dir,
        &[
            "mkba.csv",
            "mkba_summary.csv",
            "mkba_sensitivity.csv",
            "recommendation.json",
        ],
    );
    assert_eq!(
        section_ids(&no_mkba),
        ["answer", "time", "method", "reproduce", "parameters"]
    );
    assert!(!no_mkba.contains("chart-answer-npv"));
    let no_sensitivity = report_without(&dir, &["mkba_sensitivity.csv"]);
    assert!(!section_ids(&no_sensitivity).contains(&"sensitivity".to_string()));

    // A file the report needs is missing: refused, as not a run.
    let folder = report::read_folder(&dir).unwrap();
    let mut run = RunFiles::new(&folder.header);
    run.insert("timeseries.csv", &folder.files["timeseries.csv"]);
    let err = report::build(&run, Lang::En).unwrap_err();
    assert!(
        err.is_bad_input() && err.to_string().contains("summary.csv"),
        "{err}"
    );
}

#[test]
fn psa_and_municipalities_add_their_sections() {
    let tmp = TempDir::new().unwrap();
    let psa = tmp.path().join("psa");
    run(
        &psa,
        &[
            "compare",
            "scenarios/workshop.toml",
            "--reps",
            "8",
            "--set",
            "run.horizon_weeks=52",
            "--psa",
        ],
    );
    let html = fs::read_to_string(psa.join("report.html")).unwrap();
    // The value of information: drawn for the assumptions worth something, or
    // said in words that none is (a ranking of noise would mislead).
    assert!(
        html.contains("chart-sensitivity-evppi")
            || html.contains("No assumption is worth measuring before deciding"),
        "value of information shown"
    );
    assert!(html.contains("include chance and what we do not know about the assumptions"));
    assert_self_contained(&html);

    let scenario = tmp.path().join("two.toml");
    fs::write(
        &scenario,
        "[scenario]\nname = \"two\"\n[run]\nreplications = 2\nhorizon_weeks = 52\n\
         [[municipality]]\nname = \"Small\"\nhouseholds = 1500\n\
         [[municipality]]\nname = \"Large\"\nhouseholds = 4000\n",
    )
    .unwrap();
    let two = tmp.path().join("two");
    run(
        &two,
        &["compare", scenario.to_str().unwrap(), "--by-municipality"],
    );
    let html = fs::read_to_string(two.join("report.html")).unwrap();
    assert!(section_ids(&html).contains(&"municipalities".to_string()));
    let (large, small) = (
        html.find("Large: 4,000").unwrap(),
        html.find("Small: 1,500").unwrap(),
    );
    assert!(large < small, "largest municipality first");
    assert!(html.contains("in 2 municipalities"));
    // Without --by-municipality the same scenario has no municipality tables.
    let plain = tmp.path().join("plain");
    run(&plain, &["compare", scenario.to_str().unwrap()]);
    assert!(!fs::read_to_string(plain.join("report.html"))
        .unwrap()
        .contains("id=\"municipalities\""));
}

#[test]
fn one_model_without_the_reference_shows_levels_and_no_mkba() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("partial");
    run(
        &dir,
        &[
            "run",
            "scenarios/workshop.toml",
            "--model",
            "partial",
            "--reps",
            "2",
            "--set",
            "run.horizon_weeks=52",
        ],
    );
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(
        section_ids(&html),
        ["answer", "time", "method", "reproduce", "parameters"]
    );
    assert!(html.contains("has no reference model to compare with"));
    assert!(html.contains("no comparison with separate"));
}

#[test]
fn no_report_skips_it() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("none");
    run(
        &dir,
        &[
            "compare",
            "scenarios/workshop.toml",
            "--reps",
            "1",
            "--set",
            "run.horizon_weeks=52",
            "--no-report",
        ],
    );
    assert!(dir.join("summary.csv").exists());
    assert!(!dir.join("report.html").exists());
    assert!(verify(&dir).unwrap().file("report.html").is_none());
}

#[test]
fn user_text_is_escaped() {
    let tmp = TempDir::new().unwrap();
    let scenario = tmp.path().join("evil.toml");
    fs::write(
        &scenario,
        "[scenario]\nname = \"<script>alert(1)</script>\"\n\
         description = \"</title><script>alert('d')</script> & \\\"quotes\\\"\"\n\
         [run]\nreplications = 2\nhorizon_weeks = 52\n\
         [[municipality]]\nname = \"<img src=x onerror=alert(2)>\"\nhouseholds = 2000\n",
    )
    .unwrap();
    let dir = tmp.path().join("evil");
    run(
        &dir,
        &["compare", scenario.to_str().unwrap(), "--by-municipality"],
    );
    wijksim()
        .arg("report")
        .arg(&dir)
        .args(["--lang", "nl"])
        .assert()
        .success();
    for name in ["report.html", "report.nl.html"] {
        let html = fs::read_to_string(dir.join(name)).unwrap();
        let lower = html.to_ascii_lowercase();
        assert!(
            !lower.contains("<script"),
            "{name}: a script tag got through"
        );
        assert!(!lower.contains("<img"), "{name}: an image tag got through");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{name}: the name, escaped"
        );
        assert!(
            html.contains(
                "&lt;/title&gt;&lt;script&gt;alert('d')&lt;/script&gt; &amp; &quot;quotes&quot;"
            ) || html
                .contains("&lt;/title&gt;&lt;script&gt;alert('d')&lt;/script&gt; &amp; \"quotes\""),
            "{name}: the description, escaped"
        );
        assert!(
            html.contains("&lt;img src=x onerror=alert(2)&gt;"),
            "{name}: the municipality, escaped"
        );
        assert_self_contained(&html);
    }
}

#[test]
fn a_folder_that_does_not_match_its_manifest_is_refused() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("fixed");
    fixed_run(&dir);
    let manifest = verify(&dir).unwrap();
    let report_before = read_verified(&dir, &manifest, "report.html").unwrap();
    let path = dir.join("summary.csv");
    let mut text = fs::read_to_string(&path).unwrap();
    text = text.replacen(",3,", ",4,", 1);
    fs::write(&path, text).unwrap();
    wijksim()
        .arg("report")
        .arg(&dir)
        .args(["--lang", "nl"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("summary.csv").and(predicate::str::contains("manifest.json")),
        );
    assert!(!dir.join("report.nl.html").exists(), "nothing written");
    assert_eq!(fs::read(dir.join("report.html")).unwrap(), report_before);

    // A folder that is not a run, a missing folder, a bad language: bad input too.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    wijksim()
        .arg("report")
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("manifest.json is missing"));
    assert_eq!(fs::read_dir(&empty).unwrap().count(), 0, "nothing written");
    wijksim()
        .arg("report")
        .arg(tmp.path().join("nowhere"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a folder"));
    wijksim()
        .arg("report")
        .arg(&dir)
        .args(["--lang", "xx"])
        .assert()
        .code(2);
    // A pilot-size folder is a wijksim folder, but not a comparison.
    let pilot = tmp.path().join("pilot");
    wijksim()
        .args([
            "pilot-size",
            "scenarios/workshop.toml",
            "--model",
            "partial",
            "--months",
            "6",
            "--max-teams",
            "2",
            "--trials",
            "100",
            "--reps",
            "1",
            "--quiet",
            "--out",
        ])
        .arg(&pilot)
        .assert()
        .success();
    wijksim()
        .arg("report")
        .arg(&pilot)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not the output of `wijksim compare`",
        ));
}

#[test]
fn one_replication_shows_values_without_ranges() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("one");
    run(
        &dir,
        &[
            "compare",
            "scenarios/workshop.toml",
            "--reps",
            "1",
            "--set",
            "run.horizon_weeks=52",
        ],
    );
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("one simulated future per model"));
    assert!(html.contains("In the one simulated future"));
    assert!(!html.contains("1 simulated futures") && !html.contains("of 1 simulated"));
    // No range of one value, such as `[12.3, 12.3]`, anywhere in the text.
    let text: String = {
        let mut t = String::new();
        let mut inside = false;
        for c in html.chars() {
            match c {
                '<' => inside = true,
                '>' => inside = false,
                c if !inside => t.push(c),
                _ => {}
            }
        }
        t
    };
    for (i, _) in text.match_indices('[') {
        let Some(end) = text[i..].find(']') else {
            continue;
        };
        let inner = &text[i + 1..i + end];
        if let Some((a, b)) = inner.split_once(", ") {
            assert!(a != b || a.is_empty(), "a range of one value: [{inner}]");
        }
    }
}

// ------------------------------------------------------------------ sweeps

/// The fixed sweeps whose reports are pinned: Sobol' indices of two assumptions,
/// and a two-axis grid (for the best-model map). Their sweep files sit beside the
/// tiny scenario they name, so the sweep file's hash, which the report shows, is the
/// same on every machine.
const SWEEP_SOBOL: &str = "tests/data/report_sweep_sobol.toml";
const SWEEP_GRID: &str = "tests/data/report_sweep_grid.toml";

/// `wijksim sweep FILE --out DIR -q EXTRA...`, expecting success.
fn sweep(file: &str, dir: &Path, extra: &[&str]) {
    let out = wijksim()
        .args(["sweep", file, "--out"])
        .arg(dir)
        .arg("-q")
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "wijksim sweep {file} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A sweep file over the tiny scenario with `body` after `[sweep]`, in `dir`.
fn sweep_file(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    let scenario = root().join("tests/data/sweep_tiny.toml");
    fs::write(
        &path,
        format!(
            "[sweep]\nscenario = {:?}\n{body}",
            scenario.display().to_string()
        ),
    )
    .unwrap();
    path.display().to_string()
}

const TWO_AXES: &str =
    "\n[[axis]]\nparam = \"mkba.partial.reorganisation_eur\"\nrange = [0, 60000]\n\n\
     [[axis]]\nparam = \"referral.central_duplicate_intake_hours\"\n";

/// The report of the sweep folder `dir`, built in-process from its files with
/// `replace` in place of theirs (an empty replacement leaves the file out).
fn sweep_report_with(dir: &Path, replace: &[(&str, &[u8])]) -> Result<String, report::ReportError> {
    let folder = report::read_folder(dir).unwrap();
    let mut run = RunFiles::new(&folder.header);
    for (name, bytes) in &folder.files {
        match replace.iter().find(|(n, _)| *n == name.as_str()) {
            Some((_, [])) => {}
            Some((_, b)) => run.insert(name, b),
            None => run.insert(name, bytes),
        }
    }
    report::build(&run, Lang::En).map(|b| String::from_utf8(b).unwrap())
}

#[test]
fn fixed_sweeps_give_the_pinned_reports_in_both_languages() {
    let tmp = TempDir::new().unwrap();
    for (file, name) in [(SWEEP_SOBOL, "sweep_sobol"), (SWEEP_GRID, "sweep_grid")] {
        let dir = tmp.path().join(name);
        sweep(file, &dir, &[]);
        wijksim()
            .arg("report")
            .arg(&dir)
            .args(["--lang", "nl"])
            .assert()
            .success();
        let en = fs::read(dir.join("report.html")).unwrap();
        let nl = fs::read(dir.join("report.nl.html")).unwrap();
        check_snapshot(&format!("{name}.html"), &en);
        check_snapshot(&format!("{name}.nl.html"), &nl);
        let (en, nl) = (
            String::from_utf8(en).unwrap(),
            String::from_utf8(nl).unwrap(),
        );
        assert_self_contained(&en);
        assert_self_contained(&nl);
        assert!(en.contains(r##"href="#answer""##) && en.contains(r##"href="#reproduce""##));
        assert!(nl.contains(r#"<html lang="nl">"#) && nl.contains("ontwerppunten"));
        // The sweep file is named by its name alone, with its hash.
        let base = Path::new(file).file_name().unwrap().to_str().unwrap();
        assert!(en.contains(&format!("wijksim sweep {base}")), "{name}");
        assert!(
            !en.contains(root().to_str().unwrap()),
            "{name}: a path of this machine"
        );
    }
}

/// Section ids of the report of a sweep run over `body`.
fn sweep_sections(tmp: &Path, name: &str, body: &str) -> (Vec<String>, String) {
    let file = sweep_file(tmp, &format!("{name}.toml"), body);
    let dir = tmp.join(name);
    sweep(&file, &dir, &[]);
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    assert_self_contained(&html);
    (section_ids(&html), html)
}

#[test]
fn a_sweep_report_has_the_sections_its_data_allows() {
    let tmp = TempDir::new().unwrap();
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();

    let (sobol, html) = sweep_sections(
        tmp.path(),
        "sobol",
        &format!("seed = 5\ndesign = \"sobol\"\nsamples = 16\n{TWO_AXES}"),
    );
    assert_eq!(
        sobol,
        ids(&["answer", "sobol", "discovery", "design", "reproduce"])
    );
    assert!(html.contains("chart-sobol-npv-partial") && html.contains("depends most on"));
    assert!(!html.contains("chart-map-best"));
    // The choice the answer names comes first among the indices.
    let first = html.find("id=\"chart-sobol-").unwrap();
    assert!(html[first..].starts_with("id=\"chart-sobol-npv-partial\""));
    // Without its files, its sections go: discovery, then the indices.
    let dir = tmp.path().join("sobol");
    let no_box = sweep_report_with(&dir, &[("discovery.csv", b"")]).unwrap();
    assert_eq!(
        section_ids(&no_box),
        ids(&["answer", "sobol", "design", "reproduce"])
    );
    assert!(!no_box.contains("comes out best mostly where"));
    let no_indices = sweep_report_with(&dir, &[("sweep_indices.csv", b"")]).unwrap();
    assert!(!section_ids(&no_indices).contains(&"sobol".to_string()));
    assert!(!no_indices.contains("depends most on"));
    // In-process from the folder: the file the sweep wrote.
    assert_eq!(sweep_report_with(&dir, &[]).unwrap(), html);

    // A two-axis grid: the map, no indices.
    let (grid, html) = sweep_sections(
        tmp.path(),
        "grid",
        "design = \"grid\"\n\n[[axis]]\nparam = \"mkba.partial.reorganisation_eur\"\n\
         values = [0, 20000, 40000, 60000]\n\n[[axis]]\nparam = \"referral.central_duplicate_intake_hours\"\n\
         range = [1.0, 9.0]\nsteps = 5\n",
    );
    assert_eq!(
        grid,
        ids(&["answer", "map", "discovery", "design", "reproduce"])
    );
    assert!(html.contains("chart-map-best"));
    // A grid of three axes has no map (which two would it show?).
    let (grid3, _) = sweep_sections(
        tmp.path(),
        "grid3",
        "design = \"grid\"\n\n[[axis]]\nparam = \"mkba.partial.reorganisation_eur\"\nvalues = [0, 60000]\n\n\
         [[axis]]\nparam = \"referral.central_duplicate_intake_hours\"\nvalues = [1, 9]\n\n\
         [[axis]]\nparam = \"team.finance_detection_own\"\nvalues = [0.2, 0.5]\n",
    );
    assert_eq!(grid3, ids(&["answer", "design", "reproduce"]));
    // A Latin hypercube: discovery, no map, no indices.
    let (lhs, _) = sweep_sections(
        tmp.path(),
        "lhs",
        &format!("design = \"lhs\"\nsamples = 24\n{TWO_AXES}"),
    );
    assert_eq!(lhs, ids(&["answer", "discovery", "design", "reproduce"]));
    // Morris (fewer than 20 points: no discovery) and one at a time.
    let (morris, html) = sweep_sections(
        tmp.path(),
        "morris",
        &format!("design = \"morris\"\ntrajectories = 4\n{TWO_AXES}"),
    );
    assert_eq!(morris, ids(&["answer", "morris", "design", "reproduce"]));
    assert!(html.contains("chart-morris-npv-partial") && html.contains("(μ*)"));
    let (oat, html) = sweep_sections(
        tmp.path(),
        "oat",
        "design = \"oat\"\n\n[[axis]]\nparam = \"mkba.partial.reorganisation_eur\"\n\
         values = [0, 60000]\n\n[[axis]]\nparam = \"team.caseload_cap\"\nvalues = [20, 40]\n",
    );
    assert_eq!(oat, ids(&["answer", "oat", "design", "reproduce"]));
    assert!(html.contains("chart-oat-npv-partial") && html.contains("Largest rise"));
    // Without the reference model there is no net present value: best is the
    // fewest households with unresolved debt.
    let (no_npv, html) = sweep_sections(
        tmp.path(),
        "no_npv",
        &format!("models = [\"broad\", \"partial\"]\ndesign = \"sobol\"\nsamples = 8\n{TWO_AXES}"),
    );
    assert_eq!(
        no_npv,
        ids(&["answer", "sobol", "discovery", "design", "reproduce"])
    );
    assert!(html.contains("Best means the fewest households with unresolved problematic debt"));
    assert!(!html.contains("Net present value against"));
}

#[test]
fn report_dir_on_a_sweep_gives_the_bytes_the_sweep_wrote() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("grid");
    sweep(SWEEP_GRID, &dir, &[]);
    let written = fs::read(dir.join("report.html")).unwrap();
    assert!(
        verify(&dir).unwrap().file("report.html").is_some(),
        "in the set"
    );
    wijksim().arg("report").arg(&dir).assert().success();
    assert_eq!(fs::read(dir.join("report.html")).unwrap(), written);
    // The report reads the sweep's summaries, never runs.csv.
    let folder = report::read_folder(&dir).unwrap();
    assert!(folder.files.contains_key("points.csv"));
    assert!(!folder.files.contains_key("runs.csv"));

    // Skipped with --no-report, and made later by `report DIR`: the same file.
    let later = tmp.path().join("later");
    sweep(SWEEP_GRID, &later, &["--no-report"]);
    assert!(!later.join("report.html").exists());
    assert!(verify(&later).unwrap().file("report.html").is_none());
    wijksim().arg("report").arg(&later).assert().success();
    assert_eq!(fs::read(later.join("report.html")).unwrap(), written);
    assert!(verify(&later).unwrap().file("report.html").is_some());
}

#[test]
fn a_changed_or_broken_sweep_folder_is_refused() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("grid");
    sweep(SWEEP_GRID, &dir, &[]);
    let before = fs::read(dir.join("report.html")).unwrap();
    let path = dir.join("points.csv");
    let text = fs::read_to_string(&path).unwrap();
    // Any change to a file of the set: here one more line at its end.
    fs::write(&path, format!("{text}{}", text.lines().last().unwrap())).unwrap();
    wijksim()
        .arg("report")
        .arg(&dir)
        .args(["--lang", "nl"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("points.csv").and(predicate::str::contains("manifest.json")),
        );
    assert!(!dir.join("report.nl.html").exists(), "nothing written");
    assert_eq!(fs::read(dir.join("report.html")).unwrap(), before);
    fs::write(&path, &text).unwrap();

    // Files that cannot be read as what they should be: refused as bad input,
    // naming the file, never a panic.
    let bad = |replace: &[(&str, &[u8])], file: &str| {
        let err = sweep_report_with(&dir, replace).unwrap_err();
        assert!(err.is_bad_input(), "{err}");
        assert!(err.to_string().contains(file), "{err}");
    };
    // A best model that is none of the three nor "no clear winner" (whichever the
    // sweep's points name).
    let named = ["partial", "separate", "broad", "no clear winner"]
        .into_iter()
        .find(|m| text.contains(&format!(",{m},")))
        .expect("a best model in points.csv");
    bad(
        &[(
            "points.csv",
            text.replacen(&format!(",{named},"), ",nobody,", 1)
                .as_bytes(),
        )],
        "points.csv:",
    );
    bad(
        &[("points.csv", text.replacen(",0\n", ",many\n", 1).as_bytes())],
        "points.csv:",
    );
    bad(&[("points.csv", b"point,best_model\n")], "points.csv");
    let resolved = fs::read_to_string(dir.join("sweep.resolved.toml")).unwrap();
    let headless: String = resolved.lines().skip(5).collect::<Vec<_>>().join("\n");
    bad(
        &[("sweep.resolved.toml", headless.as_bytes())],
        "sweep.resolved.toml:1",
    );
    bad(
        &[(
            "sweep.resolved.toml",
            resolved
                .replace("design = \"grid\"", "design = \"maze\"")
                .as_bytes(),
        )],
        "sweep.resolved.toml",
    );
    bad(&[("sweep.resolved.toml", b"")], "sweep.resolved.toml");
    bad(&[("discovery.csv", b"model\nbroad\n")], "discovery.csv");
    // Files that disagree with each other are the program's bug, not input.
    let other = resolved.replace(
        "param = \"referral.central_duplicate_intake_hours\"",
        "param = \"team.caseload_cap\"",
    );
    let err = sweep_report_with(&dir, &[("sweep.resolved.toml", other.as_bytes())]).unwrap_err();
    assert!(
        !err.is_bad_input() && err.to_string().contains("do not agree"),
        "{err}"
    );
}

#[test]
fn user_text_in_a_sweep_report_is_escaped() {
    let tmp = TempDir::new().unwrap();
    let scenario = tmp.path().join("evil.toml");
    fs::write(
        &scenario,
        "[scenario]\nname = \"<script>alert(1)</script>\"\ndescription = \"a & <b>b</b>\"\n\
         [run]\nreplications = 1\nwarmup_weeks = 26\nhorizon_weeks = 52\n\
         [population]\nhouseholds = 1500\n[districts]\nteams = 2\n",
    )
    .unwrap();
    let file = tmp.path().join("<i>sweep.toml");
    fs::write(
        &file,
        "[sweep]\nscenario = \"evil.toml\"\ndesign = \"grid\"\n\n\
         [[axis]]\nparam = \"team.caseload_cap\"\nvalues = [20, 40]\n",
    )
    .unwrap();
    let dir = tmp.path().join("evil");
    sweep(file.to_str().unwrap(), &dir, &[]);
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script") && !lower.contains("<i>") && !lower.contains("<b>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("a &amp; &lt;b&gt;b&lt;/b&gt;"));
    assert!(html.contains("&lt;i&gt;sweep.toml"));
    assert_self_contained(&html);
}

#[test]
fn a_model_best_at_few_points_of_its_box_is_not_called_mostly_best_there() {
    let tmp = TempDir::new().unwrap();
    sweep_sections(
        tmp.path(),
        "sobol",
        &format!("seed = 1\ndesign = \"sobol\"\nsamples = 16\n{TWO_AXES}"),
    );
    // A box for separate (written here, so the test does not hang on which model a
    // tiny sweep happens to favour): the words must follow the box's density, not
    // the box. At 97% it is "mostly"; at 3% (as broad once was on the default
    // scenario, in a box of the smallest size PRIM allows) it is not.
    let dir = tmp.path().join("sobol");
    let discovery = |density: f64| {
        format!(
            "model,best_share,parameter,low,high,coverage,density,mass,description\n\
             broad,0,,,,,,,broad is best at no point of the design\n\
             partial,0,,,,,,,partial is best at no point of the design\n\
             separate,0.90625,mkba.partial.reorganisation_eur,3000,56250,1,{density},0.9375,\
             separate is best in some points\n"
        )
    };
    let report = |density: f64| {
        sweep_report_with(&dir, &[("discovery.csv", discovery(density).as_bytes())]).unwrap()
    };
    let high = report(0.97);
    assert!(
        high.contains("separate comes out best mostly where"),
        "{high}"
    );
    let low = report(0.03);
    assert!(low.contains("The points where separate comes out best"));
    assert!(low.contains("but even there it is best at only 3% of the design points"));
    assert!(!low.contains("separate comes out best mostly where"));
}

/// The text a reader sees in the page's sections other than the technical
/// appendix ("Method and assumptions", "Reproduce this" and "All parameters",
/// which name parameters by key and show commands on purpose), tags removed.
fn council_text(html: &str) -> String {
    let mut out = String::new();
    for (i, _) in html.match_indices("<section id=\"") {
        let id = html[i + 13..].split('"').next().unwrap();
        if id == "reproduce" || id == "parameters" || id == "method" {
            continue;
        }
        let end = html[i..].find("</section>").map_or(html.len(), |e| i + e);
        let mut inside = false;
        // SVG charts carry ids and class names; their visible text is in <text>.
        for ch in html[i..end].chars() {
            match ch {
                '<' => inside = true,
                '>' => {
                    inside = false;
                    out.push(' ');
                }
                c if !inside => out.push(c),
                _ => {}
            }
        }
    }
    out
}

/// Council text has no parameter key, flag, command or untranslated model name.
fn assert_for_people(what: &str, text: &str, lang: Lang) {
    for bad in [
        "--",
        "wijksim ",
        "seed 00",
        "issue ",
        "year(s)",
        "run with",
        "draai met",
    ] {
        if let Some(i) = text.find(bad) {
            let from = text[..i].char_indices().rev().nth(80).map_or(0, |(j, _)| j);
            panic!(
                "{what}: {bad:?} in the page's text: …{}…",
                &text[from..(i + 40).min(text.len())]
            );
        }
    }
    for w in text.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
        if let Some((a, b)) = w.split_once('.') {
            let key = !a.is_empty()
                && a.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && b.starts_with(|c: char| c.is_ascii_lowercase());
            assert!(!key, "{what}: parameter key {w:?} in the page's text");
        }
    }
    if lang == Lang::Nl {
        for w in [" broad ", " partial ", " separate "] {
            assert!(
                !text.contains(w),
                "{what}: English model name {w:?} in Dutch"
            );
        }
    }
}

#[test]
fn council_text_has_no_key_flag_or_command_in_either_language() {
    let tmp = TempDir::new().unwrap();
    let plain = tmp.path().join("plain");
    fixed_run(&plain);
    let psa = tmp.path().join("psa");
    run(
        &psa,
        &[
            "compare",
            "scenarios/workshop.toml",
            "--reps",
            "6",
            "--set",
            "run.horizon_weeks=52",
            "--psa",
        ],
    );
    for dir in [&plain, &psa] {
        for lang in [Lang::En, Lang::Nl] {
            let folder = report::read_folder(dir).unwrap();
            let html = String::from_utf8(report::build(&folder.view(), lang).unwrap()).unwrap();
            let text = council_text(&html);
            assert_for_people(&format!("{} {lang:?}", dir.display()), &text, lang);
        }
    }
    // Without --psa the page says in words that the assumptions' uncertainty is left out.
    let html = fs::read_to_string(plain.join("report.html")).unwrap();
    assert!(
        council_text(&html).contains("what we do not know about the assumptions is not included")
    );
}

#[test]
fn report_dir_rebuilds_a_missing_or_changed_report_and_still_checks_data() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("fixed");
    fixed_run(&dir);
    wijksim()
        .arg("report")
        .arg(&dir)
        .args(["--lang", "nl"])
        .assert()
        .success();
    let (en, nl) = (
        fs::read(dir.join("report.html")).unwrap(),
        fs::read(dir.join("report.nl.html")).unwrap(),
    );
    // A deleted English report and an edited Dutch one: both rebuilt by one call.
    fs::remove_file(dir.join("report.html")).unwrap();
    fs::write(dir.join("report.nl.html"), b"edited").unwrap();
    wijksim().arg("report").arg(&dir).assert().success();
    assert_eq!(fs::read(dir.join("report.html")).unwrap(), en);
    assert_eq!(fs::read(dir.join("report.nl.html")).unwrap(), nl);
    // The manifest lists both again, with their new hashes.
    let m = verify(&dir).unwrap();
    assert!(m.file("report.html").is_some() && m.file("report.nl.html").is_some());
    // A changed data file is still refused, whatever the reports.
    fs::remove_file(dir.join("report.html")).unwrap();
    let path = dir.join("summary.csv");
    let text = fs::read_to_string(&path).unwrap().replacen(",3,", ",4,", 1);
    fs::write(&path, text).unwrap();
    wijksim()
        .arg("report")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("summary.csv"));
}

#[test]
fn display_flags_do_not_enter_the_report() {
    let tmp = TempDir::new().unwrap();
    let quiet = tmp.path().join("quiet");
    fixed_run(&quiet);
    let loud = tmp.path().join("loud");
    wijksim()
        .args(FIXED)
        .arg("--out")
        .arg(&loud)
        .assert()
        .success();
    let a = fs::read_to_string(quiet.join("report.html")).unwrap();
    let b = fs::read_to_string(loud.join("report.html")).unwrap();
    // The pages differ only in the output folder the command named.
    let strip = |s: &str, d: &Path| s.replace(&d.display().to_string(), "OUT");
    assert_eq!(strip(&a, &quiet), strip(&b, &loud));
    assert!(!a.contains("--quiet"));
}
