//! The command line: the only code that sees clap. Each subcommand has its own file;
//! all of them load the scenario through the library and write through [`output`].

mod bench;
mod calibrate;
mod check;
mod choice;
mod compare;
mod error;
mod output;
mod params;
mod pilot_size;
mod report;
mod serve;
mod sweep;

pub use error::CliError;
pub use sweep::Interrupted;

use choice::Choice;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use wijksim::format::Lang;
use wijksim::model::LinkageModel;
use wijksim::pilot::PilotOutcome;
use wijksim::scenario::{self, Override, Scenario};

const EXAMPLES: &str = "\
Examples:
  wijksim compare                                  # the embedded default scenario, all three models
  wijksim compare scenarios/workshop.toml --reps 5
  wijksim compare --set team.caseload_cap=40 --out output/cap40
  wijksim run scenarios/utrecht.toml --model partial --reps 20 --seed 7
  wijksim report output/default --lang nl           # the Dutch report of a finished run
  wijksim check my_municipality.toml
  wijksim serve scenarios/workshop.toml            # the workshop what-if app on http://127.0.0.1:8080/
  wijksim params";

const SWEEP_EXAMPLES: &str = "\
Examples:
  wijksim sweep scenarios/example_sweep.toml                 # one machine, all cores
  wijksim sweep scenarios/example_sweep.toml --resume        # after Ctrl-C or a crash
  wijksim sweep s.toml --shard 2/4 --out output/s            # one of four shards
  wijksim merge output/s                                     # the final files from all shards
  wijksim report output/s --lang nl                          # the sweep's report in Dutch
  wijksim slurm s.toml --shards 50 --cpus 4 --max-running 20 --out /scratch/me/s";

