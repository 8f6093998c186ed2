//! The societal cost-benefit analysis on simulated results.

use wijksim::mkba::{self, price_mut};
use wijksim::model::LinkageModel;
use wijksim::runner::{self, Results, RunSpec};
use wijksim::scenario::{self, Scenario};

fn workshop() -> Scenario {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/workshop.toml");
    scenario::load_file(
        std::path::Path::new(path),
        &["run.replications=4".parse().unwrap()],
    )
    .unwrap()
}

fn results(s: &Scenario) -> Results {
    runner::run(
        s,
        &RunSpec::from_scenario(s, LinkageModel::ALL.to_vec()),
        &|| {},
    )
}

fn mean_npv(r: &Results, m: &wijksim::scenario::params::Mkba, model: LinkageModel) -> f64 {
    let a = mkba::appraise(r, m).unwrap();
    a.summaries()
        .iter()
        .find(|s| s.model == model)
        .unwrap()
        .npv
        .mean
}

#[test]
fn npv_is_linear_in_each_price() {
    let s = workshop();
    let r = results(&s);
    for key in [
        "mkba.ggz_eur_per_year",
        "mkba.broad.reorganisation_eur",
        "mkba.debt_productivity_eur_per_year",
    ] {
        let at = |factor: f64| {
            let mut m = s.policy.mkba.clone();
            *price_mut(&mut m, key).unwrap() *= factor;
            mean_npv(&r, &m, LinkageModel::Broad)
        };
        let (zero, one, two) = (at(0.0), at(1.0), at(2.0));
        assert!(
            (two - one - (one - zero)).abs() < 1e-6 * (1.0 + one.abs()),
            "{key}: {zero} {one} {two}"
        );
    }
    // Reorganisation is a cost of broad only: doubling it lowers broad's NPV by exactly
    // the number of switching teams times the price.
    let mut m = s.policy.mkba.clone();
    let base = mean_npv(&r, &m, LinkageModel::Broad);
    m.broad.reorganisation_eur *= 2.0;
    let doubled = mean_npv(&r, &m, LinkageModel::Broad);
    let teams = s.policy.districts.teams as f64;
    assert!((base - doubled - teams * s.policy.mkba.broad.reorganisation_eur).abs() < 1e-3);
}

