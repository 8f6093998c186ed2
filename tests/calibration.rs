//! Calibration targets as tests (issue 3): the default scenario's status quo lands in
//! the ranges the field reports. Four replications of the full default scenario: the
//! replication-to-replication spread of each target is a few tenths of a percentage
//! point (see `wijksim calibrate`), far inside the ranges' margins.

use wijksim::calibration::calibrate;
use wijksim::scenario;

#[test]
fn default_status_quo_meets_every_calibration_target() {
    let s = scenario::load_default(&["run.replications=4".parse().unwrap()]).unwrap();
    let (_, checks) = calibrate(&s, &|| {});
    let report: Vec<String> = checks
        .iter()
        .map(|c| {
            format!(
                "{}: {:.4} (range {} - {})",
                c.target.outcome, c.simulated.mean, c.target.low, c.target.high
            )
        })
        .collect();
    assert!(checks.iter().all(|c| c.in_range()), "{}", report.join("\n"));
}
