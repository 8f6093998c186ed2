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

/// Create `dir` if needed and write each file atomically.
pub fn write_outputs(dir: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
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
    Ok(())
}
