//! Running a sweep: its units of work, in parallel, into a shard's journal.
//!
//! A **unit** is one design point and one replication: every model of the sweep is run
//! from one shared warm-up with common random numbers (the replication's random
//! numbers are the same at every point, so differences between points are the
//! parameters', not the dice's). Unit `u` of `U = points × replications` is replication
//! `u / points` of point `perm(u mod points)`, where `perm` steps through the points with
//! a stride near the golden ratio: the units done so far cover the whole design, not
//! its first corner, and a sweep stopped early still says something about all of it.
//!
//! Shard `K/N` takes the units with `u mod N = K − 1`: a pure function of the design,
//! so any process on any machine computes its slice without a shared sample file, and
//! the slice does not depend on the thread count. Each finished unit is appended to the
//! shard's journal ([`crate::output::journal`]) as one checksummed record; `resume`
//! skips what the journal holds.

use super::spec::Sweep;
use crate::export::csv_files::num;
use crate::mkba::appraisal::{appraise_pair, present_values};
use crate::model::LinkageModel;
use crate::outcomes::OUTCOMES;
use crate::output::journal::{Journal, JournalError, JOURNAL_MAGIC};
use crate::output::{Header, OutputError, OutputSet};
use crate::runner::{self, RunSpec};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use thiserror::Error;

/// The journal's file name in a shard folder.
pub const JOURNAL_FILE: &str = "journal";

/// Why a sweep could not run or finish.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum SweepError {
    /// The journal could not be used.
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// An output folder could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The sweep or its shards are not what they should be (bad input: exit code 2).
    #[error("{0}")]
    Input(String),
    /// The report of the final files could not be made (a bug: the files are
    /// the sweep's own).
    #[error("building report.html: {0}")]
    Report(#[from] crate::report::ReportError),
    /// A journal record cannot be read (a bug, or a file changed by hand).
    #[error("{path}: {message}")]
    Record {
        /// The journal.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl SweepError {
    /// Whether the error is the input's (exit code 2) rather than the run's (1).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            SweepError::Input(_)
                | SweepError::Journal(JournalError::Foreign { .. })
                | SweepError::Journal(JournalError::NotEmpty { .. })
        )
    }
}

/// A slice of a sweep: shard `k` of `n` (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Shard {
    /// This shard, 1..=n.
    pub k: u32,
    /// Number of shards.
    pub n: u32,
}

impl Shard {
    /// The whole sweep.
    pub const ALL: Shard = Shard { k: 1, n: 1 };

