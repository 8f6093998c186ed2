//! Bad command-line input: flags that do not fit together or with the files they name.
//! Each variant says what was given and what is allowed; `main` maps every one of them
//! to exit code 2 (bad input), like a bad scenario file.

use std::path::PathBuf;
use wijksim::scenario::echo;

/// Command-line input the command cannot act on.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Shared options the command would silently ignore.
    #[error("`wijksim {command}` does not use {}", .flags.join(", "))]
    Unused {
        /// The subcommand.
        command: &'static str,
        /// The options given that it does not use.
        flags: Vec<&'static str>,
    },
    /// A flag that sets a scenario key, outside that key's range.
    #[error("{flag}: {value} is out of range; allowed {min} to {max} ({unit})")]
    OutOfRange {
        /// The flag as typed.
        flag: &'static str,
        /// The value given.
        value: u64,
        /// The key's least value.
        min: i64,
        /// The key's greatest value.
        max: i64,
        /// The key's unit.
        unit: &'static str,
    },
    /// A `--shard` that is not K/N (the library's message names what was given).
    #[error("{0}")]
    Shard(String),
    /// A pilot of a model against itself.
    #[error("--model {model} --against {model}: a pilot compares two different models")]
    SameModels {
        /// The model given twice.
        model: &'static str,
    },
    /// `--expect-sha256` or `--expect-scenario-sha256` that no longer matches its file.
    #[error(
        "{what} changed since the job scripts were written (sha256 {} then, {} \
         now); nothing was run. Restore the file, or run `wijksim slurm` again \
         to write scripts for the changed sweep (in another --out)",
        echo(.expected),
        &.now[..16.min(.now.len())]
    )]
    Changed {
        /// The file, as the message names it.
        what: String,
        /// The hash given on the command line.
        expected: String,
        /// The file's hash now.
        now: String,
    },
    /// An `--out` that already holds finished units of this sweep, without `--resume`.
    #[error(
        "{} already holds {records} finished unit(s) of this sweep: add --resume to \
         continue it, or choose another --out",
        .path.display()
    )]
    Unfinished {
        /// The shard's journal.
        path: PathBuf,
        /// Finished units it holds.
        records: usize,
    },
    /// An `--out` that holds another sweep's journal.
    #[error(
        "{} belongs to a different sweep (another sweep file, design, seed or wijksim \
         version): choose another --out, or delete that shard folder to start over",
        .path.display()
    )]
    OtherSweep {
        /// The shard's journal.
        path: PathBuf,
    },
    /// An `--out` that holds another kind of result or files wijksim did not write.
    #[error(
        "{} holds {holds}; {what} there would replace or mix with it: choose another \
         folder with --out, or add --force to write there anyway",
        .out.display()
    )]
    ForeignFolder {
        /// The output folder.
        out: PathBuf,
        /// What it holds.
        holds: String,
        /// What the command would write.
        what: &'static str,
    },
    /// Slurm options the scripts cannot be written with.
    #[error(transparent)]
    Slurm(#[from] wijksim::sweep::slurm::SlurmError),
    /// `wijksim check` on a path that is not a regular file.
    #[error(
        "{} is {kind}; it must be a regular file: a scenario of at most {scenario_mib} MiB \
         or a sweep file of at most {sweep_mib} MiB",
        echo(&.path.display().to_string())
    )]
    NotRegularFile {
        /// The path given.
        path: PathBuf,
        /// What it is instead (a folder, a FIFO, ...).
        kind: &'static str,
        /// A scenario's limit, MiB.
        scenario_mib: u64,
        /// A sweep file's limit, MiB.
        sweep_mib: u64,
    },
    /// `wijksim check` on a sweep file over its limit.
    #[error(
        "{} is too large ({bytes} bytes); a sweep file must be at most {limit_mib} MiB",
        echo(&.path.display().to_string())
    )]
    SweepTooLarge {
        /// The path given.
        path: PathBuf,
        /// Its size.
        bytes: usize,
        /// A sweep file's limit, MiB.
        limit_mib: u64,
    },
    /// `wijksim check --set` on a sweep file.
    #[error("--set applies to scenarios; a sweep file sets values through its axes")]
    SetOnSweep,
}
