//! `wijksim compare` and `wijksim run`: run the models, print the table, write the files.

use super::output::{emit, write_outputs, OutputFile};

/// The files `compare` and `run` write (and so may replace).
const OWNED: &[&str] = &[
    "summary.csv",
    "summary_stats.csv",
    "timeseries.csv",
    "scenario.resolved.toml",
    "mkba.csv",
    "mkba_summary.csv",
    "municipalities.csv",
];
use super::RunArgs;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use wijksim::export::{csv_files, table};
use wijksim::mkba;
use wijksim::model::LinkageModel;
use wijksim::runner::{self, RunSpec};
use wijksim::scenario;

/// Run `models` (none = the scenario's reference model) and write the results.
pub fn compare(args: &RunArgs, models: Vec<LinkageModel>, behaviour: bool) -> anyhow::Result<()> {
    let s = args.load()?;
    let mut spec = RunSpec::from_scenario(&s, models);
    if spec.models.is_empty() {
        spec.models = vec![spec.reference];
    }
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(s.name()));

    let total = runner::progress_steps(&s, &spec);
    let bar = progress_bar(args.quiet, total, &format!("simulating '{}'", s.name()));
    spec.check_invariants = args.check_invariants;
    spec.by_municipality = args.by_municipality;
    let results = runner::run(&s, &spec, &|| bar.inc(1));
    bar.finish_and_clear();
    if let Some(v) = results.violation() {
        anyhow::bail!("invariant violated: {v}");
    }

    let mut text = table::comparison(&results, s.name());
    let prices = &s.policy.mkba;
    let appraisal = mkba::appraise(&results, prices);
    if let (Some(a), Some(first)) = (&appraisal, results.runs.first()) {
        let years = mkba::horizon(first, prices);
        let mut sensitivity = mkba::price_sensitivity(&results, prices);
        if behaviour {
            let reps = spec.replications.min(4);
            let n = mkba::BEHAVIOURAL_ASSUMPTIONS.len() as u64 * 2 + 1;
            let bar = progress_bar(
                args.quiet,
                n * reps as u64 * spec.models.len() as u64 * s.parts.len() as u64,
                "sensitivity runs",
            );
            sensitivity.extend(mkba::behaviour_sensitivity(&s, &spec, reps, &|| {
                bar.inc(1)
            })?);
            bar.finish_and_clear();
        }
        let recommendation = mkba::recommendation(a, &sensitivity, years);
        text.push_str(&table::mkba(
            a,
            &recommendation,
            years,
            prices.discount_rate,
        ));
    }
    let mut files = vec![
        OutputFile::new(
            "summary.csv",
            csv_files::summary(&results).context("formatting summary.csv")?,
        ),
        OutputFile::new(
            "summary_stats.csv",
            csv_files::summary_stats(&results).context("formatting summary_stats.csv")?,
        ),
        OutputFile::new(
            "timeseries.csv",
            csv_files::timeseries(&results).context("formatting timeseries.csv")?,
        ),
        OutputFile::new(
            "scenario.resolved.toml",
            scenario::resolved_toml(&s, env!("CARGO_PKG_VERSION"), spec.seed, spec.replications)
                .into_bytes(),
        ),
    ];
    if spec.by_municipality {
        files.push(OutputFile::new(
            "municipalities.csv",
            csv_files::municipalities(&results).context("formatting municipalities.csv")?,
        ));
    }
    files.push(OutputFile::new(
        "mkba.csv",
        csv_files::mkba(&results, prices).context("formatting mkba.csv")?,
    ));
    if let Some(a) = &appraisal {
        files.push(OutputFile::new(
            "mkba_summary.csv",
            csv_files::mkba_summary(a).context("formatting mkba_summary.csv")?,
        ));
    }
    // Files first: a closed pipe on the table must never cost the results.
    write_outputs(&out_dir, &files, OWNED)?;
    emit(&text)?;
    eprintln!("wrote {} files to {}", files.len(), out_dir.display());
    Ok(())
}

/// A progress bar on stderr, hidden when quiet or not on a terminal.
fn progress_bar(quiet: bool, total: u64, message: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let b = ProgressBar::new(total);
    b.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg} [{bar:30}] {pos}/{len} runs, {elapsed} (eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    b.set_message(message.to_string());
    b
}
