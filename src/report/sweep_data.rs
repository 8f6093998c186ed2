//! A sweep folder's files, parsed into typed data: the only place where the
//! report reads their formats (docs/GUIDE.md, "Sweeps").
//!
//! `sweep` and `merge` hand over the bytes they are about to write, `report
//! DIR` the bytes of the verified set on disk; either way the report reads
//! only `points.csv`, `sweep.resolved.toml` and, where the design has them,
//! `sweep_indices.csv` and `discovery.csv`. Never `runs.csv` (it can be
//! larger than memory), and never the manifest's header: its command line
//! differs between a sweep run whole and one merged from shards, whose
//! files, and so whose report, must be the same bytes.

use serde::Deserialize;

use super::data::{bad, column, csv_err, number, reader, scenario_info, ScenarioInfo};
use super::{ReportError, RunFiles};
use crate::model::LinkageModel;
use crate::scenario::registry::{self, ParamSpec};
use crate::sweep::spec::DesignKind;

/// The files of a sweep folder the report reads, by name.
pub mod files {
    /// One row per design point (required).
    pub const POINTS: &str = "points.csv";
    /// The sweep and its base scenario as run (required).
    pub const RESOLVED: &str = "sweep.resolved.toml";
    /// Sensitivity indices (one at a time, Morris, Sobol' designs).
    pub const INDICES: &str = "sweep_indices.csv";
    /// Where each model is best (20 points or more, two models or more).
    pub const DISCOVERY: &str = "discovery.csv";
    /// Every file the report may read from a sweep folder.
    pub const ALL: &[&str] = &[POINTS, RESOLVED, INDICES, DISCOVERY];
}

/// The line of `sweep.resolved.toml` after which the base scenario follows,
/// every line commented.
const BASE_MARKER: &str = "# The base scenario, every value resolved:";

/// Whether the files are a sweep's: a report of a sweep, not of a run.
pub fn is_sweep(run: &RunFiles<'_>) -> bool {
    run.get(files::POINTS).is_some() || run.get(files::RESOLVED).is_some()
}

/// Everything a sweep's report shows, as read from its files.
#[derive(Debug, Clone)]
pub struct SweepData {
    /// The header lines of `sweep.resolved.toml`.
    pub about: About,
    /// The settings: `[sweep]` and the axes.
    pub settings: Settings,
    /// The settings as the file writes them (a sweep file without the base
    /// scenario's path).
    pub settings_toml: String,
    /// The base scenario.
    pub base: ScenarioInfo,
    /// The base scenario's text, uncommented: a scenario file.
    pub base_toml: String,
    /// The base scenario's reference model: NPVs are against it.
    pub reference: LinkageModel,
    /// `points.csv`.
    pub points: Points,
    /// `sweep_indices.csv`.
    pub indices: Option<Vec<IndexRow>>,
    /// `discovery.csv`, one entry per model in file order.
    pub discovery: Option<Vec<Region>>,
}

/// What the header comments of `sweep.resolved.toml` say.
#[derive(Debug, Clone, Default)]
pub struct About {
    /// The wijksim version that ran the sweep.
    pub version: String,
    /// The sweep file's name (no folder).
    pub sweep_file: String,
    /// Its SHA-256.
    pub sweep_sha256: String,
    /// The base scenario's SHA-256.
    pub base_sha256: String,
    /// The design's identity.
    pub design_sha256: String,
}

/// The `[sweep]` table and the axes.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Models compared at every point, in file order.
    pub models: Vec<LinkageModel>,
    /// Replications (simulated futures) per point.
    pub replications: u32,
    /// Master seed.
    pub seed: u64,
    /// The design.
    pub design: DesignKind,
    /// `samples` (lhs: points; sobol: N).
    pub samples: Option<u64>,
    /// `trajectories` (morris).
    pub trajectories: Option<u64>,
    /// `levels` (morris).
    pub levels: Option<u64>,
    /// The axes, in file order.
    pub axes: Vec<AxisInfo>,
}

/// One axis as the resolved file writes it.
#[derive(Debug, Clone)]
pub struct AxisInfo {
    /// The parameter's key.
    pub key: String,
    /// The registry entry (the key is checked against it).
    pub spec: &'static ParamSpec,
    /// Explicit values (grid, oat), as TOML writes them.
    pub values: Vec<String>,
    /// A real range.
    pub range: Option<(f64, f64)>,
    /// Evenly spaced values over the range (grid, oat).
    pub steps: Option<u64>,
    /// The distribution over the range (continuous designs).
    pub distribution: Option<String>,
    /// Mode of a triangular distribution.
    pub mode: Option<f64>,
    /// The value acts from the switch week only.
    pub at_switch: bool,
}