/// wijksim: how should Work & Income be linked to the district teams?
#[derive(Debug, Parser)]
#[command(name = "wijksim", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compare broad, partial and separate with common random numbers, with the
    /// societal cost-benefit analysis and a pilot recommendation.
    #[command(after_help = EXAMPLES)]
    Compare {
        #[command(flatten)]
        args: RunArgs,
        /// Also vary every uncertain behavioural assumption one at a time to the ends of
        /// its plausible range (simulated again, up to 4 replications each) and say which
        /// could change the choice.
        #[arg(long)]
        sensitivity: bool,
        /// Probabilistic sensitivity analysis: every replication draws the uncertain
        /// assumptions from their plausible ranges (the same draw for every model), so
        /// intervals and the probability best include what we do not know; also says
        /// what a pilot should measure (value of information). Use 100+ replications.
        #[arg(long)]
        psa: bool,
        /// Do not write report.html (the HTML report made from the run's files).
        #[arg(long)]
        no_report: bool,
        /// Write into an output folder that holds another kind of result (a sweep) or
        /// files wijksim did not write.
        #[arg(long)]
        force: bool,
    },
    /// Run one linkage model.
    #[command(after_help = EXAMPLES)]
    Run {
        #[command(flatten)]
        args: RunArgs,
        /// Linkage model to switch on (default: the scenario's reference model).
        #[arg(long)]
        model: Option<Choice<LinkageModel>>,
        /// Do not write report.html (the HTML report made from the run's files).
        #[arg(long)]
        no_report: bool,
        /// Write into an output folder that holds another kind of result (a sweep) or
        /// files wijksim did not write.
        #[arg(long)]
        force: bool,
    },
    /// Build the HTML report of a finished run or sweep from the files in its folder,
    /// and add it to them: report.html (English) or report.nl.html (Dutch). The
    /// folder must be unchanged since the run wrote it (its manifest.json is checked).
    #[command(
        after_help = "Examples:\n  wijksim report output/default\n  wijksim report output/default --lang nl"
    )]
    Report {
        /// The run's output folder (written by `wijksim compare` or `wijksim run`), or a
        /// finished sweep's (`wijksim sweep`, `wijksim merge`).
        dir: PathBuf,
        /// Language of the report: en (report.html) or nl (report.nl.html).
        #[arg(long, default_value = "en")]
        lang: Choice<Lang>,
    },
    /// Estimate how many teams and months a pilot needs to detect the difference
    /// between two models (80% power, unpaired, clustered by team).
    #[command(
        name = "pilot-size",
        after_help = "Example:\n  wijksim pilot-size scenarios/workshop.toml --model partial --outcome finance_detected_share --months 24"
    )]
    PilotSize {
        #[command(flatten)]
        args: RunArgs,
        /// Model run in the pilot teams.
        #[arg(long)]
        model: Choice<LinkageModel>,
        /// Model of the control teams (default: the scenario's reference model).
        #[arg(long)]
        against: Option<Choice<LinkageModel>>,
        /// Team-level outcome the pilot measures.
        #[arg(long, default_value = "finance_detected_share")]
        outcome: Choice<PilotOutcome>,
        /// Longest pilot considered, in months (checked every 6 months).
        #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(6..=120))]
        months: u32,
        /// Most teams per arm considered.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(2..=200))]
        max_teams: u64,
        /// Resampled pilots per cell of the power table.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(100..=100_000))]
        trials: u32,
    },
    /// Measure simulation speed on this machine: household-weeks per second at each
    /// thread count, parallel efficiency and peak memory. Writes nothing.
    #[command(
        after_help = "Examples:\n  wijksim bench                                # default scenario, 1 and all threads\n  wijksim bench scenarios/netherlands.toml --reps 1 --threads 2\n  wijksim bench --model separate --threads 1"
    )]
    Bench {
        #[command(flatten)]
        args: RunArgs,
        /// Run only this model (default: all three).
        #[arg(long)]
        model: Option<Choice<LinkageModel>>,
        /// Thread counts to measure, comma-separated (default: 1 and all available).
        #[arg(long, value_delimiter = ',', value_parser = clap::value_parser!(u32).range(1..=1024))]
        threads: Vec<u32>,
    },
    /// Compare the simulated status quo with the field's published figures.
    Calibrate(RunArgs),
    /// Check a scenario file (or a sweep file) and report the first problem.
    Check {
        /// Scenario or sweep file (TOML).
        scenario: PathBuf,
        /// Override a parameter, e.g. --set team.caseload_cap=40 (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
    },
    /// The workshop what-if app: a local web page on which people move the levers and
    /// see the three models answer side by side (loopback only unless --bind says so).
    #[command(
        after_help = "Examples:\n  wijksim serve scenarios/workshop.toml\n  wijksim warmup scenarios/workshop.toml --out output/ws-warm && wijksim serve scenarios/workshop.toml --warmup output/ws-warm/warmup.bin\n  wijksim serve --port 9000 --bind 0.0.0.0     # reachable from the room's network: prints a warning"
    )]
    Serve {
        /// Scenario file (TOML); the embedded default when omitted.
        scenario: Option<PathBuf>,
        /// Port to listen on.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on; anything but loopback makes the app reachable from
        /// other computers (a warning is printed).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Start from a warm-up file written by `wijksim warmup` for this scenario.
        #[arg(long, value_name = "FILE")]
        warmup: Option<PathBuf>,
    },
    /// Warm up every replication of a scenario once and save the states
    /// (DIR/warmup.bin), for `wijksim serve --warmup`.
    Warmup {
        /// Scenario file (TOML).
        scenario: PathBuf,
        /// Output folder (default: output/<scenario name>-warmup/).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Run a sweep file: many runs over a design of parameter values (grid, Latin
    /// hypercube, one at a time, Morris, Sobol'), crash-safe and resumable; whole, or one
    /// shard of it.
    #[command(after_help = SWEEP_EXAMPLES)]
    Sweep {
        /// Sweep file (TOML).
        sweep: PathBuf,
        /// Output folder (default: output/<sweep file name>/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Run only shard K of N (1 <= K <= N), e.g. 3/8; merge the shards afterwards.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// Continue a sweep that was stopped or killed: skip the units its journal holds.
        #[arg(long)]
        resume: bool,
        /// Run only if the sweep file's SHA-256 is this (the job scripts of `wijksim
        /// slurm` give the hash of the file as it was when they were written).
        #[arg(long, value_name = "SHA256")]
        expect_sha256: Option<String>,
        /// Run only if the base scenario file's SHA-256 is this.
        #[arg(long, value_name = "SHA256")]
        expect_scenario_sha256: Option<String>,
        /// Write into an output folder that holds another kind of result or files
        /// wijksim did not write.
        #[arg(long)]
        force: bool,
        /// Threads (default: all available).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
        threads: Option<u32>,
        /// No progress display.
        #[arg(long, short)]
        quiet: bool,
        /// Do not write report.html (the sweep's report, made from its final files
        /// when the whole sweep is done).
        #[arg(long)]
        no_report: bool,
    },
    /// Merge the shards of a sweep into its final files (the same bytes as a run on one
    /// machine).
    #[command(after_help = SWEEP_EXAMPLES)]
    Merge {
        /// The sweep's output folder, or shard folders (shard-K-of-N), possibly copied
        /// from several machines.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output folder (default: the first folder given).
        #[arg(long)]
        out: Option<PathBuf>,
        /// No progress messages.
        #[arg(long, short)]
        quiet: bool,
        /// Do not write report.html (the sweep's report, made from the merged files).
        #[arg(long)]
        no_report: bool,
    },
    /// Write Slurm scripts that run a sweep as a job array (one shard per task) and
    /// merge it when every task succeeded.
    #[command(after_help = SWEEP_EXAMPLES)]
    Slurm {
        /// Sweep file (TOML).
        sweep: PathBuf,
        /// Shards (array tasks).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        shards: u32,
        /// The sweep's output folder, on storage every node sees (default:
        /// output/<sweep file name>/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Partition (default: the cluster's).
        #[arg(long)]
        partition: Option<String>,
        /// Time limit per task.
        #[arg(long, default_value = "01:00:00")]
        time: String,
        /// CPUs (threads) per task.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=1024))]
        cpus: u32,
        /// Most tasks running at once.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        max_running: Option<u32>,
    },
    /// List every parameter with unit, default, range and source.
    Params {
        /// Print a complete scenario file with every default instead of a table.
        #[arg(long, conflicts_with = "markdown")]
        toml: bool,
        /// Print the table in Markdown (the parameter table of docs/ODD.md).
        #[arg(long)]
        markdown: bool,
    },
}

