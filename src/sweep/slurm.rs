//! Slurm: a sweep as a job array (one shard per task) and a merge job that waits for
//! all of them. The scripts only call `wijksim sweep --shard K/N --resume` and
//! `wijksim merge`: Slurm schedules, wijksim keeps the journals, so a task that failed
//! or ran out of time is simply submitted again (`sbatch --array=K`), and resumes.
//!
//! The tasks read the sweep file when they start, maybe hours later: each is given the
//! SHA-256 of the sweep file and of its base scenario as `wijksim slurm` read them, and
//! refuses to run (exit 2) if either changed since, so an edit never runs half a sweep.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What the job array asks of the cluster.
#[derive(Debug, Clone)]
pub struct SlurmOptions {
    /// Array tasks, one shard each.
    pub shards: u32,
    /// Partition (`None`: the cluster's default).
    pub partition: Option<String>,
    /// Time limit per task, in Slurm's format (e.g. `01:00:00`).
    pub time: String,
    /// CPUs per task (the threads each shard uses).
    pub cpus: u32,
    /// Most tasks running at once (`%M`; `None`: no limit).
    pub max_running: Option<u32>,
    /// The wijksim program, as an absolute path.
    pub program: PathBuf,
    /// The sweep file, as an absolute path.
    pub sweep_file: PathBuf,
    /// The sweep's output folder, as an absolute path.
    pub out: PathBuf,
    /// SHA-256 (hex) of the sweep file as `wijksim slurm` read it.
    pub sweep_sha256: String,
    /// SHA-256 (hex) of the base scenario it names, as read then.
    pub scenario_sha256: String,
}

/// The folder under the output folder the scripts and task logs go to.
pub const SLURM_DIR: &str = "slurm";

/// Why the scripts cannot be written.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SlurmError(pub String);

/// A SHA-256 in hex, checked so the script line stays one word.
fn hex(h: &str) -> Result<String, SlurmError> {
    if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(h.to_string())
    } else {
        Err(SlurmError(format!("{h:?} is not a SHA-256")))
    }
}

/// A path as one shell word; refused where `#SBATCH` lines could not hold it.
fn word(p: &Path, what: &str) -> Result<String, SlurmError> {
    let s = p
        .to_str()
        .ok_or_else(|| SlurmError(format!("the {what} path {} is not UTF-8", p.display())))?;
    if s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || "'\"\\$`%".contains(c))
    {
        return Err(SlurmError(format!(
            "the {what} path {s:?} holds a space, quote or special character, which #SBATCH \
             lines cannot carry; use a path without them"
        )));
    }
    Ok(s.to_string())
}

/// A Slurm option value: letters, digits and `-_:.,` only.
fn option(value: &str, flag: &str) -> Result<String, SlurmError> {
    if value.is_empty()
        || !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_:.,".contains(c))
    {
        return Err(SlurmError(format!(
            "{flag} {value:?}: use letters, digits and - _ : . , only"
        )));
    }
    Ok(value.to_string())
}

