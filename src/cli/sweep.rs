//! `wijksim sweep`, `wijksim merge` and `wijksim slurm`: run a sweep file's design
//! (whole, or one shard), merge shards into the final files, and write the Slurm
//! scripts that do both on a cluster.

use super::output::{command_line, emit};
use super::CliError;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use wijksim::format::{fmt_auto, Lang};
use wijksim::output::{folder_name, Header};
use wijksim::sweep::finish::{self, FinishReport};
use wijksim::sweep::run::{self, Progress, Shard};
use wijksim::sweep::slurm::{self, SlurmOptions, SLURM_DIR};
use wijksim::sweep::{self as sweeps, Sweep};

/// A run stopped on request (Ctrl-C); `main` exits with 130.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Interrupted(pub String);

/// Options of `wijksim sweep`.
pub struct SweepArgs<'a> {
    pub file: &'a Path,
    pub out: Option<&'a Path>,
    pub shard: Option<&'a str>,
    pub resume: bool,
    /// The sweep file's SHA-256 when `wijksim slurm` wrote the job scripts.
    pub expect_sha256: Option<&'a str>,
    /// The base scenario's SHA-256 then.
    pub expect_scenario_sha256: Option<&'a str>,
    /// Write into a folder holding another kind of result or others' files.
    pub force: bool,
    pub quiet: bool,
    /// Skip report.html when the whole sweep is done.
    pub no_report: bool,
}

fn header(sweep: &Sweep) -> Header {
    let name = Path::new(&sweep.origin).file_name().map_or_else(
        || sweep.origin.clone(),
        |n| n.to_string_lossy().into_owned(),
    );
    header_for(sweep, &name, &sweep.source_hash)
}

/// The manifest header of a sweep's files: `input` is the sweep file it was started
/// from (a merge reads the shards' copy, but records the original).
fn header_for(sweep: &Sweep, input: &str, input_sha256: &str) -> Header {
    let mut extras = std::collections::BTreeMap::new();
    extras.insert("sweep".to_string(), input.to_string());
    extras.insert(
        "design_sha256".to_string(),
        sweep.design_hash(env!("CARGO_PKG_VERSION")),
    );
    Header {
        program_version: env!("CARGO_PKG_VERSION").to_string(),
        command_line: command_line(),
        input_sha256: input_sha256.to_string(),
        seed: sweep.seed,
        extras,
    }
}

/// The default output folder of a sweep file: `output/<its name>`.
fn default_out(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    PathBuf::from("output").join(folder_name(&stem))
}

/// The running estimates as one line: `broad −4.2 M ± 0.3 · partial …`.
fn estimates_line(p: &Progress) -> String {
    let e = &p.estimates;
    let npv = e.reference.is_some();
    let parts: Vec<String> = e
        .by_model
        .iter()
        .filter(|(m, _)| Some(*m) != e.reference)
        .map(|(m, r)| {
            let (mean, half) = (r.mean(), r.half_width());
            let f = |x: f64| {
                if x.is_nan() {
                    "…".to_string()
                } else if npv {
                    format!("{} M", fmt_auto(x / 1e6, Lang::En))
                } else {
                    format!("{x:.0}")
                }
            };
            if half.is_nan() {
                format!("{} {}", m.name(), f(mean))
            } else {
                format!("{} {} ± {}", m.name(), f(mean), f(half))
            }
        })
        .collect();
    match e.reference {
        Some(r) => format!("{} vs {}: {}", "NPV", r.name(), parts.join(" · ")),
        None => format!("{}: {}", e.outcome, parts.join(" · ")),
    }
}

/// The Ctrl-C flag: set once, the run finishes the units in flight and stops.
fn stop_flag() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let s = stop.clone();
    // Only one handler per process; a second call (never made) would just fail.
    let _ = ctrlc::set_handler(move || {
        if s.swap(true, Ordering::SeqCst) {
            // A second Ctrl-C: the user means it. Journals hold every finished unit.
            std::process::exit(130);
        }
        eprintln!("\nstopping after the units in flight (Ctrl-C again to quit at once)…");
    });
    stop
}

