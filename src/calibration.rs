//! Calibration targets: figures the field reports, and whether the simulated status
//! quo reproduces them (sources in docs/ODD.md, section 6 and the parameter table).

use crate::runner::{self, Results, RunSpec};
use crate::scenario::Scenario;
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
}

/// The targets, in report order.
pub const TARGETS: &[Target] = &[
    Target {
        outcome: "finance_present_share",
        label: "team clients with a financial problem",
        low: 0.60,
        high: 0.70,
        source: "seed 000 (Jungmann et al. 2015): 60-70%",
    },
    Target {
        outcome: "problematic_debt_share",
        label: "households with problematic debt",
        low: 0.06,
        high: 0.10,
        source: "CBS: 8.3-8.6% (2015-2018), ~9% (2024)",
    },
    Target {
        outcome: "debt_help_share",
        label: "problematic-debt households in debt help",
        low: 0.10,
        high: 0.20,
        source: "CBS 2018: 14.4% known to debt help",
    },
    Target {
        outcome: "staff_turnover",
        label: "staff leavers per post per year",
        low: 0.15,
        high: 0.30,
        source: "CBS via Movisie: 17% left the sector, 31% changed job",
    },
    Target {
        outcome: "referral_wait_mean_weeks",
        label: "wait for a first debt-help appointment (weeks)",
        low: 1.2,
        high: 2.0,
        source: "NVVK: 11 days (1.6 weeks) on average; legal norm 4 weeks (Wgs art. 4)",
    },
    Target {
        outcome: "mean_debt_at_registration_eur",
        label: "mean debt at debt-help registration (euro)",
        low: 35_000.0,
        high: 45_000.0,
        source: "NVVK: 43,513 (2019), 40,170 (2022)",
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
                .collect();
            Check {
                target,
                simulated: summarise(&xs),
            }
        })
        .collect();
    (results, checks)
}
