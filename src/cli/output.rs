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