/// The scripts: `sweep.sbatch` (the array), `merge.sbatch` (the merge) and `submit.sh`
/// (submits both, the merge after every task succeeded), as (name, text).
pub fn scripts(o: &SlurmOptions) -> Result<Vec<(&'static str, String)>, SlurmError> {
    if o.shards == 0 || o.shards > 100_000 {
        return Err(SlurmError("--shards: give 1 to 100000".into()));
    }
    let program = word(&o.program, "wijksim program")?;
    let sweep = word(&o.sweep_file, "sweep file")?;
    let out = word(&o.out, "output folder")?;
    let time = option(&o.time, "--time")?;
    let partition = o
        .partition
        .as_deref()
        .map(|p| option(p, "--partition"))
        .transpose()?;
    let logs = format!("{out}/{SLURM_DIR}");
    let n = o.shards;
    let common = |s: &mut String, name: &str| {
        let _ = writeln!(s, "#SBATCH --job-name={name}");
        let _ = writeln!(s, "#SBATCH --time={time}");
        if let Some(p) = &partition {
            let _ = writeln!(s, "#SBATCH --partition={p}");
        }
    };

    let mut array = String::from(
        "#!/bin/bash\n# A wijksim sweep as a Slurm job array: task K runs shard K of the sweep.\n\
         # Written by `wijksim slurm`. A task that failed or ran out of time can be submitted\n\
         # again on its own (it resumes from its journal): sbatch --array=K sweep.sbatch\n",
    );
    common(&mut array, "wijksim-sweep");
    let throttle = o.max_running.map(|m| format!("%{m}")).unwrap_or_default();
    let _ = writeln!(array, "#SBATCH --array=1-{n}{throttle}");
    let _ = writeln!(array, "#SBATCH --cpus-per-task={}", o.cpus);
    let _ = writeln!(array, "#SBATCH --output={logs}/shard-%a.log");
    let _ = writeln!(array, "set -euo pipefail");
    let _ = writeln!(
        array,
        "exec {program} sweep {sweep} --out {out} --shard \"${{SLURM_ARRAY_TASK_ID}}/{n}\" \
         --resume --threads \"${{SLURM_CPUS_PER_TASK:-{}}}\" --quiet \
         --expect-sha256 {} --expect-scenario-sha256 {}",
        o.cpus,
        hex(&o.sweep_sha256)?,
        hex(&o.scenario_sha256)?
    );

    let mut merge = String::from(
        "#!/bin/bash\n# Merges the shards of the wijksim sweep into its final files; submitted by\n\
         # submit.sh to run after every array task succeeded. Written by `wijksim slurm`.\n",
    );
    common(&mut merge, "wijksim-merge");
    let _ = writeln!(merge, "#SBATCH --cpus-per-task=1");
    let _ = writeln!(merge, "#SBATCH --output={logs}/merge.log");
    let _ = writeln!(merge, "set -euo pipefail");
    let _ = writeln!(merge, "exec {program} merge {out} --out {out} --quiet");

    let submit = format!(
        "#!/bin/bash\n# Submits the sweep's job array and, after all its tasks succeeded, the merge.\n\
         set -euo pipefail\n\
         cd {logs}\n\
         array=$(sbatch --parsable sweep.sbatch)\n\
         array=${{array%%;*}}\n\
         merge=$(sbatch --parsable --dependency=afterok:\"$array\" merge.sbatch)\n\
         echo \"submitted job array $array ({n} shards) and merge job ${{merge%%;*}} (runs once every shard succeeded)\"\n"
    );
    Ok(vec![
        ("merge.sbatch", merge),
        ("submit.sh", submit),
        ("sweep.sbatch", array),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> SlurmOptions {
        SlurmOptions {
            shards: 8,
            partition: Some("short".into()),
            time: "00:30:00".into(),
            cpus: 4,
            max_running: Some(3),
            program: "/opt/wijksim".into(),
            sweep_file: "/home/a/s.toml".into(),
            out: "/scratch/a/out".into(),
            sweep_sha256: "a".repeat(64),
            scenario_sha256: "b".repeat(64),
        }
    }

    #[test]
    fn the_array_runs_one_shard_per_task_with_a_throttle() {
        let s = scripts(&opts()).unwrap();
        let array = &s.iter().find(|(n, _)| *n == "sweep.sbatch").unwrap().1;
        assert!(array.contains("#SBATCH --array=1-8%3\n"), "{array}");
        assert!(array.contains("#SBATCH --partition=short\n"));
        assert!(array.contains("#SBATCH --cpus-per-task=4\n"));
        assert!(array.contains("--shard \"${SLURM_ARRAY_TASK_ID}/8\" --resume"));
        let frozen = format!(
            "--expect-sha256 {} --expect-scenario-sha256 {}\n",
            "a".repeat(64),
            "b".repeat(64)
        );
        assert!(array.contains(&frozen), "{array}");
        let merge = &s.iter().find(|(n, _)| *n == "merge.sbatch").unwrap().1;
        assert!(merge.contains("merge /scratch/a/out --out /scratch/a/out"));
        let submit = &s.iter().find(|(n, _)| *n == "submit.sh").unwrap().1;
        assert!(submit.contains("--dependency=afterok:"));
    }

    #[test]
    fn unsafe_values_are_refused() {
        let mut o = opts();
        o.out = "/scratch/my out".into();
        assert!(scripts(&o).is_err());
        let mut o = opts();
        o.time = "1:00\n#SBATCH --x".into();
        assert!(scripts(&o).is_err());
        let mut o = opts();
        o.shards = 0;
        assert!(scripts(&o).is_err());
    }
}
