//! Calibration targets: figures the field reports, and whether the simulated status
//! quo reproduces them (sources in docs/ODD.md, section 6 and the parameter table).

use crate::outcomes::SERIES;
use crate::runner::{self, Results, RunResult, RunSpec};
use crate::scenario::{Scenario, Value};
use crate::stats::{summarise, Summary};

/// One calibration target.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// Outcome column it is compared with.
    pub outcome: &'static str,
    /// Plain description.
    pub label: &'static str,
    /// Lowest acceptable value.
    pub low: f64,
    /// Highest acceptable value.
    pub high: f64,
    /// Where the range comes from.
    pub source: &'static str,
    /// What the outcome is divided by before it is compared.
    pub per: Per,
}

/// The targets, in report order.
pub const TARGETS: &[Target] = &[
    Target {
        outcome: "finance_present_share",
        label: "team clients with a financial problem",
        low: 0.60,
        high: 0.70,
        source: "Mol et al. 2016 (citing Jungmann et al. 2015): 60-70%",
        per: Per::One,
    },
    Target {
        outcome: "problematic_debt_share",
        label: "households with problematic debt",
        low: 0.06,
        high: 0.10,
        source: "CBS: 8.3-8.6% (2015-2018), ~9% (2024)",
        per: Per::One,
    },
    Target {
        outcome: "debt_help_share",
        label: "problematic-debt households in debt help",
        low: 0.10,
        high: 0.20,
        source: "CBS 2018: 14.4% known to debt help",
        per: Per::One,
    },
    Target {
        outcome: "staff_turnover",
        label: "staff leavers per post per year",
        low: 0.15,
        high: 0.30,
        source: "CBS via Movisie: 17% left the sector, 31% changed job",
        per: Per::One,
    },
    Target {
        outcome: "intake_wait_mean_weeks",
        label: "wait for a team intake (weeks)",
        low: 2.0,
        high: 8.0,
        source: "assumption 2-8 weeks (waiting lists reported, no national figure; Wijchen >12 weeks 2019, Barendrecht weeks to months 2018)",
        per: Per::One,
    },
    Target {
        outcome: "mean_caseload",
        label: "caseload per generalist / team.caseload_cap",
        low: 0.8,
        high: 1.0,
        source: "assumption: teams work full (seeds report high caseloads and waiting lists)",
        per: Per::CaseloadCap,
    },
    Target {
        outcome: "wi_queue_wait_mean_weeks",
        label: "wait in the W&I queue for debt help (weeks)",
        low: 0.5,
        high: 2.5,
        source: "NVVK: 11 days (1.6 weeks) from registration to a first conversation, a national mean of municipalities that differ (assumption: +/- 1 week); legal norm 4 weeks (Wgs art. 4); hand-off excluded",
        per: Per::One,
    },
    Target {
        outcome: "referral_wait_mean_weeks",
        label: "wait from team referral to debt help (weeks)",
        low: 1.5,
        high: 4.0,
        source: "the W&I queue's wait (NVVK 11 days) plus the hand-off to the desk; at most the legal norm of 4 weeks",
        per: Per::One,
    },
    Target {
        outcome: "arrangement_wait_mean_weeks",
        label: "wait for the credit bank's arrangement (weeks)",
        low: 10.0,
        high: 20.0,
        source: "GKB/NVVK: proposal ~120 days (17 weeks) after the overview is requested, ~7 weeks of it for the overview (our stabilisation) => ~10 weeks; up to 20 with the creditors' answer",
        per: Per::One,
    },
    Target {
        outcome: "mean_debt_at_registration_eur",
        label: "mean debt at debt-help registration (euro)",
        low: 35_000.0,
        high: 45_000.0,
        source: "NVVK: 43,513 (2019), 40,170 (2022)",
        per: Per::One,
    },
];

/// A target with its simulated value.
#[derive(Debug, Clone)]
pub struct Check {
    /// The target.
    pub target: Target,
    /// Simulated mean and interval over replications.
    pub simulated: Summary,
}

impl Check {
    /// Whether the simulated mean lies in the target range.
    pub fn in_range(&self) -> bool {
        (self.target.low..=self.target.high).contains(&self.simulated.mean)
    }
}

/// Run the status quo (every team under `run.status_quo_model`, no policy change) and
/// compare with the targets.
pub fn calibrate(s: &Scenario, progress: &(dyn Fn() + Sync)) -> (Results, Vec<Check>) {
    let sq = s.warmup.run.status_quo_model;
    let spec = RunSpec::from_scenario(s, vec![sq]);
    let results = runner::run(s, &spec, progress);
    let checks = TARGETS
        .iter()
        .map(|&target| {
            let xs: Vec<f64> = results
                .runs
                .iter()
                .filter_map(|r| r.outcomes.get(target.outcome))
                .map(|x| match target.per {
                    Per::One => x,
                    Per::CaseloadCap => x / s.policy.team.caseload_cap as f64,
                })
                .collect();
            Check {
                target,
                simulated: summarise(&xs),
            }
        })
        .collect();
    (results, checks)
}

