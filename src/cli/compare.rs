//! `wijksim compare` and `wijksim run`: run the comparison pipeline, print the table,
//! write the files and, from their bytes, the report.

use super::output::{emit, header, out_dir, write_set};
use super::RunArgs;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use wijksim::comparison::{self, CompareOptions, Stage};
use wijksim::export::table;
use wijksim::format::Lang;
use wijksim::model::LinkageModel;
use wijksim::report::{self, RunFiles};

/// Run `models` (none = the scenario's reference model) and write the results, with
/// `report.html` unless `no_report`.
pub fn compare(
    args: &RunArgs,
    models: Vec<LinkageModel>,
    behaviour: bool,
    psa: bool,
    no_report: bool,
    force: bool,
) -> anyhow::Result<()> {
    let s = args.load()?;
    let opts = CompareOptions {
        models,
        check_invariants: args.check_invariants,
        by_municipality: args.by_municipality,
        behaviour,
        psa,
    };
    let out_dir = out_dir(args.out.as_deref(), &s);
    // Before any simulation: a folder holding a sweep or others' files is refused.
    super::output::refuse_foreign_folder(&out_dir, super::output::ResultKind::Run, force)?;

    let (sim_steps, sens_steps) = comparison::steps(&s, &opts);
    let bar = progress_bar(args.quiet, sim_steps, &format!("simulating '{}'", s.name()));
    let sens = progress_bar(
        args.quiet || sens_steps == 0,
        sens_steps,
        "sensitivity runs",
    );
    let c = comparison::compare(&s, &opts, &|stage| match stage {
        Stage::Simulation => bar.inc(1),
        Stage::Sensitivity => {
            bar.finish_and_clear();
            sens.inc(1)
        }
    })?;
    bar.finish_and_clear();
    sens.finish_and_clear();

    let mut text = table::comparison(&c.results, s.name());
    text.push_str(&table::mkba(&c));
    let mut files = wijksim::export::run_files(&c, &s)?;
    let header = header(&s, c.spec.seed);
    if !no_report {
        // The report reads the very bytes about to be written, through the same
        // parser as `wijksim report DIR`, so both give the same file.
        let mut run = RunFiles::new(&header);
        for (name, bytes) in &files {
            run.insert(name, bytes);
        }
        let html = report::build(&run, Lang::En).context("building report.html")?;
        files.push((report::file_name(Lang::En), html));
    }
    // Files first: a closed pipe on the table must never cost the results.
    let n = write_set(&out_dir, header, files)?;
    emit(&text)?;
    eprintln!("wrote {n} files to {}", out_dir.display());
    Ok(())
}

/// A progress bar on stderr, hidden when quiet or not on a terminal.
pub fn progress_bar(quiet: bool, total: u64, message: &str) -> ProgressBar {
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