fn quote(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// A design of this many units or more is timed before it (or a shard of it) starts.
const LARGE_UNITS: u64 = 1000;

/// The number of units and an estimated time, from one unit (the design's first point,
/// replication 0) run and timed here, on this machine, before the sweep starts: a
/// 33.5-million-unit design once started with no idea of its length.
fn estimate(sweep: &Sweep, units: u64) -> String {
    let started = std::time::Instant::now();
    let _ = run::run_unit(sweep, 0, 0);
    let one = started.elapsed().as_secs_f64();
    let threads = rayon::current_num_threads().max(1) as f64;
    // Units run in parallel, one per thread; the estimate assumes they scale.
    let total = one * units as f64 / threads;
    let human = if total < 120.0 {
        format!("{total:.0} s")
    } else if total < 2.0 * 3600.0 {
        format!("{:.0} min", total / 60.0)
    } else if total < 2.0 * 86_400.0 {
        format!("{:.1} h", total / 3600.0)
    } else {
        format!("{:.1} days", total / 86_400.0)
    };
    let of = if units < sweep.units() {
        format!(" ({units} in this shard)")
    } else {
        String::new()
    };
    format!(
        "{} units{of}; one took {one:.2} s here, so about {human} on {threads} thread(s) \
         (an estimate from one unit; Ctrl-C stops and --resume continues)",
        sweep.units()
    )
}

/// `wijksim sweep`.
pub fn sweep(a: &SweepArgs) -> anyhow::Result<()> {
    let sweep = sweeps::load_file(a.file)?;
    refuse_changed(a, &sweep)?;
    let shard = match a.shard {
        Some(s) => Shard::parse(s).map_err(CliError::Shard)?,
        None => Shard::ALL,
    };
    let out = a.out.map_or_else(|| default_out(a.file), Path::to_path_buf);
    super::output::refuse_foreign_folder(&out, super::output::ResultKind::Sweep, a.force)?;
    let provenance = header(&sweep);
    let mine = shard.units(sweep.units());
    if !a.quiet {
        eprintln!(
            "sweep {}: {} design, {} points x {} replication(s) x {} model(s); {}{} units",
            a.file.display(),
            sweep.kind.name(),
            sweep.points(),
            sweep.replications,
            sweep.models.len(),
            if shard.n > 1 {
                format!("shard {}/{}: ", shard.k, shard.n)
            } else {
                String::new()
            },
            mine
        );
    }
    if !a.quiet && sweep.units() >= LARGE_UNITS && !a.resume {
        eprintln!("{}", estimate(&sweep, mine));
    }
    let bar = if a.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::new(mine);
        b.set_style(
            ProgressStyle::with_template(
                "[{bar:30}] {pos}/{len} units, {per_sec}, {elapsed} (eta {eta})\n{msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    };
    let stop = stop_flag();
    let started = std::time::Instant::now();
    let report = run::run_shard(
        &sweep,
        &out,
        shard,
        a.resume,
        &provenance,
        &stop,
        &mut |p| {
            if bar.position() == 0 && p.resumed > 0 {
                bar.reset_elapsed();
            }
            bar.set_position(p.done);
            bar.set_message(estimates_line(p));
        },
    )
    .map_err(|e| match e {
        run::SweepError::Journal(wijksim::output::journal::JournalError::NotEmpty {
            path,
            records,
        }) => anyhow::Error::new(CliError::Unfinished { path, records }),
        run::SweepError::Journal(wijksim::output::journal::JournalError::Foreign {
            path, ..
        }) => anyhow::Error::new(CliError::OtherSweep { path }),
        e => e.into(),
    })?;
    bar.finish_and_clear();
    let p = &report.progress;
    let shard_flag = if shard.n > 1 {
        format!(" --shard {}/{}", shard.k, shard.n)
    } else {
        String::new()
    };
    if report.stopped {
        return Err(Interrupted(format!(
            "stopped: {} of {} units done and kept in {}; continue with:\n  wijksim sweep {} --out {}{} --resume",
            p.done,
            p.total,
            report.dir.join(run::JOURNAL_FILE).display(),
            quote(a.file),
            quote(&out),
            shard_flag
        ))
        .into());
    }
    if !a.quiet {
        eprintln!(
            "{} units in {:.1} s ({} resumed from the journal; {:.1}% of the threads' time \
             not spent simulating); {}",
            p.total,
            started.elapsed().as_secs_f64(),
            p.resumed,
            100.0 * report.overhead(),
            estimates_line(p)
        );
        if p.failed > 0 {
            eprintln!(
                "{} run(s) failed: see the status column of runs.csv",
                p.failed
            );
        }
    }
    if shard.n > 1 {
        emit(&format!(
            "shard {}/{} done ({} units) in {}\nwhen every shard is done: wijksim merge {}\n",
            shard.k,
            shard.n,
            p.total,
            report.dir.display(),
            quote(&out)
        ))?;
        return Ok(());
    }
    let finishing = std::time::Instant::now();
    let journals = finish::find_journals(std::slice::from_ref(&report.dir))?;
    let r = finish::finish(&sweep, &journals, &out, &provenance, !a.no_report)?;
    if !a.quiet {
        eprintln!("final files in {:.2} s", finishing.elapsed().as_secs_f64());
    }
    print_finish(&r)
}

/// A job of `wijksim slurm` runs the sweep file as it was when the scripts were
/// written, or not at all: an edit in between (seed 3 to 4) once made the tasks run the
/// edited sweep while the scripts' manifest still recorded seed 3.
fn refuse_changed(a: &SweepArgs, sweep: &Sweep) -> anyhow::Result<()> {
    let checks = [
        (
            a.expect_sha256,
            &sweep.source_hash,
            a.file.display().to_string(),
        ),
        (
            a.expect_scenario_sha256,
            &sweep.scenario.source_hash,
            format!("its base scenario ({})", sweep.scenario.name()),
        ),
    ];
    for (want, now, what) in checks {
        if let Some(want) = want {
            if !want.eq_ignore_ascii_case(now) {
                return Err(CliError::Changed {
                    what,
                    expected: want.to_string(),
                    now: now.clone(),
                }
                .into());
            }
        }
    }
    Ok(())
}

fn print_finish(r: &FinishReport) -> anyhow::Result<()> {
    let mut text = format!(
        "{} points, {} units{}\n",
        r.points,
        r.units,
        if r.failed_runs > 0 {
            format!(", {} failed run(s) (see runs.csv)", r.failed_runs)
        } else {
            String::new()
        }
    );
    if !r.drivers.is_empty() {
        text.push_str("\nWhat drives the outcomes:\n");
        for d in &r.drivers {
            text.push_str(&format!("  - {d}\n"));
        }
    }
    if !r.discovery.is_empty() {
        text.push_str("\nWhich model is best where:\n");
        for d in &r.discovery {
            text.push_str(&format!("  - {d}\n"));
        }
    }
    text.push_str(&format!(
        "\n{} files written to {}\n",
        r.files,
        r.dir.display()
    ));
    emit(&text)
}

/// `wijksim merge`.
pub fn merge(
    dirs: &[PathBuf],
    out: Option<&Path>,
    quiet: bool,
    no_report: bool,
) -> anyhow::Result<()> {
    let journals = finish::find_journals(dirs)?;
    let first = journals
        .first()
        .context("no shard journals found in the folders given")?;
    let sweep = finish::load_from_shard(first)?;
    let out = out.map_or_else(|| dirs[0].clone(), Path::to_path_buf);
    super::output::refuse_foreign_folder(&out, super::output::ResultKind::Sweep, false)?;
    if !quiet {
        eprintln!(
            "merging {} shard(s) of {} units into {}",
            journals.len(),
            sweep.units(),
            out.display()
        );
    }
    let (name, sha) = &first.input;
    let r = finish::finish(
        &sweep,
        &journals,
        &out,
        &header_for(&sweep, name, sha),
        !no_report,
    )?;
    print_finish(&r)
}

/// Options of `wijksim slurm`.
pub struct SlurmArgs<'a> {
    pub file: &'a Path,
    pub out: Option<&'a Path>,
    pub shards: u32,
    pub partition: Option<String>,
    pub time: String,
    pub cpus: u32,
    pub max_running: Option<u32>,
}

fn absolute(p: &Path) -> anyhow::Result<PathBuf> {
    std::path::absolute(p).with_context(|| format!("cannot make {} absolute", p.display()))
}

/// `wijksim slurm`.
pub fn slurm(a: &SlurmArgs) -> anyhow::Result<()> {
    // The sweep is checked now, on the login node, not by a hundred failing tasks.
    let sweep = sweeps::load_file(a.file)?;
    let out = absolute(&a.out.map_or_else(|| default_out(a.file), Path::to_path_buf))?;
    // Refused now, on the login node, rather than by every task.
    super::output::refuse_foreign_folder(&out, super::output::ResultKind::Sweep, false)?;
    let opts = SlurmOptions {
        shards: a.shards,
        partition: a.partition.clone(),
        time: a.time.clone(),
        cpus: a.cpus,
        max_running: a.max_running,
        program: std::env::current_exe().context("cannot find the wijksim program's path")?,
        sweep_file: absolute(a.file)?,
        out: out.clone(),
        sweep_sha256: sweep.source_hash.clone(),
        scenario_sha256: sweep.scenario.source_hash.clone(),
    };
    let scripts = slurm::scripts(&opts).map_err(CliError::Slurm)?;
    let dir = out.join(SLURM_DIR);
    let mut provenance = header(&sweep);
    provenance
        .extras
        .insert("scenario_sha256".into(), sweep.scenario.source_hash.clone());
    let mut set = wijksim::output::OutputSet::new(&dir, provenance);
    for (name, text) in scripts {
        set.add_file(name, text.into_bytes())?;
    }
    set.commit()?;
    // Scripts are run by bash explicitly below, so they need no execute bit; set it
    // anyway for those who run submit.sh directly.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(
            dir.join("submit.sh"),
            std::fs::Permissions::from_mode(0o755),
        );
    }
    let per_shard = sweep.units().div_ceil(a.shards as u64);
    emit(&format!(
        "{} units in {} shards (about {per_shard} each), {} CPU(s) per task{}.\n\
         Scripts in {}:\n  sweep.sbatch  the job array (task K runs shard K/{})\n  \
         merge.sbatch  the merge, after every task succeeded\n  submit.sh     submits both\n\n\
         Submit:\n  bash {}\n\
         A task that failed or ran out of time: resubmit it alone (it resumes), then the merge:\n  \
         sbatch --array=K {}\n  sbatch {}\n",
        sweep.units(),
        a.shards,
        a.cpus,
        a.max_running
            .map(|m| format!(", at most {m} at once"))
            .unwrap_or_default(),
        dir.display(),
        a.shards,
        quote(&dir.join("submit.sh")),
        quote(&dir.join("sweep.sbatch")),
        quote(&dir.join("merge.sbatch")),
    ))
}