/// What a target's simulated value is divided by before it is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// The outcome as it is.
    One,
    /// The scenario's caseload cap per generalist (`team.caseload_cap`).
    CaseloadCap,
}

/// A weekly series whose level must stay put under the status quo (docs/ODD.md
/// section 6, "a world at rest").
#[derive(Debug, Clone, Copy)]
pub struct Level {
    /// Series name (see [`crate::outcomes::SERIES`]).
    pub series: &'static str,
    /// Plain description.
    pub label: &'static str,
}

/// The series whose drift `wijksim calibrate` checks, in report order.
pub const LEVELS: &[Level] = &[
    Level {
        series: "problematic_debt_households",
        label: "households with problematic debt",
    },
    Level {
        series: "unresolved_debt_households",
        label: "... not in a running arrangement",
    },
    Level {
        series: "in_care",
        label: "households in team care",
    },
    Level {
        series: "waiting_list",
        label: "team waiting list",
    },
    Level {
        series: "mean_caseload",
        label: "mean caseload per generalist",
    },
    Level {
        series: "wi_queue",
        label: "W&I queue (debt help)",
    },
    Level {
        series: "arrangement_queue",
        label: "credit-bank queue",
    },
    Level {
        series: "arrangements",
        label: "running arrangements",
    },
];

/// Largest change of a series' level over the horizon, as a share of its mean level.
/// The field's own prevalence of problematic debt moved by about this much within a
/// decade (8.6% in 2015, 7.6% in 2020, ~9% in 2024; CBS), so a drift of the simulated
/// status quo within it is indistinguishable from the world's own movement, while the
/// drift that issue 17 found (-20% to -40% over 15 years) is not.
pub const DRIFT_TOLERANCE: f64 = 0.10;

/// For small series (queues near zero) a relative change means little: the change over
/// the horizon may also be up to this many per 1,000 households (15 households in the
/// default town of 75,000), or 1 for a series that is not a count of households (the
/// mean caseload).
pub const DRIFT_FLOOR_PER_1000: f64 = 0.2;

/// Least-squares slope of `(week, value)` points, per week (0 with fewer than 2 weeks).
pub fn slope(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    if points.len() < 2 {
        return 0.0;
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for &(x, y) in points {
        sxx += (x - mx) * (x - mx);
        sxy += (x - mx) * (y - my);
    }
    if sxx > 0.0 {
        sxy / sxx
    } else {
        0.0
    }
}

/// The `(week, value)` points of series `metric` in one run.
fn points_of(run: &RunResult, metric: u8) -> Vec<(f64, f64)> {
    run.series
        .iter()
        .filter(|p| p.metric == metric)
        .map(|p| (p.week as f64, p.value))
        .collect()
}

fn metric_id(series: &str) -> u8 {
    SERIES
        .iter()
        .position(|&s| s == series)
        .expect("a series of outcomes::SERIES") as u8
}

/// The drift of one series over the horizon.
#[derive(Debug, Clone)]
pub struct Drift {
    /// The series.
    pub level: Level,
    /// Mean level over the horizon and the replications.
    pub mean_level: f64,
    /// Change over the horizon (least-squares slope x horizon) as a share of
    /// `mean_level` (as it is when that level is 0): mean and 95% interval over
    /// replications.
    pub relative: Summary,
    /// The largest acceptable |change| over the horizon, in the series' own units:
    /// [`DRIFT_TOLERANCE`] x `mean_level`, or the floor for small series.
    pub allowed: f64,
}

impl Drift {
    /// Mean change over the horizon, in the series' own units.
    pub fn change(&self) -> f64 {
        if self.mean_level.abs() > 0.0 {
            self.relative.mean * self.mean_level
        } else {
            self.relative.mean
        }
    }

    /// Whether the mean change over the horizon is within the tolerance.
    pub fn within_tolerance(&self) -> bool {
        self.change().abs() <= self.allowed
    }

    /// Whether the series is level: its mean change is within the tolerance, or its 95%
    /// interval holds no change at all (with few replications a queue's mean change
    /// can exceed the tolerance by noise alone; a drift must be both material and
    /// distinguishable from noise).
    pub fn level(&self) -> bool {
        self.within_tolerance() || (self.relative.lo <= 0.0 && self.relative.hi >= 0.0)
    }
}

/// The drift of each of [`LEVELS`] in `runs` (one model's replications), over
/// `horizon` weeks, in a town of `households`.
pub fn drifts(runs: &[&RunResult], horizon: u32, households: u64) -> Vec<Drift> {
    LEVELS
        .iter()
        .map(|&level| {
            let id = metric_id(level.series);
            let series: Vec<Vec<(f64, f64)>> = runs.iter().map(|r| points_of(r, id)).collect();
            let levels: Vec<f64> = series
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| s.iter().map(|p| p.1).sum::<f64>() / s.len() as f64)
                .collect();
            let mean_level = if levels.is_empty() {
                0.0
            } else {
                levels.iter().sum::<f64>() / levels.len() as f64
            };
            let changes: Vec<f64> = series.iter().map(|s| slope(s) * horizon as f64).collect();
            let scale = if mean_level.abs() > 0.0 {
                mean_level
            } else {
                1.0
            };
            let relative: Vec<f64> = changes.iter().map(|c| c / scale).collect();
            let floor = if level.series == "mean_caseload" {
                1.0
            } else {
                DRIFT_FLOOR_PER_1000 * households as f64 / 1000.0
            };
            Drift {
                level,
                mean_level,
                relative: summarise(&relative),
                allowed: (DRIFT_TOLERANCE * mean_level.abs()).max(floor),
            }
        })
        .collect()
}