#[test]
fn identical_models_cannot_be_told_apart() {
    let s = workshop();
    let mut r = results(&s);
    // Relabel separate's runs as every model: three identical alternatives.
    let sep: Vec<_> = r.of(LinkageModel::Separate).cloned().collect();
    r.runs = LinkageModel::ALL
        .iter()
        .flat_map(|&m| {
            sep.iter().cloned().map(move |mut x| {
                x.model = m;
                x
            })
        })
        .collect();
    let a = mkba::appraise(&r, &s.policy.mkba).unwrap();
    for summary in a.summaries() {
        assert!((summary.probability_best - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(summary.npv.mean, 0.0);
    }
    let rec = mkba::recommend(&a, &mkba::price_sensitivity(&r, &s.policy.mkba), None);
    assert_eq!(rec.rule, mkba::Rule::NoneBetter);
    assert!(rec.reliable.is_empty());
    let text = rec.render(wijksim::format::Lang::En);
    assert!(text.contains("cannot be told apart"), "{text}");
}

#[test]
fn compare_writes_the_mkba_files_and_prints_a_recommendation() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/workshop.toml");
    let assert = assert_cmd::Command::cargo_bin("wijksim")
        .unwrap()
        .args(["compare", scenario, "--reps", "3", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("Recommendation:"), "{stdout}");
    assert!(stdout.contains("net present value"));
    let flows = std::fs::read_to_string(out.join("mkba.csv")).unwrap();
    assert!(flows.starts_with(
        "model,replication,year,stakeholder,category,flow,transfer,nominal_eur,discounted_eur\n"
    ));
    let summary = std::fs::read_to_string(out.join("mkba_summary.csv")).unwrap();
    assert!(summary.starts_with("model,reference,measure,stakeholder,mean,ci95_low,ci95_high\n"));
    for m in ["broad", "partial", "separate"] {
        assert!(
            summary.contains(&format!("{m},separate,probability_best")),
            "{m}"
        );
    }
}

#[test]
fn pilot_size_prints_a_power_table_and_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/workshop.toml");
    let assert = assert_cmd::Command::cargo_bin("wijksim")
        .unwrap()
        .args([
            "pilot-size",
            scenario,
            "--model",
            "partial",
            "--reps",
            "6",
            "--months",
            "12",
            "--max-teams",
            "6",
            "--trials",
            "200",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("80% power"), "{stdout}");
    let csv = std::fs::read_to_string(out.join("pilot_power.csv")).unwrap();
    assert!(csv
        .starts_with("pilot_model,control_model,outcome,months,teams_per_arm,power,difference\n"));
    // Two snapshots (6 and 12 months) x 5 team counts (2..=6).
    assert_eq!(csv.lines().count(), 1 + 2 * 5);
}

#[test]
fn pilot_of_a_model_against_itself_is_refused() {
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/workshop.toml");
    assert_cmd::Command::cargo_bin("wijksim")
        .unwrap()
        .args(["pilot-size", scenario, "--model", "separate", "--quiet"])
        .assert()
        .code(2);
}

/// The workshop scenario, smaller, with `weeks` simulated after the switch.
fn with_horizon(weeks: u32) -> Scenario {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/workshop.toml");
    let ov: Vec<scenario::Override> = [
        "run.replications=3".to_string(),
        "population.households=6000".to_string(),
        "districts.teams=3".to_string(),
        format!("run.horizon_weeks={weeks}"),
    ]
    .iter()
    .map(|s| s.parse().unwrap())
    .collect();
    scenario::load_file(std::path::Path::new(path), &ov).unwrap()
}

#[test]
fn a_shorter_horizon_read_from_a_longer_run_is_the_shorter_runs() {
    // docs/ODD.md section 8: one simulated run gives the NPV at several horizons. The
    // first five years of a fifteen-year run are the five-year run (counter-based
    // draws: nothing in them depends on how long the run goes on), so its five-year NPV
    // is the five-year run's, replication by replication.
    let long = with_horizon(780);
    let short = with_horizon(260);
    let (rl, rs) = (results(&long), results(&short));
    let m = &long.policy.mkba;
    let at5 = mkba::appraise_at(&rl, m, 5).unwrap();
    let own = mkba::appraise(&rs, &short.policy.mkba).unwrap();
    assert_eq!(at5.years, 5);
    assert!(!at5.extrapolated());
    assert_eq!(own.years, 5);
    for (a, b) in at5.npvs().iter().flatten().zip(own.npvs().iter().flatten()) {
        assert!(
            (a - b).abs() <= 1e-6 * b.abs().max(1.0),
            "five-year NPV {a} from the long run, {b} from the short run"
        );
    }
    // And the long run's own fifteen years differ from its first five.
    let at15 = mkba::appraise_at(&rl, m, 15).unwrap();
    assert_ne!(at15.npvs(), at5.npvs());
}

#[test]
fn years_beyond_the_simulation_are_the_mean_of_its_last_years_not_the_last_repeated() {
    // docs/ODD.md section 8: a marked steady-state extrapolation, never the last
    // simulated year repeated.
    let s = with_horizon(4 * 52);
    let r = results(&s);
    let mut m = s.policy.mkba.clone();
    m.horizon_years = 7;
    m.discount_rate = 0.0;
    let a = mkba::appraise(&r, &m).unwrap();
    assert_eq!((a.years, a.simulated_years), (7, 4));
    assert!(a.extrapolated());
    let k = mkba::flows::STEADY_STATE_YEARS as u32;
    for run in r.runs.iter().take(3) {
        let flows = mkba::run_flows(run, &m);
        let year = |y: u32| -> f64 {
            flows
                .iter()
                .filter(|f| f.year == y && !f.transfer())
                .map(|f| f.cost_eur)
                .sum()
        };
        let steady = (4 - k..4).map(year).sum::<f64>() / k as f64;
        for y in 4..7 {
            assert!(
                (year(y) - steady).abs() <= 1e-6 * steady.abs(),
                "year {y}: {} against the steady state {steady}",
                year(y)
            );
        }
        assert!(
            (year(4) - year(3)).abs() > 1e-9 * steady.abs(),
            "the last year repeated"
        );
    }
}
