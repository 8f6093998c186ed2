//! The final files of a sweep, from its shards' journals: the same bytes whatever the
//! split over processes and machines, the thread counts and the order units finished.
//!
//! The journals are first indexed (where each unit's record is), checked for missing,
//! duplicated and foreign shards and units, then read again **in design order**
//! (point, then replication): every sum, every index and every row follows that order,
//! never the order of arrival. Per point only a few means are kept; `runs.csv` is
//! streamed into the output set, so memory does not grow with the replications.
//!
//! Files: `points.csv`, `runs.csv`, `sweep.resolved.toml`, and, where the design allows,
//! `sweep_indices.csv` (one at a time, Morris, Sobol') and `discovery.csv` (which model
//! is best where, by PRIM); and `report.html`, the sweep's report made from those files
//! (not from `runs.csv`), unless the caller skips it.

use super::design::{Design, RowRole};
use super::discovery::{prim, PrimOptions};
use super::run::{short_hash, ModelRun, Shard, SweepError, UnitResult, JOURNAL_FILE};
use super::sensitivity::{self, SobolOptions, BOOTSTRAP_RESAMPLES};
use super::spec::{DesignKind, Sweep, SHARD_SWEEP};
use crate::export::csv_files::num;
use crate::model::LinkageModel;
use crate::outcomes::{outcome_index, OUTCOMES};
use crate::output::journal::{self, line_len, read_record_at};
use crate::output::{Header, OutputSet};
use crate::scenario::Value;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// Fewest design points for scenario discovery.
pub const DISCOVERY_MIN_POINTS: usize = 20;

/// A shard's journal, as found on disk.
#[derive(Debug, Clone)]
pub struct ShardJournal {
    /// The shard.
    pub shard: Shard,
    /// The journal file.
    pub path: PathBuf,
    /// Its design hash.
    pub design: String,
    /// The sweep file it was started from: name and SHA-256.
    pub input: (String, String),
}

impl ShardJournal {
    /// Read a journal's header.
    pub fn open(path: &Path) -> Result<ShardJournal, SweepError> {
        let contents = journal::scan(path, |_, _| Ok(()))?;
        let bad = || {
            SweepError::Input(format!(
                "{} is not a sweep journal (its header is {:?})",
                path.display(),
                contents.header
            ))
        };
        let fields: Vec<&str> = contents.header.split('\t').collect();
        let [_, design, shard, sweep, sha] = fields[..] else {
            return Err(bad());
        };
        let shard = shard
            .strip_prefix("shard ")
            .and_then(|s| Shard::parse(s).ok())
            .ok_or_else(bad)?;
        Ok(ShardJournal {
            shard,
            path: path.to_owned(),
            design: design.strip_prefix("design ").ok_or_else(bad)?.to_string(),
            input: (
                sweep.strip_prefix("sweep ").ok_or_else(bad)?.to_string(),
                sha.strip_prefix("sha256 ").ok_or_else(bad)?.to_string(),
            ),
        })
    }