    /// Parse `K/N` (1 ≤ K ≤ N ≤ 100 000).
    pub fn parse(s: &str) -> Result<Shard, String> {
        let bad = || format!("--shard {s:?}: give K/N with 1 <= K <= N <= 100000, e.g. 3/8");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: u32 = k.trim().parse().map_err(|_| bad())?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        if k == 0 || k > n || n > 100_000 {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }

    /// The shard's folder name, `shard-K-of-N`.
    pub fn dir_name(self) -> String {
        format!("shard-{}-of-{}", self.k, self.n)
    }

    /// Parse a folder name made by [`Shard::dir_name`].
    pub fn from_dir_name(name: &str) -> Option<Shard> {
        let rest = name.strip_prefix("shard-")?;
        let (k, n) = rest.split_once("-of-")?;
        let (k, n) = (k.parse().ok()?, n.parse().ok()?);
        (k >= 1 && k <= n).then_some(Shard { k, n })
    }

    /// Units of a sweep of `total` units in this shard.
    pub fn units(self, total: u64) -> u64 {
        let (k, n) = (self.k as u64 - 1, self.n as u64);
        if total > k {
            (total - k).div_ceil(n)
        } else {
            0
        }
    }
}

/// The stride of the interleaved order over `points` points: near `points / φ` and
/// coprime with it, so `j ↦ j·stride mod points` visits every point once.
fn stride(points: u64) -> u64 {
    if points <= 2 {
        return 1;
    }
    let mut s = ((points as f64) * 0.618_033_988_749_895).round() as u64;
    s = s.clamp(1, points - 1);
    while gcd(s, points) != 1 {
        s += 1;
    }
    s
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The unit of design point `point` in replication `rep` (the inverse of [`unit_of`]).
pub fn unit_index(points: u64, point: usize, rep: u32) -> u64 {
    // j·stride ≡ point (mod points): j = point · stride⁻¹.
    let inv = mod_inverse(stride(points), points);
    let j = (point as u128 * inv as u128 % points as u128) as u64;
    rep as u64 * points + j
}

/// `a⁻¹ mod m` for coprime `a`, `m` (extended Euclid).
fn mod_inverse(a: u64, m: u64) -> u64 {
    if m == 1 {
        return 0;
    }
    let (mut t, mut new_t) = (0i128, 1i128);
    let (mut r, mut new_r) = (m as i128, a as i128);
    while new_r != 0 {
        let q = r / new_r;
        (t, new_t) = (new_t, t - q * new_t);
        (r, new_r) = (new_r, r - q * new_r);
    }
    t.rem_euclid(m as i128) as u64
}

/// Unit `u`'s design point and replication.
pub fn unit_of(points: u64, u: u64) -> (usize, u32) {
    let rep = u / points;
    let j = u % points;
    let point = ((j as u128 * stride(points) as u128) % points as u128) as usize;
    (point, rep as u32)
}

/// What one model did in one unit.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelRun {
    /// It ran: its outcomes in [`OUTCOMES`] order and its societal NPV against the
    /// reference model (NaN when the reference was not run or failed).
    Ok {
        /// Net present value, euros.
        npv: f64,
        /// Outcome values.
        outcomes: Vec<f64>,
    },
    /// It failed, with the reason.
    Failed(String),
}

/// The result of one unit: every model at one point in one replication.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitResult {
    /// Design point.
    pub point: usize,
    /// Replication.
    pub rep: u32,
    /// One per model of the sweep, in its order.
    pub models: Vec<ModelRun>,
}

/// The first 16 hex digits of a design hash: what each journal record carries.
pub fn short_hash(design_hash: &str) -> &str {
    &design_hash[..16.min(design_hash.len())]
}

impl UnitResult {
    /// The journal record: `hash16 \t point \t rep \t model…`, each model `ok|npv|v,v,…`
    /// or `failed|reason`. Numbers in Rust's shortest round-trip form, as in the CSV
    /// files, so a value read back is the value computed.
    pub fn to_record(&self, hash16: &str) -> String {
        let mut s = format!("{hash16}\t{}\t{}", self.point, self.rep);
        for m in &self.models {
            s.push('\t');
            match m {
                ModelRun::Ok { npv, outcomes } => {
                    s.push_str("ok|");
                    s.push_str(&num(*npv));
                    s.push('|');
                    for (i, v) in outcomes.iter().enumerate() {
                        if i > 0 {
                            s.push(',');
                        }
                        s.push_str(&num(*v));
                    }
                }
                ModelRun::Failed(why) => {
                    s.push_str("failed|");
                    s.extend(why.chars().map(|c| if c.is_control() { ' ' } else { c }));
                }
            }
        }
        s
    }