/// What an outcome column of `points.csv` measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeKind {
    /// `npv_<m>`: a model's NPV against the reference.
    Npv(LinkageModel),
    /// `npv_<a>_minus_<b>`: the paired NPV difference of two models.
    NpvDiff(LinkageModel, LinkageModel),
    /// `unresolved_debt_households_<m>`.
    Unresolved(LinkageModel),
    /// A column this version of the report does not know.
    Other,
}

impl OutcomeKind {
    /// What the column `name` measures.
    pub fn of(name: &str) -> OutcomeKind {
        let model = LinkageModel::from_name;
        if let Some(m) = name.strip_prefix("unresolved_debt_households_") {
            return model(m).map_or(OutcomeKind::Other, OutcomeKind::Unresolved);
        }
        if let Some(rest) = name.strip_prefix("npv_") {
            if let Some((a, b)) = rest.split_once("_minus_") {
                return match (model(a), model(b)) {
                    (Some(a), Some(b)) => OutcomeKind::NpvDiff(a, b),
                    _ => OutcomeKind::Other,
                };
            }
            return model(rest).map_or(OutcomeKind::Other, OutcomeKind::Npv);
        }
        OutcomeKind::Other
    }

    /// Whether it is in euros.
    pub fn euros(self) -> bool {
        matches!(self, OutcomeKind::Npv(_) | OutcomeKind::NpvDiff(..))
    }

    /// Order of the report: the choice between two models first, then each
    /// model against the reference, then the rest (as `finish` lists the
    /// drivers).
    pub fn rank(self) -> u8 {
        match self {
            OutcomeKind::NpvDiff(..) => 0,
            OutcomeKind::Npv(_) => 1,
            OutcomeKind::Unresolved(_) => 2,
            OutcomeKind::Other => 3,
        }
    }
}

/// `points.csv`.
#[derive(Debug, Clone, Default)]
pub struct Points {
    /// Each point's parameter values as written, `raw[point][axis]`.
    pub raw: Vec<Vec<String>>,
    /// The same as numbers (NaN: not a number, such as a listed text).
    pub x: Vec<Vec<f64>>,
    /// The outcome columns: name and one mean per point (NaN: none).
    pub outcomes: Vec<(String, Vec<f64>)>,
    /// The best model per point (`None`: no clear winner, or no model has a result).
    pub best: Vec<Option<LinkageModel>>,
    /// Whether a point has no clear winner (a model leads, but the replications
    /// cannot tell it from another).
    pub unclear: Vec<bool>,
    /// Failed runs per point.
    pub failed: Vec<u64>,
}

impl Points {
    /// Design points.
    pub fn len(&self) -> usize {
        self.best.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.best.is_empty()
    }