/// Welch's procedure: window (weeks either side) of the moving average.
pub const WELCH_WINDOW_WEEKS: u32 = 26;

/// Welch's procedure: the band around the final level, as a share of that level.
pub const WELCH_BAND: f64 = 0.05;

/// The warm-up one series needs by Welch's procedure.
#[derive(Debug, Clone)]
pub struct Settling {
    /// The series.
    pub level: Level,
    /// The final level: the moving average's mean over the last quarter of the run.
    pub final_level: f64,
    /// First week from which the moving average stays within the band of the final
    /// level (`None`: it never settles within the run's first three quarters).
    pub week: Option<u32>,
}

/// Welch's moving average of the replication-mean series `mean` (one value per point,
/// at weeks `weeks`): each point averaged with up to `window` weeks either side, the
/// window shrunk near the ends so it stays symmetric.
pub fn welch_average(weeks: &[f64], mean: &[f64], window: f64) -> Vec<f64> {
    let (first, last) = match (weeks.first(), weeks.last()) {
        (Some(&a), Some(&b)) => (a, b),
        _ => return Vec::new(),
    };
    weeks
        .iter()
        .map(|&w| {
            let half = window.min(w - first).min(last - w);
            let (mut sum, mut n) = (0.0, 0.0);
            for (&x, &y) in weeks.iter().zip(mean) {
                if (x - w).abs() <= half {
                    sum += y;
                    n += 1.0;
                }
            }
            sum / n
        })
        .collect()
}

/// The first week from which `avg` (at `weeks`) stays within `band` of `target`.
pub fn settled_from(weeks: &[f64], avg: &[f64], target: f64, band: f64) -> Option<u32> {
    let last_out = avg.iter().rposition(|a| (a - target).abs() > band);
    match last_out {
        None => weeks.first().map(|&w| w as u32),
        Some(i) => weeks.get(i + 1).map(|&w| w as u32),
    }
}

/// Welch's procedure on each of [`LEVELS`] over `runs` started at week 0 (no
/// warm-up), in a town of `households`.
pub fn welch(runs: &[&RunResult], households: u64) -> Vec<Settling> {
    LEVELS
        .iter()
        .map(|&level| {
            let id = metric_id(level.series);
            let series: Vec<Vec<(f64, f64)>> = runs.iter().map(|r| points_of(r, id)).collect();
            let n = series.iter().map(Vec::len).min().unwrap_or(0);
            let weeks: Vec<f64> = series
                .first()
                .map_or(Vec::new(), |s| s.iter().take(n).map(|p| p.0).collect());
            let mean: Vec<f64> = (0..n)
                .map(|i| series.iter().map(|s| s[i].1).sum::<f64>() / series.len() as f64)
                .collect();
            let avg = welch_average(&weeks, &mean, WELCH_WINDOW_WEEKS as f64);
            let tail = &avg[avg.len() * 3 / 4..];
            let final_level = if tail.is_empty() {
                0.0
            } else {
                tail.iter().sum::<f64>() / tail.len() as f64
            };
            let floor = if level.series == "mean_caseload" {
                0.5
            } else {
                DRIFT_FLOOR_PER_1000 * households as f64 / 1000.0
            };
            // A moving average within twice its own fluctuation at rest (its standard
            // deviation over the last quarter) has settled too: a bursty queue averaged
            // over few replications never stays within 5% of its level.
            let spread = if tail.len() > 1 {
                (tail.iter().map(|a| (a - final_level).powi(2)).sum::<f64>()
                    / (tail.len() - 1) as f64)
                    .sqrt()
            } else {
                0.0
            };
            let band = (WELCH_BAND * final_level.abs())
                .max(floor)
                .max(2.0 * spread);
            // Settling inside the last quarter, the window of the final level itself,
            // is no evidence of settling.
            let last_quarter = weeks.get(weeks.len() * 3 / 4).copied().unwrap_or(0.0) as u32;
            Settling {
                level,
                final_level,
                week: settled_from(&weeks, &avg, final_level, band).filter(|&w| w <= last_quarter),
            }
        })
        .collect()
}

