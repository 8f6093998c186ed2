//! Exporters: each turns results into bytes; the CLI writes them (atomically).
//! Nothing here touches the file system or the terminal. [`run_files`] is the list of
//! files a comparison writes, shared by `compare`/`run` (to disk) and the workshop
//! server (in memory, for its report download).

pub mod csv_files;
pub mod json;
pub mod table;

use crate::model::LinkageModel;
use crate::outcomes::OUTCOMES;
use crate::runner::Results;
use crate::stats::{paired_as, summarise_as, Summary};

/// Statistics of one outcome under one model.
#[derive(Debug, Clone)]
pub struct OutcomeStats {
    /// Model.
    pub model: LinkageModel,
    /// Outcome name.
    pub outcome: &'static str,
    /// The model's own mean and interval.
    pub own: Summary,
    /// Paired difference from the reference model, when the reference was run and this
    /// is not it.
    pub diff: Option<Summary>,
}

/// Statistics per model and outcome, in model then outcome order.
pub fn outcome_stats(results: &Results) -> Vec<OutcomeStats> {
    let reference = results.spec.reference;
    let has_ref = results.spec.models.contains(&reference);
    let column = |m: LinkageModel, i: usize| -> Vec<f64> {
        results.of(m).map(|r| r.outcomes.0[i]).collect()
    };
    let mut out = Vec::new();
    for &m in &results.spec.models {
        for (i, &name) in OUTCOMES.iter().enumerate() {
            let xs = column(m, i);
            let kind = results.interval_kind();
            let diff =
                (has_ref && m != reference).then(|| paired_as(&xs, &column(reference, i), kind));
            out.push(OutcomeStats {
                model: m,
                outcome: name,
                own: summarise_as(&xs, kind),
                diff,
            });
        }
    }
    out
}

/// A file of a run that could not be formatted.
#[derive(Debug, thiserror::Error)]
#[error("formatting {file}: {message}")]
pub struct FileError {
    /// The file.
    pub file: &'static str,
    /// Why.
    pub message: String,
}

/// The files a comparison of `scenario` writes, in the order `compare` writes them
/// (`report.html` aside, which is built from these bytes): summaries, series, the
/// resolved scenario, the MKBA files, the recommendation and the probabilistic
/// analysis, each only where there is something to write.
pub fn run_files(
    c: &crate::comparison::Comparison,
    scenario: &crate::scenario::Scenario,
) -> Result<Vec<(&'static str, Vec<u8>)>, FileError> {
    fn named<E: std::fmt::Display>(file: &'static str) -> impl FnOnce(E) -> FileError {
        move |e| FileError {
            file,
            message: e.to_string(),
        }
    }
    let results = &c.results;
    let mut files = vec![
        (
            "summary.csv",
            csv_files::summary(results).map_err(named("summary.csv"))?,
        ),
        (
            "summary_stats.csv",
            csv_files::summary_stats(results).map_err(named("summary_stats.csv"))?,
        ),
        (
            "timeseries.csv",
            csv_files::timeseries(results).map_err(named("timeseries.csv"))?,
        ),
        (
            "scenario.resolved.toml",
            crate::scenario::resolved_toml(
                scenario,
                env!("CARGO_PKG_VERSION"),
                c.spec.seed,
                c.spec.replications,
            )
            .into_bytes(),
        ),
    ];
    if c.spec.by_municipality {
        files.push((
            "municipalities.csv",
            csv_files::municipalities(results).map_err(named("municipalities.csv"))?,
        ));
    }
    files.push((
        "mkba.csv",
        csv_files::mkba(results, &scenario.policy.mkba).map_err(named("mkba.csv"))?,
    ));
    if let Some(a) = &c.mkba {
        files.push((
            "mkba_summary.csv",
            csv_files::mkba_summary(a).map_err(named("mkba_summary.csv"))?,
        ));
        if !c.horizons.is_empty() {
            files.push((
                "mkba_horizons.csv",
                csv_files::mkba_horizons(&c.horizons).map_err(named("mkba_horizons.csv"))?,
            ));
        }
        files.push((
            "mkba_sensitivity.csv",
            csv_files::mkba_sensitivity(&c.sensitivity, &a.models)
                .map_err(named("mkba_sensitivity.csv"))?,
        ));
    }
    if let Some(p) = &c.packages {
        files.push((
            "packages.csv",
            csv_files::packages(p).map_err(named("packages.csv"))?,
        ));
        files.push((
            "packages_detail.csv",
            csv_files::packages_detail(p).map_err(named("packages_detail.csv"))?,
        ));
    }
    if let Some(r) = &c.recommendation {
        files.push((
            "recommendation.json",
            json::recommendation(r).map_err(named("recommendation.json"))?,
        ));
    }
    if let Some(p) = &c.psa {
        files.push(("psa.csv", csv_files::psa(p).map_err(named("psa.csv"))?));
        files.push((
            "evppi.csv",
            csv_files::evppi(p).map_err(named("evppi.csv"))?,
        ));
    }
    Ok(files)
}