    /// The values of outcome `name`, one per point.
    pub fn outcome(&self, name: &str) -> Option<&[f64]> {
        self.outcomes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// The lowest and highest value of axis `a` over the design (NaN: none).
    pub fn span(&self, a: usize) -> (f64, f64) {
        self.x
            .iter()
            .filter_map(|row| row.get(a).copied())
            .filter(|v| v.is_finite())
            .fold((f64::NAN, f64::NAN), |(lo, hi), v| (lo.min(v), hi.max(v)))
    }
}

/// One row of `sweep_indices.csv`.
#[derive(Debug, Clone)]
pub struct IndexRow {
    /// Parameter key.
    pub parameter: String,
    /// Outcome column of `points.csv`.
    pub outcome: String,
    /// `S1`, `ST`, `mu`, `mu_star`, `sigma`, `change_low`, `change_high`,
    /// `swing`.
    pub index: String,
    /// The estimate.
    pub value: f64,
    /// Lower end of its 95% interval (NaN: none).
    pub low: f64,
    /// Upper end (NaN: none).
    pub high: f64,
}

/// Where one model is best: the rows of `discovery.csv` for that model.
#[derive(Debug, Clone)]
pub struct Region {
    /// The model.
    pub model: LinkageModel,
    /// Share of the design points where it is best.
    pub best_share: f64,
    /// The box: each restricted parameter with its low and high limit.
    pub limits: Vec<(String, f64, f64)>,
    /// Share of the points where the model is best that lie in the box (NaN:
    /// no box).
    pub coverage: f64,
    /// Share of the points in the box where the model is best.
    pub density: f64,
    /// Share of all points that lie in the box.
    pub mass: f64,
}

/// Parse a sweep folder's files.
pub fn parse(run: &RunFiles<'_>) -> Result<SweepData, ReportError> {
    let points = run.get(files::POINTS).ok_or(ReportError::NotARun {
        missing: files::POINTS,
    })?;
    let resolved = run.get(files::RESOLVED).ok_or(ReportError::NotARun {
        missing: files::RESOLVED,
    })?;
    let text = std::str::from_utf8(resolved)
        .map_err(|e| bad(files::RESOLVED, None, &format!("it is not UTF-8: {e}")))?;
    let (about, settings_toml, base_toml) = split_resolved(text)?;
    let settings = parse_settings(&settings_toml)?;
    let base = scenario_info(&base_toml, files::RESOLVED, Vec::new())?;
    let reference = base
        .text("run.reference_model")
        .and_then(LinkageModel::from_name)
        .ok_or_else(|| {
            bad(
                files::RESOLVED,
                None,
                "the base scenario's run.reference_model is not a model name",
            )
        })?;
    let points = parse_points(points, &settings)?;
    let indices = run.get(files::INDICES).map(parse_indices).transpose()?;
    let discovery = run
        .get(files::DISCOVERY)
        .map(|b| parse_discovery(b, &settings))
        .transpose()?;
    Ok(SweepData {
        about,
        settings,
        settings_toml,
        base,
        base_toml,
        reference,
        points,
        indices,
        discovery,
    })
}

/// The header comments, the settings' text and the base scenario's text
/// (uncommented) of `sweep.resolved.toml`.
fn split_resolved(text: &str) -> Result<(About, String, String), ReportError> {
    const F: &str = files::RESOLVED;
    let mut about = About::default();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, line)) = lines.next_if(|(_, l)| l.starts_with('#')) {
        let line_no = Some(i as u64 + 1);
        let rest = line.trim_start_matches('#').trim();
        if let Some(v) = rest.strip_prefix("wijksim ") {
            about.version = v.split(':').next().unwrap_or("").trim().to_string();
        } else if let Some(v) = rest.strip_prefix("sweep file: ") {
            let (name, hash) = named_hash(v).ok_or_else(|| bad(F, line_no, "no sha256"))?;
            about.sweep_file = name;
            about.sweep_sha256 = hash;
        } else if let Some(v) = rest.strip_prefix("base scenario: ") {
            let (_, hash) = named_hash(v).ok_or_else(|| bad(F, line_no, "no sha256"))?;
            about.base_sha256 = hash;
        } else if let Some((_, hash)) = rest.split_once("design sha256 ") {
            about.design_sha256 = hash.trim().to_string();
        }
    }
    if about.version.is_empty() || about.sweep_file.is_empty() {
        return Err(bad(
            F,
            Some(1),
            "it does not start with the lines \"# wijksim VERSION: resolved sweep\" and \
             \"# sweep file: NAME (sha256 HASH)\"",
        ));
    }
    let mut settings = String::new();
    let mut found = false;
    for (_, line) in lines.by_ref() {
        if line == BASE_MARKER {
            found = true;
            break;
        }
        settings.push_str(line);
        settings.push('\n');
    }
    if !found {
        return Err(bad(F, None, &format!("it has no line {BASE_MARKER:?}")));
    }
    let mut base = String::new();
    for (i, line) in lines {
        let plain = match line.strip_prefix("# ") {
            Some(rest) => rest,
            None if line.is_empty() || line == "#" => "",
            None => {
                return Err(bad(
                    F,
                    Some(i as u64 + 1),
                    "a line of the base scenario is not commented",
                ))
            }
        };
        base.push_str(plain);
        base.push('\n');
    }
    let settings = settings.trim_matches('\n').to_string() + "\n";
    let base = base.trim_start_matches('\n').to_string();
    Ok((about, settings, base))
}

/// `NAME (sha256 HASH)` split into its name and hash.
fn named_hash(s: &str) -> Option<(String, String)> {
    let (name, rest) = s.rsplit_once(" (sha256 ")?;
    let hash = rest.strip_suffix(')')?;
    Some((name.to_string(), hash.to_string()))
}

#[derive(Deserialize)]
struct SettingsFile {
    sweep: SweepTable,
    #[serde(default)]
    axis: Vec<AxisTable>,
}

#[derive(Deserialize)]
struct SweepTable {
    models: Vec<String>,
    replications: u32,
    seed: u64,
    design: String,
    samples: Option<u64>,
    trajectories: Option<u64>,
    levels: Option<u64>,
}