    /// Read a record written by [`UnitResult::to_record`] for `models` models.
    pub fn parse(record: &str, hash16: &str, models: usize) -> Result<UnitResult, String> {
        let mut fields = record.split('\t');
        let h = fields.next().unwrap_or_default();
        if h != hash16 {
            return Err(format!(
                "record of another sweep (design {h}, this sweep {hash16})"
            ));
        }
        let point = fields
            .next()
            .and_then(|f| f.parse().ok())
            .ok_or("record without a point number")?;
        let rep = fields
            .next()
            .and_then(|f| f.parse().ok())
            .ok_or("record without a replication number")?;
        let parse_num = |f: &str| -> Result<f64, String> {
            if f.is_empty() {
                Ok(f64::NAN)
            } else {
                f.parse().map_err(|_| format!("{f:?} is not a number"))
            }
        };
        let mut out = Vec::with_capacity(models);
        for f in fields {
            if let Some(why) = f.strip_prefix("failed|") {
                out.push(ModelRun::Failed(why.to_string()));
                continue;
            }
            let rest = f
                .strip_prefix("ok|")
                .ok_or("model result neither ok nor failed")?;
            let (npv, values) = rest
                .split_once('|')
                .ok_or("model result without outcomes")?;
            let outcomes = values
                .split(',')
                .map(parse_num)
                .collect::<Result<Vec<_>, _>>()?;
            if outcomes.len() != OUTCOMES.len() {
                return Err(format!(
                    "{} outcome values; this version has {}",
                    outcomes.len(),
                    OUTCOMES.len()
                ));
            }
            out.push(ModelRun::Ok {
                npv: parse_num(npv)?,
                outcomes,
            });
        }
        if out.len() != models {
            return Err(format!(
                "{} model results; the sweep has {models}",
                out.len()
            ));
        }
        Ok(UnitResult {
            point,
            rep,
            models: out,
        })
    }
}

/// Run one unit: every model of the sweep at `point` in replication `rep`. Never
/// fails: a model that fails (an invalid point, an invariant, a panic) is recorded
/// with its reason.
pub fn run_unit(sweep: &Sweep, point: usize, rep: u32) -> UnitResult {
    let failed_all = |why: String| UnitResult {
        point,
        rep,
        models: sweep
            .models
            .iter()
            .map(|_| ModelRun::Failed(why.clone()))
            .collect(),
    };
    let scenario = match sweep.scenario_at(point) {
        Ok(s) => s,
        Err(e) => return failed_all(format!("design point {point} is not a valid scenario: {e}")),
    };
    let mut spec = RunSpec::from_scenario(&scenario, sweep.models.clone());
    spec.seed = sweep.seed;
    spec.replications = sweep.replications;
    let runs = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runner::run_replication(&scenario, &spec, rep)
    })) {
        Ok(runs) => runs,
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            return failed_all(format!("the simulation stopped (a bug): {why}"));
        }
    };
    let prices = &scenario.policy.mkba;
    let reference = runs
        .iter()
        .find(|r| r.model == spec.reference && r.violation.is_none())
        .map(|r| present_values(r, prices));
    let models = runs
        .iter()
        .map(|r| match &r.violation {
            Some(v) => ModelRun::Failed(format!("invariant violated: {v}")),
            None => ModelRun::Ok {
                npv: reference.as_ref().map_or(f64::NAN, |rp| {
                    appraise_pair(&present_values(r, prices), rp).npv
                }),
                outcomes: r.outcomes.0.clone(),
            },
        })
        .collect();
    UnitResult { point, rep, models }
}

/// A running mean with its standard error (Welford).
#[derive(Debug, Clone, Copy, Default)]
pub struct Running {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Running {
    /// Add a value (NaN is skipped).
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Values added.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// The mean (NaN when empty).
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.mean
        }
    }

    /// Half-width of the 95% interval of the mean (NaN with fewer than two values).
    pub fn half_width(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            1.96 * (self.m2 / (self.n - 1) as f64 / self.n as f64).sqrt()
        }
    }
}

/// The headline a sweep's progress shows per model: the NPV against the reference
/// when the reference is among the models, otherwise households left with unresolved
/// problematic debt.
#[derive(Debug, Clone)]
pub struct Estimates {
    /// What is estimated.
    pub outcome: &'static str,
    /// Per model of the sweep: the running mean over the units done so far (all points).
    pub by_model: Vec<(LinkageModel, Running)>,
    /// The reference model, when the NPV is estimated (its own NPV is 0 by definition).
    pub reference: Option<LinkageModel>,
    npv: bool,
    unresolved: usize,
}