    /// The shard's folder.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

/// The shard folders in `dirs`: each is a shard folder (holding a journal) or a sweep's
/// folder holding `shard-K-of-N` folders. Sorted, so the result does not depend on the
/// order the folders were named in.
pub fn find_journals(dirs: &[PathBuf]) -> Result<Vec<ShardJournal>, SweepError> {
    let mut found = Vec::new();
    for dir in dirs {
        let own = dir.join(JOURNAL_FILE);
        if own.is_file() {
            found.push(ShardJournal::open(&own)?);
            continue;
        }
        let entries = std::fs::read_dir(dir).map_err(|e| {
            SweepError::Input(format!("cannot read the folder {}: {e}", dir.display()))
        })?;
        let mut any = false;
        for e in entries.flatten() {
            let name = e.file_name();
            let Some(name) = name.to_str() else { continue };
            if Shard::from_dir_name(name).is_some() && e.path().join(JOURNAL_FILE).is_file() {
                found.push(ShardJournal::open(&e.path().join(JOURNAL_FILE))?);
                any = true;
            }
        }
        if !any {
            return Err(SweepError::Input(format!(
                "{} holds no shard of a sweep (a folder shard-K-of-N with a journal)",
                dir.display()
            )));
        }
    }
    found.sort_by(|a, b| (a.shard, &a.path).cmp(&(b.shard, &b.path)));
    // A shard folder's copy of the sweep is an output set like any other: used only
    // when its manifest says it is whole and unchanged.
    for j in &found {
        crate::output::verify(j.dir()).map_err(|e| {
            SweepError::Input(format!(
                "the shard folder {} is not usable: {e}",
                j.dir().display()
            ))
        })?;
    }
    Ok(found)
}

/// Rebuild a sweep from a shard folder's own copy (`sweep.toml`, `scenario.toml`).
pub fn load_from_shard(j: &ShardJournal) -> Result<Sweep, SweepError> {
    let path = j.dir().join(SHARD_SWEEP);
    super::spec::load_file(&path)
        .map_err(|e| SweepError::Input(format!("the shard's copy of the sweep is not usable: {e}")))
}

/// What finishing a sweep produced.
#[derive(Debug, Clone)]
pub struct FinishReport {
    /// The output folder.
    pub dir: PathBuf,
    /// Design points.
    pub points: usize,
    /// Units (points × replications).
    pub units: u64,
    /// Runs (unit × model) that failed.
    pub failed_runs: u64,
    /// Where each model is best, in plain words.
    pub discovery: Vec<String>,
    /// What drives the outcomes, in plain words (sensitivity designs).
    pub drivers: Vec<String>,
    /// Files written (the manifest included).
    pub files: usize,
}

/// Where each unit's record is: journal number, line offset and length.
struct Index {
    files: Vec<PathBuf>,
    at: Vec<(u32, u64, u32)>,
}

const MISSING: (u32, u64, u32) = (u32::MAX, 0, 0);

impl Index {
    /// Read the records of units `keys` in order, calling `each`.
    fn for_each(
        &self,
        hash16: &str,
        models: usize,
        mut each: impl FnMut(UnitResult) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut handles: Vec<Option<File>> = self.files.iter().map(|_| None).collect();
        let mut buf = Vec::new();
        for &(f, offset, len) in &self.at {
            let path = &self.files[f as usize];
            let file = match &mut handles[f as usize] {
                Some(h) => h,
                slot => slot.insert(File::open(path)?),
            };
            let rec = read_record_at(file, path, offset, len as usize, &mut buf)
                .map_err(io::Error::other)?;
            let unit = UnitResult::parse(&rec, hash16, models)
                .map_err(|m| io::Error::other(format!("{}: {m}", path.display())))?;
            each(unit)?;
        }
        Ok(())
    }
}

/// Index the journals of `sweep`, checking that every shard is there once, that all
/// are of this sweep, and that every unit is done exactly once.
fn index(sweep: &Sweep, journals: &[ShardJournal], version: &str) -> Result<Index, SweepError> {
    let hash = sweep.design_hash(version);
    let hash16 = short_hash(&hash).to_string();
    let Some(first) = journals.first() else {
        return Err(SweepError::Input("no shard journals to merge".into()));
    };
    let n = first.shard.n;
    for j in journals {
        if j.design != hash {
            return Err(SweepError::Input(format!(
                "{} is from a different sweep (design {}, not {}): merge only the shards of one \
                 sweep, made by the same wijksim version",
                j.path.display(),
                short_hash(&j.design),
                short_hash(&hash)
            )));
        }
        if j.shard.n != n {
            return Err(SweepError::Input(format!(
                "{} is shard {}/{} but {} is shard {}/{}: a sweep is split one way",
                j.path.display(),
                j.shard.k,
                j.shard.n,
                first.path.display(),
                first.shard.k,
                n
            )));
        }
    }
    for w in journals.windows(2) {
        if w[0].shard == w[1].shard {
            return Err(SweepError::Input(format!(
                "shard {}/{} appears twice: {} and {}; name each shard once",
                w[0].shard.k,
                n,
                w[0].path.display(),
                w[1].path.display()
            )));
        }
    }
    if let Some(k) = (1..=n).find(|&k| !journals.iter().any(|j| j.shard.k == k)) {
        return Err(SweepError::Input(format!(
            "shard {k}/{n} is missing (no {}/journal among the folders given); run it with \
             `wijksim sweep SWEEP.toml --shard {k}/{n} --out DIR --resume`, or name its folder",
            Shard { k, n }.dir_name()
        )));
    }
    let points = sweep.points() as u64;
    let reps = sweep.replications as u64;
    let mut at = vec![MISSING; (points * reps) as usize];
    let models = sweep.models.len();
    for (f, j) in journals.iter().enumerate() {
        let path = &j.path;
        journal::scan(path, |offset, rec| {
            let unit =
                UnitResult::parse(rec, &hash16, models).map_err(|m| journal::JournalError::Io {
                    action: "read a record of",
                    path: path.clone(),
                    source: io::Error::new(io::ErrorKind::InvalidData, m),
                })?;
            if unit.point as u64 >= points || unit.rep as u64 >= reps {
                return Err(journal::JournalError::Io {
                    action: "read a record of",
                    path: path.clone(),
                    source: io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!(
                            "unit (point {}, replication {}) is outside the design",
                            unit.point, unit.rep
                        ),
                    ),
                });
            }
            let key = (unit.point as u64 * reps + unit.rep as u64) as usize;
            if at[key] != MISSING {
                let other = &journals[at[key].0 as usize].path;
                return Err(journal::JournalError::Io {
                    action: "merge",
                    path: path.clone(),
                    source: io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!(
                            "unit (point {}, replication {}) is also in {}",
                            unit.point,
                            unit.rep,
                            other.display()
                        ),
                    ),
                });
            }
            at[key] = (f as u32, offset, line_len(rec) as u32);
            Ok(())
        })?;
    }
    let missing = at.iter().filter(|a| **a == MISSING).count();
    if let Some(key) = at.iter().position(|a| *a == MISSING) {
        let (point, rep) = (key as u64 / reps, key as u64 % reps);
        let u = super::run::unit_index(points, point as usize, rep as u32);
        let k = (u % n as u64) as u32 + 1;
        return Err(SweepError::Input(format!(
            "{missing} of {} units are not done yet (the first: point {point}, replication \
             {rep}, in shard {k}/{n}); finish them with `wijksim sweep SWEEP.toml --shard \
             {k}/{n} --out DIR --resume`",
            at.len()
        )));
    }
    Ok(Index {
        files: journals.iter().map(|j| j.path.clone()).collect(),
        at,
    })
}