#[derive(Deserialize)]
struct AxisTable {
    param: String,
    values: Option<Vec<toml::Value>>,
    range: Option<Vec<toml::Value>>,
    steps: Option<u64>,
    distribution: Option<String>,
    mode: Option<toml::Value>,
    at: Option<String>,
}

fn real(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Float(x) => Some(*x),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    }
}

fn parse_settings(text: &str) -> Result<Settings, ReportError> {
    const F: &str = files::RESOLVED;
    let file: SettingsFile = toml::from_str(text).map_err(|e| bad(F, None, e.message()))?;
    let s = file.sweep;
    let models = s
        .models
        .iter()
        .map(|m| {
            LinkageModel::from_name(m).ok_or_else(|| bad(F, None, &format!("{m:?} is not a model")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let design = DesignKind::from_name(&s.design)
        .ok_or_else(|| bad(F, None, &format!("{:?} is not a design", s.design)))?;
    let axes = file
        .axis
        .into_iter()
        .map(|a| {
            let spec = registry::spec(&a.param)
                .ok_or_else(|| bad(F, None, &format!("{:?} is not a parameter", a.param)))?;
            let range = match a.range.as_deref() {
                None => None,
                Some([lo, hi]) => Some((real(lo), real(hi))),
                Some(_) => None,
            }
            .map(|(lo, hi)| lo.zip(hi))
            .map(|r| {
                r.ok_or_else(|| bad(F, None, &format!("{}: range is not two numbers", a.param)))
            })
            .transpose()?;
            Ok(AxisInfo {
                key: a.param,
                spec,
                values: a
                    .values
                    .unwrap_or_default()
                    .iter()
                    .map(|v| v.to_string())
                    .collect(),
                range,
                steps: a.steps,
                distribution: a.distribution,
                mode: a.mode.as_ref().and_then(real),
                at_switch: a.at.as_deref() == Some("switch"),
            })
        })
        .collect::<Result<Vec<_>, ReportError>>()?;
    Ok(Settings {
        models,
        replications: s.replications,
        seed: s.seed,
        design,
        samples: s.samples,
        trajectories: s.trajectories,
        levels: s.levels,
        axes,
    })
}

fn line(rec: &csv::StringRecord) -> Option<u64> {
    rec.position().map(|p| p.line())
}

fn model_cell(
    file: &'static str,
    rec: &csv::StringRecord,
    i: usize,
    settings: &Settings,
) -> Result<LinkageModel, ReportError> {
    let cell = rec.get(i).unwrap_or("");
    LinkageModel::from_name(cell)
        .filter(|m| settings.models.contains(m))
        .ok_or_else(|| {
            bad(
                file,
                line(rec),
                &format!("{cell:?} is not one of the sweep's models"),
            )
        })
}

fn parse_points(bytes: &[u8], settings: &Settings) -> Result<Points, ReportError> {
    const F: &str = files::POINTS;
    let mut rdr = reader(bytes);
    let headers = rdr.headers().map_err(|e| csv_err(F, &e))?.clone();
    column(F, &headers, "point")?;
    let c_best = column(F, &headers, "best_model")?;
    let c_failed = column(F, &headers, "failed_runs")?;
    let params: Vec<(usize, &str)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.strip_prefix("param_").map(|k| (i, k)))
        .collect();
    let keys: Vec<&str> = params.iter().map(|(_, k)| *k).collect();
    let axes: Vec<&str> = settings.axes.iter().map(|a| a.key.as_str()).collect();
    if keys != axes {
        return Err(ReportError::Inconsistent(format!(
            "{F} has the parameters {keys:?} but {} the axes {axes:?}",
            files::RESOLVED
        )));
    }
    let after = params.last().map_or(1, |(i, _)| i + 1);
    let outcome_cols: Vec<usize> = (after..headers.len())
        .filter(|&i| i != c_best && i != c_failed && !headers[i].starts_with("best_margin"))
        .collect();
    let mut out = Points {
        outcomes: outcome_cols
            .iter()
            .map(|&i| (headers[i].to_string(), Vec::new()))
            .collect(),
        ..Points::default()
    };
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(F, &e))?;
        let raw: Vec<String> = params
            .iter()
            .map(|&(i, _)| rec.get(i).unwrap_or("").to_string())
            .collect();
        out.x.push(
            raw.iter()
                .map(|v| v.parse::<f64>().unwrap_or(f64::NAN))
                .collect(),
        );
        out.raw.push(raw);
        for (k, &i) in outcome_cols.iter().enumerate() {
            out.outcomes[k].1.push(number(F, &rec, i)?);
        }
        let cell = rec.get(c_best).unwrap_or("");
        let unclear = cell == crate::sweep::finish::NO_CLEAR_WINNER;
        out.unclear.push(unclear);
        out.best.push(if cell.is_empty() || unclear {
            None
        } else {
            Some(model_cell(F, &rec, c_best, settings)?)
        });
        let failed = rec.get(c_failed).unwrap_or("");
        out.failed.push(failed.parse::<u64>().map_err(|_| {
            bad(
                F,
                line(&rec),
                &format!("{failed:?} in failed_runs is not a whole number"),
            )
        })?);
    }
    if out.is_empty() {
        return Err(bad(F, None, "it has no rows"));
    }
    Ok(out)
}

fn parse_indices(bytes: &[u8]) -> Result<Vec<IndexRow>, ReportError> {
    const F: &str = files::INDICES;
    let mut rdr = reader(bytes);
    let headers = rdr.headers().map_err(|e| csv_err(F, &e))?.clone();
    let c = |n| column(F, &headers, n);
    let (cp, co, ci, cv, cl, ch) = (
        c("parameter")?,
        c("outcome")?,
        c("index")?,
        c("value")?,
        c("low_95")?,
        c("high_95")?,
    );
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(F, &e))?;
        out.push(IndexRow {
            parameter: rec.get(cp).unwrap_or("").to_string(),
            outcome: rec.get(co).unwrap_or("").to_string(),
            index: rec.get(ci).unwrap_or("").to_string(),
            value: number(F, &rec, cv)?,
            low: number(F, &rec, cl)?,
            high: number(F, &rec, ch)?,
        });
    }
    Ok(out)
}

