//! Writing a command's files through the one output writer ([`wijksim::output`]): the
//! whole set or nothing, with `manifest.json` recording the program, the command and
//! the input; and printing to standard output.

use anyhow::Context;
use std::path::{Path, PathBuf};
use wijksim::output::{folder_name, Header, OutputSet};
use wijksim::scenario::Scenario;

/// Names earlier versions wrote into an output folder without a manifest: the program's
/// own, replaced or removed when found in such a folder.
const LEGACY: &[&str] = &[
    "summary.csv",
    "summary_stats.csv",
    "timeseries.csv",
    "scenario.resolved.toml",
    "mkba.csv",
    "mkba_summary.csv",
    "municipalities.csv",
    "pilot_power.csv",
];

/// The output folder: `--out`, or `output/` and a safe folder name derived from the
/// scenario's name (a name chooses no path: `output::folder_name`).
pub fn out_dir(out: Option<&Path>, s: &Scenario) -> PathBuf {
    match out {
        Some(p) => p.to_path_buf(),
        None => PathBuf::from("output").join(folder_name(s.name())),
    }
}

/// The command line as given, without where its output went (`--out DIR`): the
/// manifest records how the files were made, and the same command written elsewhere
/// gives the same bytes.
pub fn command_line() -> Vec<String> {
    let mut out = Vec::new();
    let mut args = std::env::args();
    if args.next().is_some() {
        out.push("wijksim".to_string());
    }
    while let Some(a) = args.next() {
        if a == "--out" {
            args.next();
        } else if !a.starts_with("--out=") {
            out.push(a);
        }
    }
    out
}

/// How a run is described in its manifest: the program, the command, the input and
/// the seed. The report shows the same header the manifest gets.
pub fn header(scenario: &Scenario, seed: u64) -> Header {
    let mut extras = std::collections::BTreeMap::new();
    extras.insert("scenario".to_string(), scenario.name().to_string());
    extras.insert("input".to_string(), scenario.origin.clone());
    Header {
        program_version: env!("CARGO_PKG_VERSION").to_string(),
        command_line: command_line(),
        input_sha256: scenario.source_hash.clone(),
        seed,
        extras,
    }
}

/// Write `files` to `dir` as one set, described by `header`.
pub fn write_set(
    dir: &Path,
    header: Header,
    files: Vec<(&'static str, Vec<u8>)>,
) -> anyhow::Result<usize> {
    let n = files.len();
    let mut set = OutputSet::new(dir, header).legacy_owned(LEGACY);
    for (name, bytes) in files {
        set.add_file(name, bytes)
            .with_context(|| format!("preparing {name}"))?;
    }
    set.commit()?;
    Ok(n + 1)
}

/// Print to standard output. A closed pipe (`wijksim params | head`) is not an error:
/// the reader has what it wanted, and nothing else is affected.
pub fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}

/// The kind of result a command writes into its output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultKind {
    /// `compare` or `run`.
    Run,
    /// `sweep` or `merge` (with its shard folders and Slurm scripts).
    Sweep,
}

impl ResultKind {
    fn commands(self) -> &'static [&'static str] {
        match self {
            ResultKind::Run => &["compare", "run"],
            ResultKind::Sweep => &["sweep", "merge"],
        }
    }

    /// What a command of this kind is called in a message.
    fn what(self) -> &'static str {
        match self {
            ResultKind::Run => "a comparison",
            ResultKind::Sweep => "a sweep",
        }
    }
}

/// A sweep's own entries of its folder beside the files its manifest lists: shard
/// folders (with their journals) and the Slurm scripts.
fn sweep_entry(name: &str) -> bool {
    wijksim::sweep::run::Shard::from_dir_name(name).is_some()
        || name == wijksim::sweep::slurm::SLURM_DIR
}

/// A folder holds one result. Before a command writes its kind of result into `out`,
/// refuse (exit 2) a folder that holds another kind (a `compare` run for `sweep` or
/// `merge`, a sweep for `compare`) or files no command of wijksim wrote, naming what is
/// there and suggesting another `--out` or `--force`: the writer would otherwise remove
/// the other result's files (a `merge` once removed a comparison's ten). The same kind
/// of result is replaced as ever (the `output/default` workflow). Reads only.
pub fn refuse_foreign_folder(out: &Path, kind: ResultKind, force: bool) -> anyhow::Result<()> {
    if force {
        return Ok(());
    }
    let Ok(entries) = std::fs::read_dir(out) else {
        return Ok(()); // absent (or unreadable: the writer says why)
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let manifest: Option<wijksim::output::Manifest> =
        std::fs::read(out.join(wijksim::output::MANIFEST_FILE))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
    let refuse = |what: String| -> anyhow::Result<()> {
        Err(super::CliError::ForeignFolder {
            out: out.to_path_buf(),
            holds: what,
            what: kind.what(),
        }
        .into())
    };
    let list = |v: &[&String]| {
        let shown: Vec<String> = v
            .iter()
            .take(5)
            .map(|n| wijksim::scenario::echo(n))
            .collect();
        if v.len() > 5 {
            format!("{} and {} more", shown.join(", "), v.len() - 5)
        } else {
            shown.join(", ")
        }
    };
    if let Some(m) = &manifest {
        let command = &m.header.command_line;
        let mine = command
            .get(1)
            .is_some_and(|c| kind.commands().contains(&c.as_str()));
        if !mine {
            let listed: Vec<&String> = m.files.iter().map(|f| &f.name).collect();
            return refuse(format!(
                "the result of `{}` ({} file(s): {})",
                wijksim::scenario::echo(&command.join(" ")),
                listed.len(),
                list(&listed)
            ));
        }
    }
    let own = |n: &str| {
        n == wijksim::output::MANIFEST_FILE
            || n == wijksim::output::LOCK_FILE
            || n.starts_with(".wijksim")
            || n == "COMMIT"
            || n == ".previous-manifest.json"
            || manifest.as_ref().is_some_and(|m| m.file(n).is_some())
    };
    let sweep_parts: Vec<&String> = names.iter().filter(|n| sweep_entry(n)).collect();
    if kind == ResultKind::Run && !sweep_parts.is_empty() {
        return refuse(format!(
            "a sweep's shards or scripts ({})",
            list(&sweep_parts)
        ));
    }
    let foreign: Vec<&String> = names
        .iter()
        .filter(|n| !(own(n) || (kind == ResultKind::Sweep && sweep_entry(n))))
        .filter(|n| {
            !(kind == ResultKind::Run && manifest.is_none() && LEGACY.contains(&n.as_str()))
        })
        .collect();
    if !foreign.is_empty() {
        return refuse(format!(
            "{} file(s) wijksim did not write: {}",
            foreign.len(),
            list(&foreign)
        ));
    }
    Ok(())
}
