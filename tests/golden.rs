//! Golden output (issue 6): the exact bytes of a small fixed run, pinned.
//!
//! `tests/equivalence.rs` guards the *model* across restructurings (outcome
//! distributions); this test guards the *bytes*: same scenario and seed give the same
//! `summary.csv` and `timeseries.csv` on every machine and thread count, release after
//! release. A change of how random numbers are consumed, of the order of the week or
//! of number formatting shows here first. When such a change is intended (and the
//! equivalence test still passes), refresh the files with
//! `WIJKSIM_BLESS=1 cargo test --release --test golden` and commit them with the change.

use std::path::Path;
use wijksim::export::csv_files;
use wijksim::model::LinkageModel;
use wijksim::runner::{self, RunSpec};
use wijksim::scenario;

fn check(name: &str, bytes: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/golden")
        .join(name);
    if std::env::var_os("WIJKSIM_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        return;
    }
    let want = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with WIJKSIM_BLESS=1 cargo test --release --test golden",
            path.display()
        )
    });
    if want != bytes {
        let (w, g) = (
            String::from_utf8_lossy(&want),
            String::from_utf8_lossy(bytes),
        );
        let first = w
            .lines()
            .zip(g.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(w.lines().count().min(g.lines().count()));
        panic!(
            "{name} differs from tests/data/golden/{name} at line {}:\n  want: {}\n  got:  {}",
            first + 1,
            w.lines().nth(first).unwrap_or("<end>"),
            g.lines().nth(first).unwrap_or("<end>")
        );
    }
}

#[test]
fn small_run_gives_the_pinned_bytes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/workshop.toml");
    let overrides: Vec<_> = ["run.replications=2", "run.horizon_weeks=52", "run.seed=42"]
        .iter()
        .map(|o| o.parse().unwrap())
        .collect();
    let s = scenario::load_file(&path, &overrides).unwrap();
    let results = runner::run(
        &s,
        &RunSpec::from_scenario(&s, LinkageModel::ALL.to_vec()),
        &|| {},
    );
    check("summary.csv", &csv_files::summary(&results).unwrap());
    check("timeseries.csv", &csv_files::timeseries(&results).unwrap());
}
