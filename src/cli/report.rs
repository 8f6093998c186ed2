//! `wijksim report DIR [--lang en|nl]`: the report of a finished run, built from the
//! verified files in its folder and added to its set (`report.html` or
//! `report.nl.html`).

use std::path::Path;
use wijksim::format::Lang;
use wijksim::{output, report};

/// Build the report of the run in `dir` in `lang` and add it to the folder's set,
/// together with any other report the manifest lists that is missing or changed
/// (reports are derived from the data files, which are checked).
pub fn report(dir: &Path, lang: Lang) -> anyhow::Result<()> {
    let folder = report::read_folder(dir)?;
    let mut langs = vec![lang];
    for name in &folder.stale {
        match [Lang::En, Lang::Nl]
            .into_iter()
            .find(|&l| report::file_name(l) == name)
        {
            Some(l) if !langs.contains(&l) => langs.push(l),
            _ => {}
        }
    }
    let mut files = Vec::new();
    for l in langs {
        let html = report::build(&folder.view(), l)?;
        files.push((report::file_name(l).to_string(), html));
    }
    let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    output::amend_derived(dir, files, &report::is_report)?;
    for name in names {
        eprintln!("wrote {}", dir.join(name).display());
    }
    Ok(())
}
