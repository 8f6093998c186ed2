//! Calibration targets and a world at rest, as tests (issues 3 and 17).
//!
//! - The calibration targets of `wijksim calibrate` are met by the default scenario's
//!   status quo for five run seeds (new households and life events, the same town).
//! - The status quo is level over 15 years: the least-squares change of each weekly
//!   series over the horizon stays within the tolerance `wijksim calibrate` applies
//!   (docs/ODD.md section 6), both on average over 20 replications and at the edge of
//!   its 95% interval nearer to zero (so a drift that large would not hide in noise).
//! - The W&I desk's own waits meet NVVK's 11 days for five seeds: its posts follow
//!   demand towards the norm (`wi.capacity_rule`, docs/ODD.md section 7.13), where a
//!   desk with fixed posts was bistable.

use wijksim::calibration::{calibrate, drifts, Check, Drift};
use wijksim::model::LinkageModel;
use wijksim::runner::{self, RunResult, RunSpec};
use wijksim::scenario;

/// The drifts of the default status quo over 15 years, 20 replications.
fn fifteen_years() -> Vec<Drift> {
    let s = scenario::load_default(&[
        "run.replications=20".parse().unwrap(),
        "run.horizon_weeks=780".parse().unwrap(),
    ])
    .unwrap();
    let sq = s.warmup.run.status_quo_model;
    assert_eq!(sq, LinkageModel::Separate);
    let results = runner::run(&s, &RunSpec::from_scenario(&s, vec![sq]), &|| {});
    let runs: Vec<&RunResult> = results.runs.iter().collect();
    drifts(&runs, 780, s.households())
}

/// Assert that each of `series` is level: mean change and the interval's nearer edge
/// within the allowed change.
fn assert_level(found: &[Drift], series: &[&str]) {
    let report: Vec<String> = found
        .iter()
        .map(|d| {
            format!(
                "{}: level {:.1}, change over 15 years {:+.1} ({:+.3} [{:+.3}, {:+.3}]), allowed {:.1}",
                d.level.series,
                d.mean_level,
                d.change(),
                d.relative.mean,
                d.relative.lo,
                d.relative.hi,
                d.allowed
            )
        })
        .collect();
    for &name in series {
        let d = found
            .iter()
            .find(|d| d.level.series == name)
            .unwrap_or_else(|| panic!("no series {name}"));
        assert!(
            d.within_tolerance(),
            "{name} drifts:\n{}",
            report.join("\n")
        );
        let scale = if d.mean_level.abs() > 0.0 {
            d.mean_level.abs()
        } else {
            1.0
        };
        let nearest = if d.relative.lo > 0.0 {
            d.relative.lo
        } else if d.relative.hi < 0.0 {
            d.relative.hi
        } else {
            0.0
        };
        assert!(
            (nearest * scale).abs() <= d.allowed,
            "{name}: its whole interval lies beyond the tolerance:\n{}",
            report.join("\n")
        );
    }
}

#[test]
fn default_status_quo_is_level_over_fifteen_years() {
    assert_level(
        &fifteen_years(),
        &[
            "problematic_debt_households",
            "unresolved_debt_households",
            "in_care",
            "waiting_list",
            "mean_caseload",
            "wi_queue",
            "arrangement_queue",
            "arrangements",
        ],
    );
}

/// The calibration checks of the default status quo for run seeds 1 to 5, four
/// replications each, restricted to the targets on `outcomes`.
fn five_seeds(outcomes: &[&str]) {
    for seed in 1u64..=5 {
        let s = scenario::load_default(&[
            "run.replications=4".parse().unwrap(),
            format!("run.seed={seed}").parse().unwrap(),
        ])
        .unwrap();
        let (_, checks) = calibrate(&s, &|| {});
        let checks: Vec<&Check> = checks
            .iter()
            .filter(|c| outcomes.contains(&c.target.outcome))
            .collect();
        assert_eq!(checks.len(), outcomes.len(), "a target was renamed");
        let report: Vec<String> = checks
            .iter()
            .map(|c| {
                format!(
                    "{}: {:.4} [{:.4}, {:.4}] (range {} - {})",
                    c.target.outcome,
                    c.simulated.mean,
                    c.simulated.lo,
                    c.simulated.hi,
                    c.target.low,
                    c.target.high
                )
            })
            .collect();
        assert!(
            checks.iter().all(|c| c.in_range()),
            "seed {seed}:\n{}",
            report.join("\n")
        );
    }
}

#[test]
fn default_status_quo_meets_household_and_team_targets_for_five_seeds() {
    five_seeds(&[
        "finance_present_share",
        "problematic_debt_share",
        "debt_help_share",
        "staff_turnover",
        "intake_wait_mean_weeks",
        "mean_caseload",
        "arrangement_wait_mean_weeks",
        "mean_debt_at_registration_eur",
    ]);
}

#[test]
fn default_status_quo_meets_the_w_and_i_wait_targets_for_five_seeds() {
    five_seeds(&["wi_queue_wait_mean_weeks", "referral_wait_mean_weeks"]);
}

#[test]
fn every_target_has_a_source_and_a_range() {
    for t in wijksim::calibration::TARGETS {
        assert!(t.low < t.high, "{}", t.outcome);
        assert!(!t.source.trim().is_empty(), "{}", t.outcome);
        assert!(
            wijksim::outcomes::outcome_index(t.outcome).is_some(),
            "{} is not an outcome",
            t.outcome
        );
    }
}