fn parse_discovery(bytes: &[u8], settings: &Settings) -> Result<Vec<Region>, ReportError> {
    const F: &str = files::DISCOVERY;
    let mut rdr = reader(bytes);
    let headers = rdr.headers().map_err(|e| csv_err(F, &e))?.clone();
    let c = |n| column(F, &headers, n);
    let (cm, cs, cp, cl, ch, cc, cd, cx) = (
        c("model")?,
        c("best_share")?,
        c("parameter")?,
        c("low")?,
        c("high")?,
        c("coverage")?,
        c("density")?,
        c("mass")?,
    );
    let mut out: Vec<Region> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(F, &e))?;
        let model = model_cell(F, &rec, cm, settings)?;
        if out.last().is_none_or(|r| r.model != model) {
            out.push(Region {
                model,
                best_share: number(F, &rec, cs)?,
                limits: Vec::new(),
                coverage: number(F, &rec, cc)?,
                density: number(F, &rec, cd)?,
                mass: number(F, &rec, cx)?,
            });
        }
        let param = rec.get(cp).unwrap_or("");
        if !param.is_empty() {
            let limit = (
                param.to_string(),
                number(F, &rec, cl)?,
                number(F, &rec, ch)?,
            );
            if let Some(r) = out.last_mut() {
                r.limits.push(limit);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_columns_are_recognised() {
        use LinkageModel::*;
        assert_eq!(OutcomeKind::of("npv_broad"), OutcomeKind::Npv(Broad));
        assert_eq!(
            OutcomeKind::of("npv_broad_minus_partial"),
            OutcomeKind::NpvDiff(Broad, Partial)
        );
        assert_eq!(
            OutcomeKind::of("unresolved_debt_households_separate"),
            OutcomeKind::Unresolved(Separate)
        );
        assert_eq!(OutcomeKind::of("npv_nobody"), OutcomeKind::Other);
        assert_eq!(OutcomeKind::of("waits"), OutcomeKind::Other);
    }

    #[test]
    fn a_resolved_file_without_its_header_is_refused() {
        let err = split_resolved("[sweep]\nmodels = []\n").unwrap_err();
        assert!(err.to_string().contains("sweep.resolved.toml:1"), "{err}");
        let err = split_resolved(
            "# wijksim 0.1.0: resolved sweep\n# sweep file: s.toml (sha256 ab)\n[sweep]\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("The base scenario"), "{err}");
    }

    #[test]
    fn names_with_brackets_keep_their_hash() {
        assert_eq!(
            named_hash("my (old) sweep.toml (sha256 abc)"),
            Some(("my (old) sweep.toml".to_string(), "abc".to_string()))
        );
        assert_eq!(named_hash("no hash"), None);
    }
}