/// Per-point means of the headline outcomes, in design order.
struct PointMeans {
    /// `[point][model]` mean NPV against the reference (NaN: none).
    npv: Vec<f64>,
    /// `[point][model]` mean households with unresolved problematic debt.
    unresolved: Vec<f64>,
    /// Failed runs per point.
    failed: Vec<u32>,
    /// The verdict at each point, from the replications' paired differences.
    verdict: Vec<Verdict>,
    /// The leader's margin over the nearest other model (mean and 95% interval of the
    /// paired differences; NaN with one model or fewer than two paired replications).
    margin: Vec<crate::stats::Summary>,
}

/// Which model is best at a design point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The model (index into the sweep's models) whose paired difference with every
    /// other model has a 95% interval above zero.
    Best(usize),
    /// A model leads on the mean, but some paired interval includes zero: the
    /// replications cannot tell it from another model.
    Unclear,
    /// No model has a result at this point.
    NoResult,
}

/// The `best_model` cell of a point without a clear winner.
pub const NO_CLEAR_WINNER: &str = "no clear winner";

/// The verdict at one point from each model's scores by replication (higher is better;
/// NaN: the run failed). Replications are paired (common random numbers), so each
/// comparison is the t-interval of the per-replication differences (Law 2015, ch. 10.2):
/// a model is best only where that interval excludes zero against every other model.
fn verdict(scores: &[Vec<f64>]) -> (Verdict, crate::stats::Summary) {
    let nan = crate::stats::summarise(&[]);
    let mean = |v: &[f64]| {
        let ok: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
        if ok.is_empty() {
            f64::NAN
        } else {
            ok.iter().sum::<f64>() / ok.len() as f64
        }
    };
    let means: Vec<f64> = scores.iter().map(|v| mean(v)).collect();
    let mut leader: Option<usize> = None;
    for (mi, &m) in means.iter().enumerate() {
        if !m.is_nan() && leader.is_none_or(|l| m > means[l]) {
            leader = Some(mi);
        }
    }
    let Some(l) = leader else {
        return (Verdict::NoResult, nan);
    };
    let paired = |o: usize| {
        let (a, b): (Vec<f64>, Vec<f64>) = scores[l]
            .iter()
            .zip(&scores[o])
            .filter(|(x, y)| !x.is_nan() && !y.is_nan())
            .map(|(x, y)| (*x, *y))
            .unzip();
        crate::stats::paired(&a, &b)
    };
    let others: Vec<usize> = (0..scores.len()).filter(|&o| o != l).collect();
    if others.is_empty() {
        return (Verdict::Best(l), nan);
    }
    let clear = others.iter().all(|&o| {
        let d = paired(o);
        // One paired replication has no interval: it cannot be told from luck.
        d.n >= 2 && d.lo > 0.0
    });
    let nearest = others
        .iter()
        .copied()
        .filter(|&o| !means[o].is_nan())
        .max_by(|&a, &b| means[a].total_cmp(&means[b]));
    let margin = nearest.map_or(nan, paired);
    (
        if clear {
            Verdict::Best(l)
        } else {
            Verdict::Unclear
        },
        margin,
    )
}