impl Estimates {
    fn new(sweep: &Sweep) -> Self {
        let npv = sweep
            .models
            .contains(&sweep.scenario.policy.run.reference_model);
        Estimates {
            outcome: if npv {
                "NPV vs the reference, EUR"
            } else {
                "households with unresolved debt"
            },
            by_model: sweep
                .models
                .iter()
                .map(|&m| (m, Running::default()))
                .collect(),
            reference: npv.then_some(sweep.scenario.policy.run.reference_model),
            npv,
            unresolved: crate::outcomes::outcome_index("unresolved_debt_households").unwrap_or(0),
        }
    }

    fn add(&mut self, u: &UnitResult) {
        for ((_, r), m) in self.by_model.iter_mut().zip(&u.models) {
            if let ModelRun::Ok { npv, outcomes } = m {
                r.add(if self.npv {
                    *npv
                } else {
                    outcomes[self.unresolved]
                });
            }
        }
    }
}

/// Where a shard stands, for the progress display.
#[derive(Debug, Clone)]
pub struct Progress {
    /// Units of this shard finished (including those found in the journal).
    pub done: u64,
    /// Units of this shard.
    pub total: u64,
    /// Units found in the journal at the start.
    pub resumed: u64,
    /// Runs (unit × model) that failed so far.
    pub failed: u64,
    /// Running estimates.
    pub estimates: Estimates,
}

/// How a shard run ended.
#[derive(Debug, Clone)]
pub struct ShardReport {
    /// The shard's folder.
    pub dir: PathBuf,
    /// The final progress.
    pub progress: Progress,
    /// Whether the stop flag ended it before all units were done.
    pub stopped: bool,
    /// Wall-clock seconds of running the units (journal writes included).
    pub wall_seconds: f64,
    /// Seconds the threads spent simulating units, summed over threads.
    pub simulate_seconds: f64,
    /// Threads that ran the units.
    pub threads: usize,
}

impl ShardReport {
    /// The share of the threads' time not spent simulating: scheduling, journal
    /// writes, threads waiting at the end of a batch.
    pub fn overhead(&self) -> f64 {
        let available = self.wall_seconds * self.threads as f64;
        if available > 0.0 {
            (1.0 - self.simulate_seconds / available).max(0.0)
        } else {
            0.0
        }
    }
}

/// The journal header of a sweep's shard: the design hash, the shard, and the sweep
/// file the sweep was started from (name and SHA-256).
pub fn journal_header(sweep: &Sweep, version: &str, shard: Shard) -> String {
    let name = Path::new(&sweep.origin)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| sweep.origin.clone());
    let name: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(
        "{JOURNAL_MAGIC}\tdesign {}\tshard {}/{}\tsweep {}\tsha256 {}",
        sweep.design_hash(version),
        shard.k,
        shard.n,
        name,
        sweep.source_hash
    )
}