/// Options shared by the commands that run a scenario (`compare`, `run`, `bench`,
/// `pilot-size`, `calibrate`); each uses what applies to it.
#[derive(Debug, Args)]
struct RunArgs {
    /// Scenario file (TOML); the embedded default when omitted.
    scenario: Option<PathBuf>,
    /// Replications per model (default: run.replications in the scenario).
    #[arg(long)]
    reps: Option<u32>,
    /// Master seed (default: run.seed in the scenario).
    #[arg(long)]
    seed: Option<u64>,
    /// Output folder (default: output/<scenario name>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Override a parameter, e.g. --set team.caseload_cap=40 (repeatable). World
    /// parameters act from week 0, policy parameters from the switch week.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
    /// Check every invariant of the state every week (slow); a violation stops with
    /// exit code 1 naming the week, entity and rule.
    #[arg(long)]
    check_invariants: bool,
    /// Also write municipalities.csv: each municipality's own outcomes (for scenarios
    /// with [[municipality]] tables).
    #[arg(long)]
    by_municipality: bool,
}

impl RunArgs {
    /// Refuse the shared options that `command` would silently ignore (exit code 2).
    fn refuse(
        &self,
        command: &'static str,
        out: bool,
        check: bool,
        by_municipality: bool,
    ) -> anyhow::Result<()> {
        let given: Vec<&str> = [
            (out && self.out.is_some(), "--out"),
            (check && self.check_invariants, "--check-invariants"),
            (by_municipality && self.by_municipality, "--by-municipality"),
        ]
        .into_iter()
        .filter_map(|(on, flag)| on.then_some(flag))
        .collect();
        if given.is_empty() {
            Ok(())
        } else {
            Err(CliError::Unused {
                command,
                flags: given,
            }
            .into())
        }
    }

    fn load(&self) -> anyhow::Result<Scenario> {
        self.load_with(&[])
    }

    /// Load with extra overrides applied before the user's own.
    fn load_with(&self, extra: &[Override]) -> anyhow::Result<Scenario> {
        let mut overrides = extra.to_vec();
        overrides.extend(parse_overrides(&self.set)?);
        // The flags set run keys; they are checked here, against the same ranges, so that
        // a mistake is blamed on the flag the user typed.
        for (flag, key, value) in [
            ("--reps", "run.replications", self.reps.map(u64::from)),
            ("--seed", "run.seed", self.seed),
        ] {
            let Some(v) = value else { continue };
            if let Some(spec) = scenario::registry::spec(key) {
                if let scenario::registry::Kind::Int { min, max } = spec.kind {
                    if (v as i128) < min as i128 || (v as i128) > max as i128 {
                        return Err(CliError::OutOfRange {
                            flag,
                            value: v,
                            min,
                            max,
                            unit: spec.unit,
                        }
                        .into());
                    }
                }
            }
            overrides.push(Override {
                key: key.into(),
                value: v.to_string(),
            });
        }
        load(self.scenario.as_deref(), &overrides)
    }
}