fn value_text(v: &Value) -> String {
    match v {
        Value::F(x) => num(*x),
        Value::I(x) => x.to_string(),
        Value::B(b) => b.to_string(),
        Value::S(s) => s.clone(),
        Value::L(l) => l
            .iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The outcome vectors (one value per point) that indices and discovery look at.
fn index_outcomes(sweep: &Sweep, m: &PointMeans) -> Vec<(String, Vec<f64>)> {
    let k = sweep.models.len();
    let points = sweep.points();
    let col = |v: &Vec<f64>, mi: usize| (0..points).map(|p| v[p * k + mi]).collect::<Vec<f64>>();
    let reference = sweep.scenario.policy.run.reference_model;
    let mut out = Vec::new();
    if sweep.models.contains(&reference) {
        let others: Vec<(usize, LinkageModel)> = sweep
            .models
            .iter()
            .copied()
            .enumerate()
            .filter(|&(_, mo)| mo != reference)
            .collect();
        for &(mi, mo) in &others {
            out.push((format!("npv_{}", mo.name()), col(&m.npv, mi)));
        }
        for (i, &(a, ma)) in others.iter().enumerate() {
            for &(b, mb) in &others[i + 1..] {
                let (x, y) = (col(&m.npv, a), col(&m.npv, b));
                out.push((
                    format!("npv_{}_minus_{}", ma.name(), mb.name()),
                    x.iter().zip(&y).map(|(p, q)| p - q).collect(),
                ));
            }
        }
    }
    for (mi, mo) in sweep.models.iter().enumerate() {
        out.push((
            format!("unresolved_debt_households_{}", mo.name()),
            col(&m.unresolved, mi),
        ));
    }
    out
}

/// One row of `sweep_indices.csv`.
struct IndexRow {
    parameter: String,
    outcome: String,
    index: &'static str,
    value: f64,
    interval: Option<(f64, f64)>,
}

/// Morris measures with a bootstrap interval for μ* over trajectories.
fn morris_rows(sweep: &Sweep, outcome: &str, y: &[f64], rows: &mut Vec<IndexRow>) -> bool {
    let Design::Morris { k, r, .. } = sweep.design else {
        return false;
    };
    let Ok(m) = sensitivity::morris(&sweep.design, y) else {
        return false;
    };
    // Elementary effects by trajectory, for the bootstrap.
    let mut ee = vec![vec![f64::NAN; r]; k];
    for row in 1..y.len() {
        if let Ok(RowRole::Morris {
            trajectory,
            changed: Some(i),
            delta,
            ..
        }) = sweep.design.role(row)
        {
            ee[i][trajectory] = (y[row] - y[row - 1]) / delta;
        }
    }
    for (i, axis) in sweep.axes.iter().enumerate() {
        let mut boot: Vec<f64> = (0..BOOTSTRAP_RESAMPLES)
            .map(|b| {
                let mut s = 0.0;
                for slot in 0..r {
                    let u = super::design::unit(sweep.seed, 0x4d4f_5252, b as u64, slot as u64);
                    let t = ((u * r as f64) as usize).min(r - 1);
                    s += ee[i][t].abs();
                }
                s / r as f64
            })
            .collect();
        boot.sort_by(f64::total_cmp);
        let q = |p: f64| boot[((p * (boot.len() - 1) as f64).round() as usize).min(boot.len() - 1)];
        let name = axis.spec.key.to_string();
        rows.push(IndexRow {
            parameter: name.clone(),
            outcome: outcome.into(),
            index: "mu",
            value: m.mu[i],
            interval: None,
        });
        rows.push(IndexRow {
            parameter: name.clone(),
            outcome: outcome.into(),
            index: "mu_star",
            value: m.mu_star[i],
            interval: (r > 1).then(|| (q(0.025), q(0.975))),
        });
        rows.push(IndexRow {
            parameter: name,
            outcome: outcome.into(),
            index: "sigma",
            value: m.sigma[i],
            interval: None,
        });
    }
    true
}

fn sobol_rows(sweep: &Sweep, outcome: &str, y: &[f64], rows: &mut Vec<IndexRow>) -> bool {
    let opts = SobolOptions {
        resamples: BOOTSTRAP_RESAMPLES,
        confidence: 0.95,
        seed: sweep.seed,
    };
    let Ok(s) = sensitivity::sobol(&sweep.design, y, &opts) else {
        return false;
    };
    for (i, axis) in sweep.axes.iter().enumerate() {
        for (index, value, ci) in [
            ("S1", s.first[i], s.first_ci.get(i)),
            ("ST", s.total[i], s.total_ci.get(i)),
        ] {
            rows.push(IndexRow {
                parameter: axis.spec.key.to_string(),
                outcome: outcome.into(),
                index,
                value,
                interval: ci.map(|c| (c.lo, c.hi)),
            });
        }
    }
    true
}

/// One at a time: the largest fall and rise from the base point along each axis.
fn oat_rows(sweep: &Sweep, outcome: &str, y: &[f64], rows: &mut Vec<IndexRow>) -> bool {
    let base = y[0];
    for (i, axis) in sweep.axes.iter().enumerate() {
        let along: Vec<f64> = (0..y.len())
            .filter(|&row| {
                matches!(sweep.design.role(row), Ok(RowRole::OneAtATime { axis: Some(a), .. }) if a == i)
            })
            .map(|row| y[row] - base)
            .collect();
        let lo = along.iter().copied().fold(0.0_f64, f64::min);
        let hi = along.iter().copied().fold(0.0_f64, f64::max);
        for (index, value) in [("change_low", lo), ("change_high", hi), ("swing", hi - lo)] {
            rows.push(IndexRow {
                parameter: axis.spec.key.to_string(),
                outcome: outcome.into(),
                index,
                value,
                interval: None,
            });
        }
    }
    true
}

/// The top drivers of `outcome` in plain words, from its index rows.
fn drivers_text(outcome: &str, rows: &[IndexRow], kind: DesignKind) -> Option<String> {
    let (index, what) = match kind {
        DesignKind::Sobol => (
            "ST",
            "share of the variance each explains, with interactions (ST)",
        ),
        DesignKind::Morris => ("mu_star", "mean absolute elementary effect (mu*)"),
        DesignKind::Oat => ("swing", "swing from the lowest to the highest value"),
        _ => return None,
    };
    let mut top: Vec<&IndexRow> = rows
        .iter()
        .filter(|r| r.outcome == outcome && r.index == index && !r.value.is_nan())
        .collect();
    top.sort_by(|a, b| b.value.abs().total_cmp(&a.value.abs()));
    if top.is_empty() {
        return None;
    }
    let list: Vec<String> = top
        .iter()
        .take(3)
        .map(|r| {
            format!(
                "{} ({})",
                r.parameter,
                crate::format::fmt_auto(r.value, crate::format::Lang::En)
            )
        })
        .collect();
    Some(format!(
        "{outcome} is driven most by {} [{what}]",
        list.join(", ")
    ))
}

/// Write the final files of `sweep` from `journals` to `out` as one set, with
/// `report.html` made from those files unless `report` is false.
pub fn finish(
    sweep: &Sweep,
    journals: &[ShardJournal],
    out: &Path,
    provenance: &Header,
    report: bool,
) -> Result<FinishReport, SweepError> {
    let version = provenance.program_version.clone();
    let idx = index(sweep, journals, &version)?;
    let hash16 = short_hash(&sweep.design_hash(&version)).to_string();
    let (means, failed_runs) =
        point_means(sweep, &idx, &hash16).map_err(|e| SweepError::Record {
            path: out.to_owned(),
            message: e.to_string(),
        })?;
    let best = means.verdict.clone();
    let outcomes = index_outcomes(sweep, &means);
    let (points_csv, x) = points_csv(sweep, &outcomes, &means)?;
    let (indices_csv, drivers) = indices_csv(sweep, &outcomes)?;
    let (discovery_csv, discovery) = discovery_csv(sweep, &x, &best)?;
    let (input_name, input_hash) = journals
        .first()
        .map(|j| j.input.clone())
        .unwrap_or_default();
    let resolved = sweep.resolved_toml(&version, &input_name, &input_hash);

    let resolved = resolved.into_bytes();
    // The report reads the very bytes about to be written, through the same
    // parser as `wijksim report DIR`, and nothing of the header (whose
    // command line differs between a whole sweep and a merge): so it is the
    // same file either way, in the same set.
    let html = if report {
        let mut files = crate::report::RunFiles::new(provenance);
        files.insert("points.csv", &points_csv);
        files.insert("sweep.resolved.toml", &resolved);
        if let Some(b) = &indices_csv {
            files.insert("sweep_indices.csv", b);
        }
        if let Some(b) = &discovery_csv {
            files.insert("discovery.csv", b);
        }
        let lang = crate::format::Lang::En;
        Some((
            crate::report::file_name(lang),
            crate::report::build(&files, lang)?,
        ))
    } else {
        None
    };

    let mut set = OutputSet::new(out, provenance.clone());
    set.add_file("points.csv", points_csv)?;
    set.add_file("sweep.resolved.toml", resolved)?;
    if let Some(b) = indices_csv {
        set.add_file("sweep_indices.csv", b)?;
    }
    if let Some(b) = discovery_csv {
        set.add_file("discovery.csv", b)?;
    }
    if let Some((name, bytes)) = html {
        set.add_file(name, bytes)?;
    }
    set.add_stream("runs.csv", runs_csv(sweep, idx, hash16))?;
    let report = set.commit()?;
    Ok(FinishReport {
        dir: out.to_owned(),
        points: sweep.points(),
        units: sweep.units(),
        failed_runs,
        discovery,
        drivers,
        files: report.manifest.files.len() + 1,
    })
}

/// Per-point means of the headline outcomes and the failed runs, reading the units in
/// design order (point, then replication), so every sum is added up in one order.
fn point_means(sweep: &Sweep, idx: &Index, hash16: &str) -> io::Result<(PointMeans, u64)> {
    let k = sweep.models.len();
    let points = sweep.points();
    let reps = sweep.replications as usize;
    let unresolved = outcome_index("unresolved_debt_households").unwrap_or(0);
    // "Best": highest NPV against the reference when the MKBA applies, otherwise
    // fewest households with unresolved debt.
    let npv_on = sweep
        .models
        .contains(&sweep.scenario.policy.run.reference_model);
    let mut means = PointMeans {
        npv: vec![f64::NAN; points * k],
        unresolved: vec![f64::NAN; points * k],
        failed: vec![0; points],
        verdict: Vec::with_capacity(points),
        margin: Vec::with_capacity(points),
    };
    let mut sums = vec![(0.0f64, 0.0f64, 0u32); k];
    // This point's score per model and replication (NaN: failed).
    let mut scores: Vec<Vec<f64>> = vec![Vec::with_capacity(reps); k];
    let mut failed_runs = 0u64;
    let mut seen = 0usize;
    idx.for_each(hash16, k, |u| {
        for (mi, m) in u.models.iter().enumerate() {
            match m {
                ModelRun::Ok { npv, outcomes } => {
                    sums[mi].0 += npv;
                    sums[mi].1 += outcomes[unresolved];
                    sums[mi].2 += 1;
                    scores[mi].push(if npv_on { *npv } else { -outcomes[unresolved] });
                }
                ModelRun::Failed(_) => {
                    means.failed[u.point] += 1;
                    failed_runs += 1;
                    scores[mi].push(f64::NAN);
                }
            }
        }
        seen += 1;
        if seen.is_multiple_of(reps) {
            for (mi, s) in sums.iter_mut().enumerate() {
                if s.2 > 0 {
                    means.npv[u.point * k + mi] = s.0 / s.2 as f64;
                    means.unresolved[u.point * k + mi] = s.1 / s.2 as f64;
                }
                *s = (0.0, 0.0, 0);
            }
            let (v, margin) = verdict(&scores);
            means.verdict.push(v);
            means.margin.push(margin);
            scores.iter_mut().for_each(Vec::clear);
        }
        Ok(())
    })?;
    Ok((means, failed_runs))
}

/// `points.csv`, and each point's parameter values as numbers (for discovery).
fn points_csv(
    sweep: &Sweep,
    outcomes: &[(String, Vec<f64>)],
    means: &PointMeans,
) -> Result<(Vec<u8>, Vec<Vec<f64>>), SweepError> {
    let (best, failed) = (&means.verdict, &means.failed);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = vec!["point".into()];
    header.extend(sweep.axes.iter().map(|a| format!("param_{}", a.spec.key)));
    header.extend(outcomes.iter().map(|(name, _)| name.clone()));
    header.extend([
        "best_margin".into(),
        "best_margin_low_95".into(),
        "best_margin_high_95".into(),
        "best_model".into(),
        "failed_runs".into(),
    ]);
    w.write_record(&header).map_err(csv_err)?;
    let mut x: Vec<Vec<f64>> = Vec::with_capacity(sweep.points());
    for p in 0..sweep.points() {
        let values = sweep.point_values(p);
        let mut row = vec![p.to_string()];
        row.extend(values.iter().map(value_text));
        row.extend(outcomes.iter().map(|(_, v)| num(v[p])));
        let m = means.margin[p];
        row.extend([num(m.mean), num(m.lo), num(m.hi)]);
        row.push(match best[p] {
            Verdict::Best(mi) => sweep.models[mi].name().to_string(),
            Verdict::Unclear => NO_CLEAR_WINNER.to_string(),
            Verdict::NoResult => String::new(),
        });
        row.push(failed[p].to_string());
        w.write_record(&row).map_err(csv_err)?;
        x.push(
            values
                .iter()
                .zip(&sweep.axes)
                .map(|(v, a)| match v {
                    Value::F(f) => *f,
                    Value::I(i) => *i as f64,
                    // A listed value that is not a number: its place in the list.
                    other => match &a.levels {
                        super::spec::Levels::List(l) => {
                            l.iter().position(|x| x == other).unwrap_or(0) as f64
                        }
                        _ => 0.0,
                    },
                })
                .collect(),
        );
    }
    Ok((into_bytes(w)?, x))
}

/// `sweep_indices.csv` (one at a time, Morris and Sobol' designs) and the drivers in
/// plain words, the choice between models first.
fn indices_csv(
    sweep: &Sweep,
    outcomes: &[(String, Vec<f64>)],
) -> Result<(Option<Vec<u8>>, Vec<String>), SweepError> {
    let mut rows = Vec::new();
    let mut drivers = Vec::new();
    if !matches!(
        sweep.kind,
        DesignKind::Oat | DesignKind::Morris | DesignKind::Sobol
    ) {
        return Ok((None, drivers));
    }
    for (name, y) in outcomes {
        if y.iter().any(|v| v.is_nan()) {
            drivers.push(format!("{name}: no indices (some points have no result)"));
            continue;
        }
        let ok = match sweep.kind {
            DesignKind::Sobol => sobol_rows(sweep, name, y, &mut rows),
            DesignKind::Morris => morris_rows(sweep, name, y, &mut rows),
            _ => oat_rows(sweep, name, y, &mut rows),
        };
        if !ok {
            drivers.push(format!(
                "{name}: no indices (it does not vary over the design)"
            ));
        }
    }
    let mut order: Vec<&String> = outcomes.iter().map(|(n, _)| n).collect();
    order.sort_by_key(|n| (!n.contains("_minus_"), !n.starts_with("npv_")));
    for name in order {
        if let Some(t) = drivers_text(name, &rows, sweep.kind) {
            drivers.push(t);
        }
    }
    if rows.is_empty() {
        return Ok((None, drivers));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "parameter",
        "outcome",
        "index",
        "value",
        "low_95",
        "high_95",
    ])
    .map_err(csv_err)?;
    for r in &rows {
        let (lo, hi) = r.interval.unwrap_or((f64::NAN, f64::NAN));
        w.write_record([
            r.parameter.as_str(),
            r.outcome.as_str(),
            r.index,
            &num(r.value),
            &num(lo),
            &num(hi),
        ])
        .map_err(csv_err)?;
    }
    Ok((Some(into_bytes(w)?), drivers))
}

/// Where one model is best: the sentence, the box's restricted limits and its
/// (coverage, density, mass).
type Region = (String, Vec<(String, f64, f64)>, Option<(f64, f64, f64)>);

/// Where model `mi` is best over the points `x`, by PRIM.
fn region(sweep: &Sweep, x: &[Vec<f64>], best: &[Verdict], mi: usize) -> Region {
    let name = sweep.models[mi].name();
    let target: Vec<bool> = best.iter().map(|b| *b == Verdict::Best(mi)).collect();
    let hits = target.iter().filter(|&&t| t).count();
    if hits == 0 {
        return (
            format!("{name} is best at no point of the design"),
            Vec::new(),
            None,
        );
    }
    if hits == target.len() {
        return (
            format!("{name} is best at every point of the design"),
            Vec::new(),
            None,
        );
    }
    let claim = format!("{name} is best");
    let names: Vec<&str> = sweep.axes.iter().map(|a| a.spec.key).collect();
    match prim(x, &target, &names, &PrimOptions::default()) {
        Ok(r) => {
            let limits = r
                .best
                .limits
                .iter()
                .filter(|l| l.restricted())
                .map(|l| (l.name.clone(), l.lo, l.hi))
                .collect();
            (
                r.best.describe(&claim),
                limits,
                Some((r.best.coverage, r.best.density, r.best.mass)),
            )
        }
        Err(e) => (format!("{claim}: no box found ({e})"), Vec::new(), None),
    }
}

/// `discovery.csv` (two models or more, [`DISCOVERY_MIN_POINTS`] points or more, every
/// point with a best model) and its sentences.
fn discovery_csv(
    sweep: &Sweep,
    x: &[Vec<f64>],
    best: &[Verdict],
) -> Result<(Option<Vec<u8>>, Vec<String>), SweepError> {
    let points = sweep.points();
    if sweep.models.len() < 2 || points < DISCOVERY_MIN_POINTS || best.contains(&Verdict::NoResult)
    {
        return Ok((None, Vec::new()));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "model",
        "best_share",
        "parameter",
        "low",
        "high",
        "coverage",
        "density",
        "mass",
        "description",
    ])
    .map_err(csv_err)?;
    let mut texts = Vec::new();
    for (mi, m) in sweep.models.iter().enumerate() {
        let share = best.iter().filter(|b| **b == Verdict::Best(mi)).count() as f64 / points as f64;
        let (text, limits, stats) = region(sweep, x, best, mi);
        let (cov, den, mass) = stats.unwrap_or((f64::NAN, f64::NAN, f64::NAN));
        let rows = if limits.is_empty() {
            vec![(String::new(), f64::NAN, f64::NAN)]
        } else {
            limits
        };
        for (param, lo, hi) in rows {
            w.write_record([
                m.name(),
                &num(share),
                &param,
                &num(lo),
                &num(hi),
                &num(cov),
                &num(den),
                &num(mass),
                &text,
            ])
            .map_err(csv_err)?;
        }
        texts.push(text);
    }
    let unclear = best.iter().filter(|b| **b == Verdict::Unclear).count();
    if unclear > 0 {
        texts.push(format!(
            "{NO_CLEAR_WINNER} at {unclear} of {points} points (the 95% interval of the \
             leader's paired difference with another model includes zero)"
        ));
    }
    Ok((Some(into_bytes(w)?), texts))
}