/// Run shard `shard` of `sweep` into `dir/shard-K-of-N/`: the shard's copy of the sweep
/// (so `merge` needs nothing else) and its journal. Units run in parallel in batches;
/// after each batch their records are appended in unit order and `progress` is called.
/// When `stop` is set the batch in flight finishes and the run returns (`stopped`).
pub fn run_shard(
    sweep: &Sweep,
    dir: &Path,
    shard: Shard,
    resume: bool,
    provenance: &Header,
    stop: &AtomicBool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<ShardReport, SweepError> {
    let version = &provenance.program_version;
    let hash = sweep.design_hash(version);
    let hash16 = short_hash(&hash).to_string();
    let shard_dir = dir.join(shard.dir_name());
    let points = sweep.points() as u64;
    let total_units = sweep.units();
    let mine = shard.units(total_units);
    let n = shard.n as u64;
    // One bit per unit of the shard: what the journal already holds.
    let mut done = vec![false; mine as usize];
    let mut estimates = Estimates::new(sweep);
    let mut failed = 0u64;
    let mut resumed = 0u64;
    let journal_path = shard_dir.join(JOURNAL_FILE);
    let models = sweep.models.len();
    let mut journal = Journal::open(
        &journal_path,
        &journal_header(sweep, version, shard),
        resume,
        |rec| {
            let u =
                UnitResult::parse(rec, &hash16, models).map_err(|message| JournalError::Io {
                    action: "read a record of",
                    path: journal_path.clone(),
                    source: std::io::Error::new(std::io::ErrorKind::InvalidData, message),
                })?;
            let unit = unit_index(points, u.point, u.rep);
            if u.point < points as usize
                && unit % n == shard.k as u64 - 1
                && ((unit / n) as usize) < done.len()
            {
                let slot = &mut done[(unit / n) as usize];
                if !*slot {
                    *slot = true;
                    resumed += 1;
                    estimates.add(&u);
                    failed += u
                        .models
                        .iter()
                        .filter(|m| matches!(m, ModelRun::Failed(_)))
                        .count() as u64;
                }
            }
            Ok(())
        },
    )?;
    // The shard's own copy of the sweep, through the output writer.
    let mut set = OutputSet::new(&shard_dir, provenance.clone());
    for (name, bytes) in sweep.shard_files() {
        set.add_file(name, bytes)?;
    }
    set.commit()?;

    let mut p = Progress {
        done: resumed,
        total: mine,
        resumed,
        failed,
        estimates,
    };
    progress(&p);
    let todo: Vec<u64> = (0..mine).filter(|&i| !done[i as usize]).collect();
    drop(done);
    // Workers take the next unit in order from a shared counter (so the units done
    // at any moment are a prefix of the interleaved order, spread over the design) and
    // hand each result to this thread, which appends it to the journal. No batch
    // barriers: a slow unit never holds the others up. Records land in the journal in
    // the order units finish; the final files never depend on that order.
    let threads = rayon::current_num_threads();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let abort = AtomicBool::new(false);
    let busy_nanos = std::sync::atomic::AtomicU64::new(0);
    let started = std::time::Instant::now();
    let (tx, rx) = std::sync::mpsc::sync_channel::<UnitResult>(threads * 8);
    let todo = &todo;
    let written: Result<(), SweepError> = std::thread::scope(|scope| {
        let (next, abort, busy_nanos) = (&next, &abort, &busy_nanos);
        scope.spawn(move || {
            rayon::scope(|rs| {
                for _ in 0..threads {
                    let tx = tx.clone();
                    rs.spawn(move |_| loop {
                        if stop.load(Ordering::Relaxed) || abort.load(Ordering::Relaxed) {
                            break;
                        }
                        let j = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&i) = todo.get(j) else { break };
                        let t = std::time::Instant::now();
                        let (point, rep) = unit_of(points, i * n + shard.k as u64 - 1);
                        let r = run_unit(sweep, point, rep);
                        busy_nanos.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
                        if tx.send(r).is_err() {
                            break;
                        }
                    });
                }
            });
            drop(tx);
        });
        let mut records = Vec::new();
        let mut results = Vec::new();
        while let Ok(first) = rx.recv() {
            // Whatever else has finished meanwhile goes into the same write.
            results.push(first);
            while let Ok(more) = rx.try_recv() {
                results.push(more);
            }
            records.clear();
            records.extend(results.iter().map(|r| r.to_record(&hash16)));
            if let Err(e) = journal.append(&records) {
                abort.store(true, Ordering::Relaxed);
                // Drain so that no worker blocks on a full channel.
                while rx.recv().is_ok() {}
                return Err(e.into());
            }
            for r in results.drain(..) {
                p.estimates.add(&r);
                p.failed += r
                    .models
                    .iter()
                    .filter(|m| matches!(m, ModelRun::Failed(_)))
                    .count() as u64;
                p.done += 1;
            }
            progress(&p);
        }
        Ok(())
    });
    written?;
    let stopped = p.done < p.total;
    journal.sync()?;
    Ok(ShardReport {
        dir: shard_dir,
        progress: p,
        stopped,
        wall_seconds: started.elapsed().as_secs_f64(),
        simulate_seconds: busy_nanos.into_inner() as f64 / 1e9,
        threads,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interleaved_order_visits_every_unit_once() {
        for points in [1u64, 2, 3, 7, 10, 64, 100, 2560] {
            let reps = 3;
            let mut seen = vec![false; (points * reps) as usize];
            for u in 0..points * reps {
                let (p, r) = unit_of(points, u);
                assert_eq!(unit_index(points, p, r), u);
                let k = r as usize * points as usize + p;
                assert!(!seen[k], "points {points}: unit {u} repeats");
                seen[k] = true;
            }
        }
        // The first units spread over the design rather than filling its start.
        let first: Vec<usize> = (0..10).map(|u| unit_of(1000, u).0).collect();
        assert!(first.iter().any(|&p| p > 500), "{first:?}");
    }

    #[test]
    fn shards_partition_the_units() {
        for total in [0u64, 1, 5, 17, 100] {
            for n in 1..6u32 {
                let sum: u64 = (1..=n).map(|k| Shard { k, n }.units(total)).sum();
                assert_eq!(sum, total, "total {total}, n {n}");
            }
        }
        assert_eq!(Shard::parse("3/8"), Ok(Shard { k: 3, n: 8 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "1/100001"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let s = Shard { k: 2, n: 5 };
        assert_eq!(Shard::from_dir_name(&s.dir_name()), Some(s));
    }

    #[test]
    fn a_failing_run_is_recorded_not_fatal() {
        let text = "[sweep]\nmodels = [\"partial\", \"separate\"]\n\
                    [[axis]]\nparam = \"team.caseload_cap\"\nvalues = [20]\n";
        let mut sweep = super::super::spec::load_str(text, "t.toml", Path::new(".")).unwrap();
        // A value the validation would have refused, slipped in after it.
        sweep.axes[0].levels =
            super::super::spec::Levels::List(vec![crate::scenario::Value::I(-5)]);
        let u = run_unit(&sweep, 0, 0);
        assert_eq!(u.models.len(), 2);
        for m in &u.models {
            assert!(
                matches!(m, ModelRun::Failed(why) if why.contains("not a valid scenario")),
                "{m:?}"
            );
        }
        let back = UnitResult::parse(&u.to_record("h"), "h", 2).unwrap();
        assert_eq!(back, u);
    }

    #[test]
    fn records_round_trip() {
        let u = UnitResult {
            point: 12,
            rep: 3,
            models: vec![
                ModelRun::Ok {
                    npv: -1234.5678901234567,
                    outcomes: (0..OUTCOMES.len())
                        .map(|i| i as f64 / 3.0 - 1e-300)
                        .collect(),
                },
                ModelRun::Failed("bad\tthing\nhere".into()),
                ModelRun::Ok {
                    npv: f64::NAN,
                    outcomes: vec![0.0; OUTCOMES.len()],
                },
            ],
        };
        let rec = u.to_record("abcd");
        assert!(!rec.contains('\n'));
        let back = UnitResult::parse(&rec, "abcd", 3).unwrap();
        assert_eq!(back.point, 12);
        assert_eq!(back.rep, 3);
        match (&back.models[0], &u.models[0]) {
            (
                ModelRun::Ok {
                    npv: a,
                    outcomes: x,
                },
                ModelRun::Ok {
                    npv: b,
                    outcomes: y,
                },
            ) => {
                assert_eq!(a.to_bits(), b.to_bits());
                assert!(x.iter().zip(y).all(|(p, q)| p.to_bits() == q.to_bits()));
            }
            _ => panic!("{back:?}"),
        }
        assert_eq!(back.models[1], ModelRun::Failed("bad thing here".into()));
        assert!(matches!(back.models[2], ModelRun::Ok { npv, .. } if npv.is_nan()));
        assert!(UnitResult::parse(&rec, "other", 3).is_err());
        assert!(UnitResult::parse(&rec, "abcd", 2).is_err());
    }
}
