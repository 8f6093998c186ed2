//! Writing output files: all or nothing per file (temporary name, then rename), so an
//! interrupted run never leaves a half-written CSV.

use anyhow::Context;
use std::path::Path;

/// A named file's bytes.
pub struct OutputFile {
    name: &'static str,
    bytes: Vec<u8>,
}

impl OutputFile {
    /// A file called `name` holding `bytes`.
    pub fn new(name: &'static str, bytes: Vec<u8>) -> Self {
        OutputFile { name, bytes }
    }
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

/// Create `dir` if needed and write each file atomically. Files named in `owned` that
/// this run does not write are removed, so a folder never mixes results of two runs.
pub fn write_outputs(dir: &Path, files: &[OutputFile], owned: &[&str]) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output folder {}", dir.display()))?;
    for f in files {
        let target = dir.join(f.name);
        let tmp = dir.join(format!(".{}.tmp-{}", f.name, std::process::id()));
        std::fs::write(&tmp, &f.bytes)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        if let Err(e) = std::fs::rename(&tmp, &target) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("cannot write {}", target.display()));
        }
    }
    for name in owned {
        let stale = dir.join(name);
        if !files.iter().any(|f| f.name == *name) && stale.exists() {
            std::fs::remove_file(&stale)
                .with_context(|| format!("cannot remove stale {}", stale.display()))?;
        }
    }
    Ok(())
}