/// `runs.csv`, streamed from the journals in design order when the set is written.
fn runs_csv(sweep: &Sweep, idx: Index, hash16: String) -> crate::output::StreamFn {
    let npv_on = sweep
        .models
        .contains(&sweep.scenario.policy.run.reference_model);
    let models: Vec<&'static str> = sweep.models.iter().map(|m| m.name()).collect();
    let seed = sweep.seed.to_string();
    Box::new(move |out: &mut dyn io::Write| {
        let mut w = csv::Writer::from_writer(out);
        let mut header = vec!["point", "model", "replication", "seed", "status", "error"];
        header.extend_from_slice(OUTCOMES);
        if npv_on {
            header.push("npv");
        }
        w.write_record(&header)?;
        let mut row: Vec<String> = Vec::with_capacity(header.len());
        idx.for_each(&hash16, models.len(), |u| {
            for (mi, m) in u.models.iter().enumerate() {
                row.clear();
                row.extend([
                    u.point.to_string(),
                    models[mi].to_string(),
                    u.rep.to_string(),
                    seed.clone(),
                ]);
                match m {
                    ModelRun::Ok { npv, outcomes } => {
                        row.extend(["ok".to_string(), String::new()]);
                        row.extend(outcomes.iter().map(|v| num(*v)));
                        if npv_on {
                            row.push(num(*npv));
                        }
                    }
                    ModelRun::Failed(why) => {
                        row.extend(["failed".to_string(), why.clone()]);
                        row.extend(OUTCOMES.iter().map(|_| String::new()));
                        if npv_on {
                            row.push(String::new());
                        }
                    }
                }
                w.write_record(&row)?;
            }
            Ok(())
        })?;
        w.flush()
    })
}

fn into_bytes(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, SweepError> {
    w.into_inner().map_err(|e| csv_err(e.into_error().into()))
}

fn csv_err(e: csv::Error) -> SweepError {
    SweepError::Record {
        path: PathBuf::from("(memory)"),
        message: e.to_string(),
    }
}
