//! Exporters: each turns results into bytes; the CLI writes them (atomically).
//! Nothing here touches the file system or the terminal.

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
