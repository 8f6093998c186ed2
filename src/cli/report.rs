//! `wijksim report DIR [--lang en|nl]`: the report of a finished run, built from the
//! verified files in its folder and added to its set (`report.html` or
//! `report.nl.html`).

use std::path::Path;
use wijksim::format::Lang;
use wijksim::{output, report};

/// Build the report of the run in `dir` in `lang` and add it to the folder's set.
pub fn report(dir: &Path, lang: Lang) -> anyhow::Result<()> {
    let folder = report::read_folder(dir)?;
    let html = report::build(&folder.view(), lang)?;
    let name = report::file_name(lang);
    output::amend(dir, vec![(name.to_string(), html)])?;
    eprintln!("wrote {}", dir.join(name).display());
    Ok(())
}