fn parse_overrides(set: &[String]) -> anyhow::Result<Vec<Override>> {
    Ok(set
        .iter()
        .map(|s| s.parse::<Override>())
        .collect::<Result<Vec<_>, _>>()?)
}

fn load(path: Option<&std::path::Path>, overrides: &[Override]) -> anyhow::Result<Scenario> {
    Ok(match path {
        Some(p) => scenario::load_file(p, overrides)?,
        None => scenario::load_default(overrides)?,
    })
}

/// Parse arguments and run the chosen command.
pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Compare {
            args,
            sensitivity,
            psa,
            no_report,
            force,
        } => compare::compare(
            &args,
            LinkageModel::ALL.to_vec(),
            sensitivity,
            psa,
            no_report,
            force,
        ),
        Command::Run {
            args,
            model,
            no_report,
            force,
        } => {
            let models = model.map(|m| vec![m.get()]).unwrap_or_default();
            compare::compare(&args, models, false, false, no_report, force)
        }
        Command::Report { dir, lang } => report::report(&dir, lang.get()),
        Command::PilotSize {
            args,
            model,
            against,
            outcome,
            months,
            max_teams,
            trials,
        } => {
            args.refuse("pilot-size", false, true, true)?;
            pilot_size::pilot_size(&pilot_size::PilotArgs {
                run: &args,
                model: model.get(),
                against: against.map(Choice::get),
                outcome: outcome.get(),
                outcome_name: outcome.name().to_string(),
                months,
                max_teams: max_teams as usize,
                trials,
            })
        }
        Command::Bench {
            args,
            model,
            threads,
        } => {
            let models = model.map_or_else(|| LinkageModel::ALL.to_vec(), |m| vec![m.get()]);
            let mut threads: Vec<usize> = threads.into_iter().map(|t| t as usize).collect();
            // One thread first, so that the others' efficiency has its reference.
            threads.sort_unstable();
            threads.dedup();
            if threads.is_empty() {
                let all = std::thread::available_parallelism().map_or(1, |n| n.get());
                threads = if all > 1 { vec![1, all] } else { vec![1] };
            }
            args.refuse("bench", true, true, true)?;
            bench::bench(&args, models, &threads)
        }
        Command::Calibrate(args) => {
            args.refuse("calibrate", true, true, true)?;
            calibrate::calibrate(&args)
        }
        Command::Check { scenario, set } => check::check(&scenario, &parse_overrides(&set)?),
        Command::Params { toml, markdown } => params::params(toml, markdown),
        Command::Serve {
            scenario,
            port,
            bind,
            warmup,
        } => serve::serve(scenario.as_deref(), port, bind, warmup.as_deref()),
        Command::Warmup { scenario, out } => serve::warmup(&scenario, out.as_deref()),
        Command::Sweep {
            sweep: file,
            out,
            shard,
            resume,
            expect_sha256,
            expect_scenario_sha256,
            force,
            threads,
            quiet,
            no_report,
        } => {
            if let Some(t) = threads {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(t as usize)
                    .build_global()
                    .map_err(|e| anyhow::anyhow!("cannot start {t} threads: {e}"))?;
            }
            sweep::sweep(&sweep::SweepArgs {
                file: &file,
                out: out.as_deref(),
                shard: shard.as_deref(),
                resume,
                expect_sha256: expect_sha256.as_deref(),
                expect_scenario_sha256: expect_scenario_sha256.as_deref(),
                force,
                quiet,
                no_report,
            })
        }
        Command::Merge {
            dirs,
            out,
            quiet,
            no_report,
        } => sweep::merge(&dirs, out.as_deref(), quiet, no_report),
        Command::Slurm {
            sweep: file,
            shards,
            out,
            partition,
            time,
            cpus,
            max_running,
        } => sweep::slurm(&sweep::SlurmArgs {
            file: &file,
            out: out.as_deref(),
            shards,
            partition,
            time,
            cpus,
            max_running,
        }),
    }
}
