//! The report: one self-contained HTML file that a programme manager can take
//! to an alderman and a council, and a researcher to a paper, built from a
//! run folder's files alone.
//!
//! # Data flow
//!
//! ```text
//! run folder files ──▶ data::parse ──▶ RunData ─┬─▶ derived (ranges, NPV by replication)
//!   (bytes + the manifest's header)             └─▶ sections ──▶ html::page ──▶ report.html
//! ```
//!
//! `compare` and `run` hand [`build`] the bytes of the files they are about to
//! write ([`RunFiles`]); `wijksim report DIR` hands it the bytes of the
//! verified set on disk ([`read_folder`]). Either way the report sees the
//! same bytes through the same parser, so it is the same report, byte for
//! byte. Nothing is simulated again.
//!
//! # Promises
//!
//! * **Self-contained.** No script, font, image or style sheet is fetched:
//!   CSS sits in a `<style>` element, charts are inline SVG
//!   ([`charts`]), links point only at `#ids` in the page, and a
//!   Content-Security-Policy forbids the browser to load anything else.
//! * **Escaped.** Every text reaches the page through `maud`, which escapes
//!   it; the only markup inserted as is comes from [`charts`], which escapes
//!   its own text.
//! * **Deterministic.** No clock, random id or hash-map order: ids come from
//!   content, numbers go through [`crate::format`]. The same files give the
//!   same bytes.
//! * **Sections appear only when their data is there**: no MKBA section
//!   without `mkba_summary.csv`, no value of information without `evppi.csv`,
//!   no municipality tables without `municipalities.csv`.
//! * **English or Dutch** throughout ([`i18n`]), with Dutch number formats.

pub mod charts;
pub mod data;
pub mod derived;
mod html;
pub use crate::text::ui as i18n;
mod sections;
pub mod sweep_data;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::format::Lang;
use crate::output::{read_verified, Header, VerifyError};

/// Why a report could not be made.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The path is not a folder.
    #[error(
        "{dir} is not a folder; give the output folder of a `wijksim compare` or `wijksim run`, \
         or of a finished `wijksim sweep`"
    )]
    NotAFolder {
        /// The path given.
        dir: PathBuf,
    },
    /// The folder's manifest does not vouch for its files.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// A file every comparison (or every finished sweep) writes is missing.
    #[error(
        "the folder has no {missing}: this is not the output of `wijksim compare` or `wijksim \
         run`, nor of a finished `wijksim sweep` or `wijksim merge` (only those have a report)"
    )]
    NotARun {
        /// The missing file.
        missing: &'static str,
    },
    /// A file cannot be read as what it should be.
    #[error("{file}{}: {reason}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    BadFile {
        /// The file.
        file: &'static str,
        /// The line, where known.
        line: Option<u64>,
        /// What is wrong.
        reason: String,
    },
    /// The files contradict each other (a bug in the program that wrote
    /// them, since the manifest vouches that they belong together).
    #[error("the run's files do not agree: {0}; this is a bug in wijksim, please report it")]
    Inconsistent(String),
}

impl ReportError {
    /// Whether the error is the input's (exit code 2) rather than a failure
    /// of the program or the machine (1).
    pub fn is_bad_input(&self) -> bool {
        match self {
            ReportError::Verify(VerifyError::Io { .. }) | ReportError::Inconsistent(_) => false,
            ReportError::NotAFolder { .. }
            | ReportError::Verify(_)
            | ReportError::NotARun { .. }
            | ReportError::BadFile { .. } => true,
        }
    }
}

/// A run's files as bytes, with the header its manifest has (or will have):
/// the report's only input. Borrowed, so `compare` can lend the files it is
/// about to write.
#[derive(Debug, Clone)]
pub struct RunFiles<'a> {
    /// How the run was made.
    pub header: &'a Header,
    files: BTreeMap<&'a str, &'a [u8]>,
}

impl<'a> RunFiles<'a> {
    /// No files yet, described by `header`.
    pub fn new(header: &'a Header) -> Self {
        RunFiles {
            header,
            files: BTreeMap::new(),
        }
    }

    /// Adds a file; a later file of the same name replaces it.
    pub fn insert(&mut self, name: &'a str, bytes: &'a [u8]) {
        self.files.insert(name, bytes);
    }

    /// The bytes of `name`, if the run has it.
    pub fn get(&self, name: &str) -> Option<&'a [u8]> {
        self.files.get(name).copied()
    }
}

/// A run folder's files, read from disk by [`read_folder`].
#[derive(Debug, Clone)]
pub struct RunFolder {
    /// The manifest's header.
    pub header: Header,
    /// The files the report reads, by name.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Reports the manifest lists that are missing or changed.
    pub stale: Vec<String>,
}

impl RunFolder {
    /// The files as the report's input.
    pub fn view(&self) -> RunFiles<'_> {
        let mut run = RunFiles::new(&self.header);
        for (name, bytes) in &self.files {
            run.insert(name, bytes);
        }
        run
    }
}

/// Reads the files a report needs from the run folder `dir`, after checking
/// that its manifest vouches for every file ([`verify`]); each file is read
/// with [`read_verified`], so all of them belong to that one set.
pub fn read_folder(dir: &Path) -> Result<RunFolder, ReportError> {
    if !dir.is_dir() {
        return Err(ReportError::NotAFolder {
            dir: dir.to_owned(),
        });
    }
    // Reports are derived from the data files: a missing or changed one is
    // rebuilt, not a reason to refuse the folder.
    let manifest = crate::output::verify_except(dir, &is_report)?;
    let stale = crate::output::stale(dir, &manifest, &is_report);
    let mut files = BTreeMap::new();
    // A sweep's files too, but never its runs.csv, which can be larger than
    // memory: the report reads the per-point means in points.csv.
    for name in data::files::ALL.iter().chain(sweep_data::files::ALL) {
        if manifest.file(name).is_some() {
            files.insert(name.to_string(), read_verified(dir, &manifest, name)?);
        }
    }
    Ok(RunFolder {
        header: manifest.header,
        files,
        stale,
    })
}

/// Whether a file of a run or sweep folder is a report (`report.html`,
/// `report.nl.html`): derived from the others, so rebuilt rather than checked.
pub fn is_report(name: &str) -> bool {
    name.starts_with("report") && name.ends_with(".html")
}

/// The width of a page-wide chart in the report, in SVG units.
#[cfg(test)]
pub(crate) fn sections_width() -> f64 {
    sections::WIDE
}

/// The report's file name: `report.html` (English) or `report.nl.html`.
pub fn file_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "report.html",
        Lang::Nl => "report.nl.html",
    }
}

/// Builds the report of a run, or of a sweep, in `lang`: the bytes of one
/// HTML file. The files are a sweep's when they include `points.csv` or
/// `sweep.resolved.toml` ([`sweep_data::is_sweep`]).
pub fn build(run: &RunFiles<'_>, lang: Lang) -> Result<Vec<u8>, ReportError> {
    if sweep_data::is_sweep(run) {
        let data = sweep_data::parse(run)?;
        return Ok(html::sweep_page(&data, lang).into_bytes());
    }
    let data = data::parse(run)?;
    let money = derived::money(
        data.costs.as_ref(),
        data.mkba.as_ref(),
        data.psa.as_ref(),
        data.reference,
    )?;
    Ok(html::page(&data, money.as_ref(), lang).into_bytes())
}