/// Everything `wijksim calibrate` finds.
#[derive(Debug, Clone)]
pub struct Calibration {
    /// The status quo over the scenario's warm-up and horizon.
    pub results: Results,
    /// The field's figures against the simulated status quo.
    pub checks: Vec<Check>,
    /// Drift of each level over the horizon.
    pub drifts: Vec<Drift>,
    /// Welch's procedure on a run from week 0 (no warm-up) over warm-up + horizon.
    pub settling: Vec<Settling>,
    /// Weeks of that run.
    pub welch_weeks: u32,
}

impl Calibration {
    /// Whether every target is met and no level drifts.
    pub fn ok(&self) -> bool {
        self.checks.iter().all(Check::in_range) && self.drifts.iter().all(Drift::level)
    }

    /// The warm-up Welch's procedure suggests: the latest settling week over the
    /// series that settle, rounded up to whole quarters.
    pub fn suggested_warmup(&self) -> u32 {
        let worst = self
            .settling
            .iter()
            .filter_map(|s| s.week)
            .max()
            .unwrap_or(0);
        worst.div_ceil(13) * 13
    }

    /// The series whose moving average never stays within the band in the run.
    pub fn unsettled(&self) -> Vec<&'static str> {
        self.settling
            .iter()
            .filter(|s| s.week.is_none())
            .map(|s| s.level.label)
            .collect()
    }
}

/// [`calibrate`], plus the drift of each level over the horizon and Welch's procedure
/// on a second run of the status quo from week 0 (no warm-up) over warm-up + horizon.
pub fn calibrate_all(s: &Scenario, progress: &(dyn Fn() + Sync)) -> Calibration {
    let (results, checks) = calibrate(s, progress);
    let households = s.households();
    let runs: Vec<&RunResult> = results.runs.iter().collect();
    let drifts = drifts(&runs, s.policy.run.horizon_weeks, households);
    let welch_weeks = (s.warmup.run.warmup_weeks + s.policy.run.horizon_weeks).min(1560);
    let from_zero = s
        .with_values(&[
            ("run.warmup_weeks", Value::I(0), false),
            ("run.horizon_weeks", Value::I(welch_weeks as i64), false),
        ])
        .expect("warm-up 0 and a horizon within range are valid");
    let sq = s.warmup.run.status_quo_model;
    let spec = RunSpec::from_scenario(&from_zero, vec![sq]);
    let cold = runner::run(&from_zero, &spec, progress);
    let runs: Vec<&RunResult> = cold.runs.iter().collect();
    let settling = welch(&runs, households);
    Calibration {
        results,
        checks,
        drifts,
        settling,
        welch_weeks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_of_a_line_and_of_a_constant() {
        let line: Vec<(f64, f64)> = (0..10).map(|w| (w as f64, 3.0 + 0.5 * w as f64)).collect();
        assert!((slope(&line) - 0.5).abs() < 1e-12);
        let flat: Vec<(f64, f64)> = (0..10).map(|w| (w as f64, 7.0)).collect();
        assert_eq!(slope(&flat), 0.0);
        assert_eq!(slope(&[(1.0, 2.0)]), 0.0);
    }

    #[test]
    fn welch_finds_the_end_of_a_transient() {
        // Exponential approach to 100 from 0 with a time constant of 20 weeks: within 5%
        // of it from about week 60 (20 x ln 20).
        let weeks: Vec<f64> = (0..400).map(|w| w as f64).collect();
        let mean: Vec<f64> = weeks
            .iter()
            .map(|w| 100.0 * (1.0 - (-w / 20.0).exp()))
            .collect();
        let avg = welch_average(&weeks, &mean, 5.0);
        let at = settled_from(&weeks, &avg, 100.0, 5.0).unwrap();
        assert!((55..=65).contains(&at), "{at}");
        // A series that is always in the band has settled at its first week.
        assert_eq!(settled_from(&weeks, &vec![100.0; 400], 100.0, 5.0), Some(0));
    }
}
