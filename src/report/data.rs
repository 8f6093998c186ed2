//! A run folder's files, parsed into typed data: the only place that reads
//! their formats (docs/OUTPUTS.md). Both ways to a report use it:
//! `compare` hands over the bytes it is about to write, `report DIR` the
//! bytes of the verified set on disk, so the two give the same report.
//!
//! Only `summary.csv` and `scenario.resolved.toml` are required; every other
//! file is optional, and a section of the report appears only when its data
//! is here. Files the report does not know (a sweep's, later) are ignored.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{ReportError, RunFiles};
use crate::model::LinkageModel;
use crate::output::Header;
use crate::scenario::{self, registry, ParamSpec, Scope, Value};

/// The files the report reads, by name.
pub mod files {
    /// One row per model and replication: every outcome (required).
    pub const SUMMARY: &str = "summary.csv";
    /// The scenario as run (required).
    pub const RESOLVED: &str = "scenario.resolved.toml";
    /// Weekly series after the switch.
    pub const TIMESERIES: &str = "timeseries.csv";
    /// Every priced flow.
    pub const MKBA: &str = "mkba.csv";
    /// MKBA results per model against the reference.
    pub const MKBA_SUMMARY: &str = "mkba_summary.csv";
    /// The same at several horizons, from the same run.
    pub const MKBA_HORIZONS: &str = "mkba_horizons.csv";
    /// Packages (a model with what comes with it) against the plain reference.
    pub const PACKAGES: &str = "packages.csv";
    /// One-at-a-time variations of prices and behaviour.
    pub const SENSITIVITY: &str = "mkba_sensitivity.csv";
    /// The recommendation as data.
    pub const RECOMMENDATION: &str = "recommendation.json";
    /// Per replication: the drawn assumptions and each model's NPV (`--psa`).
    pub const PSA: &str = "psa.csv";
    /// Value of information per assumption (`--psa`).
    pub const EVPPI: &str = "evppi.csv";
    /// Each municipality's own outcomes (`--by-municipality`).
    pub const MUNICIPALITIES: &str = "municipalities.csv";
    /// Every file the report may read.
    pub const ALL: &[&str] = &[
        SUMMARY,
        RESOLVED,
        TIMESERIES,
        MKBA,
        MKBA_SUMMARY,
        MKBA_HORIZONS,
        PACKAGES,
        SENSITIVITY,
        RECOMMENDATION,
        PSA,
        EVPPI,
        MUNICIPALITIES,
    ];
}

/// Everything the report shows, as read from the files.
#[derive(Debug, Clone)]
pub struct RunData {
    /// How the run was made (the manifest's header).
    pub header: Header,
    /// The scenario as run.
    pub scenario: ScenarioInfo,
    /// The reference model (`run.reference_model`).
    pub reference: LinkageModel,
    /// `summary.csv`.
    pub outcomes: Outcomes,
    /// `timeseries.csv`.
    pub timeseries: Option<Timeseries>,
    /// `mkba.csv`, added up per run and year.
    pub costs: Option<Costs>,
    /// `mkba_summary.csv`.
    pub mkba: Option<MkbaSummary>,
    /// `mkba_horizons.csv`, shortest horizon first.
    pub horizons: Option<Vec<Horizon>>,
    /// `packages.csv`, in file order.
    pub packages: Option<Vec<PackageRow>>,
    /// `mkba_sensitivity.csv`.
    pub sensitivity: Option<Vec<SensitivityRow>>,
    /// `recommendation.json`.
    pub recommendation: Option<RecommendationData>,
    /// `psa.csv`.
    pub psa: Option<Psa>,
    /// `evppi.csv`.
    pub evppi: Option<Vec<EvppiRow>>,
    /// `municipalities.csv`, one entry per municipality in file order.
    pub municipalities: Option<Vec<(String, Outcomes)>>,
}

/// The scenario as run, from `scenario.resolved.toml`.
#[derive(Debug, Clone)]
pub struct ScenarioInfo {
    /// `scenario.name` (user text).
    pub name: String,
    /// `scenario.description` (user text).
    pub description: String,
    /// Households over all municipalities.
    pub households: u64,
    /// District teams over all municipalities.
    pub teams: u64,
    /// The `[[municipality]]` tables: name, households, teams (empty for a
    /// plain scenario).
    pub municipalities: Vec<(String, u64, u64)>,
    /// Every parameter with its value, in registry order.
    pub values: Vec<ParamValue>,
    /// Policy keys a `--set` changed from the switch week (from the command
    /// line in the manifest): key and value as typed.
    pub from_switch: Vec<(String, String)>,
    /// The file's text, to embed.
    pub resolved_toml: String,
}

/// One parameter's value in the run.
#[derive(Debug, Clone)]
pub struct ParamValue {
    /// The registry entry.
    pub spec: &'static ParamSpec,
    /// The value.
    pub raw: Value,
    /// The value, as a scenario file writes it.
    pub value: String,
    /// The registry default, as a scenario file writes it.
    pub default: String,
    /// Whether the value is the default.
    pub is_default: bool,
}

impl ScenarioInfo {
    /// The value of `key` as written in a scenario file.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|p| p.spec.key == key)
            .map(|p| p.value.as_str())
    }

    /// The value of a numeric `key`.
    pub fn number(&self, key: &str) -> Option<f64> {
        match self.raw(key)? {
            Value::F(x) => Some(*x),
            Value::I(x) => Some(*x as f64),
            _ => None,
        }
    }

    /// The value of a text or choice `key`, unquoted.
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.raw(key)? {
            Value::S(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a list `key`.
    pub fn list(&self, key: &str) -> Option<&[i64]> {
        match self.raw(key)? {
            Value::L(l) => Some(l),
            _ => None,
        }
    }

    fn raw(&self, key: &str) -> Option<&Value> {
        self.values
            .iter()
            .find(|p| p.spec.key == key)
            .map(|p| &p.raw)
    }
}

/// Per-replication outcomes of each model (`summary.csv`, or one
/// municipality's rows of `municipalities.csv`).
#[derive(Debug, Clone, Default)]
pub struct Outcomes {
    /// Outcome names, in column order.
    pub names: Vec<String>,
    /// Models in the order they first appear (report order).
    pub models: Vec<ModelOutcomes>,
}

/// One model's outcomes.
#[derive(Debug, Clone)]
pub struct ModelOutcomes {
    /// The model.
    pub model: LinkageModel,
    /// Replication numbers, ascending.
    pub replications: Vec<u32>,
    /// `values[outcome][i]` for `replications[i]`; NaN where the cell is empty.
    pub values: Vec<Vec<f64>>,
}

impl Outcomes {
    /// The models, in report order.
    pub fn model_list(&self) -> Vec<LinkageModel> {
        self.models.iter().map(|m| m.model).collect()
    }

    /// One outcome of one model, by replication.
    pub fn get(&self, model: LinkageModel, outcome: &str) -> Option<&[f64]> {
        let i = self.names.iter().position(|n| n == outcome)?;
        let m = self.models.iter().find(|m| m.model == model)?;
        m.values.get(i).map(Vec::as_slice)
    }

    /// Replication numbers of `model`.
    pub fn replications(&self, model: LinkageModel) -> Option<&[u32]> {
        self.models
            .iter()
            .find(|m| m.model == model)
            .map(|m| m.replications.as_slice())
    }
}

/// Weekly series (`timeseries.csv`).
#[derive(Debug, Clone, Default)]
pub struct Timeseries {
    /// Per metric, per model in report order.
    pub metrics: BTreeMap<String, Vec<Series>>,
}

/// One model's series of one metric.
#[derive(Debug, Clone)]
pub struct Series {
    /// The model.
    pub model: LinkageModel,
    /// Weeks after the switch that have values, ascending.
    pub weeks: Vec<u32>,
    /// `values[i]`: the value of every replication in week `weeks[i]`, in
    /// the order of `replications[i]`.
    pub values: Vec<Vec<f64>>,
    /// `replications[i]`: the replications of `values[i]`, ascending (so two
    /// models' values pair up replication by replication).
    pub replications: Vec<Vec<u32>>,
}

/// Society's real (non-transfer) discounted costs per run and year, from
/// `mkba.csv`: enough to rebuild each replication's NPV and cumulative net
/// benefit against the reference.
#[derive(Debug, Clone, Default)]
pub struct Costs {
    /// `(model, replication)` → discounted real cost per year (a receipt
    /// counts negative).
    pub by_run: BTreeMap<(LinkageModel, u32), Vec<f64>>,
    /// `(model, replication)` → stakeholder → discounted cost over all
    /// years, transfers included (what each stakeholder pays, net).
    pub by_stakeholder: BTreeMap<(LinkageModel, u32), BTreeMap<String, f64>>,
}

/// A mean with its 95% interval as `mkba_summary.csv` gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Mean.
    pub mean: f64,
    /// Lower end (NaN: none).
    pub lo: f64,
    /// Upper end (NaN: none).
    pub hi: f64,
}

/// `mkba_summary.csv`: per model, against the reference.
#[derive(Debug, Clone, Default)]
pub struct MkbaSummary {
    /// Models in file order.
    pub models: Vec<MkbaModel>,
}

/// One model's MKBA measures.
#[derive(Debug, Clone)]
pub struct MkbaModel {
    /// The model.
    pub model: LinkageModel,
    /// Society's NPV.
    pub npv: Estimate,
    /// NPV per stakeholder, in file order: stakeholder name and estimate.
    pub stakeholders: Vec<(String, Estimate)>,
    /// Net benefit per category, in file order: category name and estimate.
    pub categories: Vec<(String, Estimate)>,
    /// Present value of benefits.
    pub benefits: f64,
    /// Present value of costs.
    pub costs: f64,
    /// Benefit/cost ratio (NaN: no costs).
    pub bcr: f64,
    /// Break-even year, counted from 1 (NaN: not within the horizon).
    pub break_even_year: f64,
    /// Share of replications in which the model has the highest NPV.
    pub probability_best: f64,
    /// One-off cost of introducing the model.
    pub introduction: f64,
}

impl MkbaSummary {
    /// The measures of `model`.
    pub fn of(&self, model: LinkageModel) -> Option<&MkbaModel> {
        self.models.iter().find(|m| m.model == model)
    }
}

/// The MKBA read at one horizon of `mkba.horizons_years`.
#[derive(Debug, Clone)]
pub struct Horizon {
    /// Years appraised.
    pub years: u32,
    /// Whether years beyond the simulated ones are a steady-state extrapolation.
    pub extrapolated: bool,
    /// The measures at this horizon.
    pub summary: MkbaSummary,
}

/// One row of `packages.csv`: a package at one horizon.
#[derive(Debug, Clone)]
pub struct PackageRow {
    /// Package name (user text).
    pub package: String,
    /// Its linkage model.
    pub model: LinkageModel,
    /// Plain words (user text, may be empty).
    pub description: String,
    /// Years appraised.
    pub years: u32,
    /// Partly beyond the simulated years.
    pub extrapolated: bool,
    /// NPV against the plain reference, with the middle 95% of the replications (as
    /// the report's other tables).
    pub npv: Estimate,
    /// Break-even year, from 1 (NaN: not within the horizon).
    pub break_even_year: f64,
    /// Share of replications in which it is best of all packages.
    pub probability_best: f64,
    /// Credit-bank counsellor posts in the last simulated year.
    pub counsellor_posts: f64,
    /// Mean wait for the credit bank, weeks.
    pub arrangement_wait: f64,
}

/// One row of `mkba_sensitivity.csv`.
#[derive(Debug, Clone)]
pub struct SensitivityRow {
    /// Parameter key.
    pub parameter: String,
    /// `price` or `behaviour`.
    pub behaviour: bool,
    /// The high end (`false`: the low end).
    pub high: bool,
    /// The value used.
    pub value: f64,
    /// The model then best.
    pub best: LinkageModel,
    /// Change of the margin between the base case's best and runner-up.
    pub gap_change: f64,
    /// Each model's mean NPV, in the file's column order.
    pub npv: Vec<(LinkageModel, f64)>,
}

/// `recommendation.json`, the parts the report shows.
#[derive(Debug, Clone, Deserialize)]
pub struct RecommendationData {
    /// The reference model.
    pub reference: String,
    /// Years appraised.
    pub years: u32,
    /// The rule that applied.
    pub decision: Decision,
    /// What the intervals include.
    pub intervals: Intervals,
    /// Variations that change which model scores highest.
    #[serde(default)]
    pub changes_the_choice: Vec<Flip>,
    /// Without flips: the variations that narrow the margin most.
    #[serde(default)]
    pub narrows_the_margin_most: Vec<Narrowing>,
    /// With `--psa`: what a pilot should measure.
    #[serde(default)]
    pub what_the_pilot_should_measure: Vec<Measure>,
    /// What was varied one at a time: `nothing`, `prices`,
    /// `prices_and_behaviour`.
    #[serde(default)]
    pub varied_one_at_a_time: String,
    /// With `--psa`: the value of perfect information, euros.
    #[serde(default)]
    pub evpi_eur: Option<f64>,
    /// When packages were compared: the one that scores highest.
    #[serde(default)]
    pub best_package: Option<BestPackageData>,
    /// The text in English and Dutch.
    pub text: Texts,
}

/// `best_package` of `recommendation.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct BestPackageData {
    /// Its name (user text).
    pub package: String,
    /// Its model.
    pub model: String,
    /// Plain words (user text, may be empty).
    #[serde(default)]
    pub description: String,
    /// Packages compared.
    pub packages_compared: usize,
    /// Its NPV against the plain reference.
    pub npv_eur: BestPackageNpv,
    /// Share of replications in which it is best.
    pub probability_best: f64,
}

/// `best_package.npv_eur` of `recommendation.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct BestPackageNpv {
    /// Mean.
    pub mean: f64,
}

/// `decision` of `recommendation.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Decision {
    /// `pilot`, `tied`, `keep_reference`, `none_better` or `within_noise`.
    pub rule: String,
    /// `pilot`: the model.
    #[serde(default)]
    pub model: Option<String>,
    /// `tied`: the models, highest mean first.
    #[serde(default)]
    pub models: Vec<String>,
    /// `tied`: the one cheapest to introduce.
    #[serde(default)]
    pub cheapest_to_introduce: Option<String>,
}

/// `intervals` of `recommendation.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Intervals {
    /// `simulation_noise` or `simulation_noise_and_parameters`.
    pub include: String,
    /// Replications.
    pub replications: u32,
}

impl Intervals {
    /// Whether the intervals include the uncertain assumptions (`--psa`).
    pub fn with_parameters(&self) -> bool {
        self.include == "simulation_noise_and_parameters"
    }
}

/// One entry of `changes_the_choice`.
#[derive(Debug, Clone, Deserialize)]
pub struct Flip {
    /// Parameter key.
    pub parameter: String,
    /// `low` or `high`.
    pub end: String,
    /// The model then best.
    pub best_then: String,
}

/// One entry of `narrows_the_margin_most`.
#[derive(Debug, Clone, Deserialize)]
pub struct Narrowing {
    /// Parameter key.
    pub parameter: String,
    /// `low` or `high`.
    pub end: String,
}

/// One entry of `what_the_pilot_should_measure`.
#[derive(Debug, Clone, Deserialize)]
pub struct Measure {
    /// Parameter key.
    pub parameter: String,
    /// Its value of information, euros (0 when none could change the
    /// choice and it is listed for moving the margin).
    pub evppi_eur: f64,
    /// Where the choice changes along it.
    #[serde(default)]
    pub switch: Option<Switch>,
}

/// Where the best model changes along an assumption.
#[derive(Debug, Clone, Deserialize)]
pub struct Switch {
    /// The value.
    pub at: f64,
    /// Best below it.
    pub best_below: String,
    /// Best above it.
    pub best_above: String,
}

/// `text` of `recommendation.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Texts {
    /// English.
    pub en: String,
    /// Dutch.
    pub nl: String,
}

/// `psa.csv`: each model's NPV per replication (the drawn values are in the
/// file for analysts; the report shows their value of information instead).
#[derive(Debug, Clone, Default)]
pub struct Psa {
    /// Replication numbers, in row order.
    pub replications: Vec<u32>,
    /// Per model in column order: NPV by row.
    pub npv: Vec<(LinkageModel, Vec<f64>)>,
}

/// One row of `evppi.csv`.
#[derive(Debug, Clone)]
pub struct EvppiRow {
    /// Parameter key.
    pub parameter: String,
    /// Expected value of partial perfect information, euros.
    pub evppi: f64,
    /// Share of the value of perfect information (NaN: none).
    pub share: f64,
    /// Where the best model changes, with the best below and above.
    pub switch: Option<(f64, String, String)>,
    /// Whether its value exceeds what simulation noise alone gives
    /// (`exceeds_noise`; files without the column: whether it is above zero).
    pub worth: bool,
}

/// Parse a run folder's files.
pub fn parse(run: &RunFiles<'_>) -> Result<RunData, ReportError> {
    let summary = run.get(files::SUMMARY).ok_or(ReportError::NotARun {
        missing: files::SUMMARY,
    })?;
    let resolved = run.get(files::RESOLVED).ok_or(ReportError::NotARun {
        missing: files::RESOLVED,
    })?;
    let text = std::str::from_utf8(resolved)
        .map_err(|e| bad(files::RESOLVED, None, &format!("it is not UTF-8: {e}")))?;
    let scenario = scenario_info(text, files::RESOLVED, policy_sets(&run.header.command_line))?;
    let reference = scenario
        .text("run.reference_model")
        .and_then(LinkageModel::from_name)
        .ok_or_else(|| {
            bad(
                files::RESOLVED,
                None,
                "run.reference_model is not a model name",
            )
        })?;
    let outcomes = parse_outcomes(summary, files::SUMMARY, false)?
        .into_iter()
        .next()
        .map(|(_, o)| o)
        .unwrap_or_default();
    if outcomes.models.is_empty() {
        return Err(bad(files::SUMMARY, None, "it has no rows"));
    }
    let opt = |name| run.get(name);
    Ok(RunData {
        header: run.header.clone(),
        scenario,
        reference,
        outcomes,
        timeseries: opt(files::TIMESERIES).map(parse_timeseries).transpose()?,
        costs: opt(files::MKBA).map(parse_costs).transpose()?,
        packages: opt(files::PACKAGES).map(parse_packages).transpose()?,
        horizons: opt(files::MKBA_HORIZONS)
            .map(parse_mkba_horizons)
            .transpose()?,
        mkba: opt(files::MKBA_SUMMARY)
            .map(parse_mkba_summary)
            .transpose()?,
        sensitivity: opt(files::SENSITIVITY).map(parse_sensitivity).transpose()?,
        recommendation: opt(files::RECOMMENDATION)
            .map(|b| {
                serde_json::from_slice::<RecommendationData>(b)
                    .map_err(|e| bad(files::RECOMMENDATION, Some(e.line() as u64), &e.to_string()))
            })
            .transpose()?,
        psa: opt(files::PSA).map(parse_psa).transpose()?,
        evppi: opt(files::EVPPI).map(parse_evppi).transpose()?,
        municipalities: opt(files::MUNICIPALITIES)
            .map(|b| parse_outcomes(b, files::MUNICIPALITIES, true))
            .transpose()?,
    })
}

pub(crate) fn bad(file: &'static str, line: Option<u64>, reason: &str) -> ReportError {
    ReportError::BadFile {
        file,
        line,
        reason: reason.to_string(),
    }
}

/// The scenario in `text` (the file `file`, or the part of it that holds the
/// scenario), read back with the scenario loader itself (the one parser of
/// scenario files), so every value is checked as when it was run.
/// `from_switch` lists the policy keys a `--set` changed from the switch week.
pub(crate) fn scenario_info(
    text: &str,
    file: &'static str,
    from_switch: Vec<(String, String)>,
) -> Result<ScenarioInfo, ReportError> {
    let s = scenario::load_str(text, file, &[]).map_err(|e| bad(file, None, &e.to_string()))?;
    let values = s
        .warmup_values
        .iter()
        .map(|(spec, v)| {
            let default = default_value(spec);
            ParamValue {
                spec,
                raw: v.clone(),
                is_default: same_value(v, &default),
                value: v.to_toml(),
                default: default.to_toml(),
            }
        })
        .collect();
    Ok(ScenarioInfo {
        name: s.name().to_string(),
        description: s.policy.scenario.description.clone(),
        households: s.households(),
        teams: s.teams(),
        municipalities: s
            .municipalities
            .iter()
            .zip(&s.parts)
            .map(|(m, p)| {
                (
                    m.name.clone(),
                    u64::from(m.households),
                    u64::from(p.warmup.districts.teams),
                )
            })
            .collect(),
        values,
        from_switch,
        resolved_toml: text.to_string(),
    })
}

fn default_value(spec: &ParamSpec) -> Value {
    match spec.default {
        registry::Default::F(v) => Value::F(v),
        registry::Default::I(v) => Value::I(v),
        registry::Default::B(v) => Value::B(v),
        registry::Default::S(v) => Value::S(v.to_string()),
        registry::Default::L(v) => Value::L(v.to_vec()),
    }
}

/// Equal values; an integer written where a real is expected counts as the
/// same number.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::F(x), Value::I(y)) | (Value::I(y), Value::F(x)) => *x == *y as f64,
        _ => a == b,
    }
}

/// `--set KEY=VALUE` arguments of policy keys in a command line: these act
/// from the switch week, so the resolved file (which holds the warm-up's
/// values) does not show them.
fn policy_sets(command_line: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut args = command_line.iter();
    while let Some(a) = args.next() {
        let pair = if a == "--set" {
            args.next().map(String::as_str)
        } else {
            a.strip_prefix("--set=")
        };
        let Some((key, value)) = pair.and_then(|p| p.split_once('=')) else {
            continue;
        };
        let key = key.trim();
        if registry::spec(key).is_some_and(|p| p.scope == Scope::Policy) {
            out.push((key.to_string(), value.trim().to_string()));
        }
    }
    out
}

pub(crate) fn reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes)
}

pub(crate) fn csv_err(file: &'static str, e: &csv::Error) -> ReportError {
    bad(file, e.position().map(|p| p.line()), &e.to_string())
}

/// A number cell: empty is "not applicable" (NaN).
pub(crate) fn number(
    file: &'static str,
    rec: &csv::StringRecord,
    i: usize,
) -> Result<f64, ReportError> {
    let cell = rec.get(i).unwrap_or("");
    if cell.is_empty() {
        return Ok(f64::NAN);
    }
    cell.parse::<f64>().map_err(|_| {
        bad(
            file,
            rec.position().map(|p| p.line()),
            &format!("{cell:?} in column {} is not a number", i + 1),
        )
    })
}

fn model(
    file: &'static str,
    rec: &csv::StringRecord,
    i: usize,
) -> Result<LinkageModel, ReportError> {
    let cell = rec.get(i).unwrap_or("");
    LinkageModel::from_name(cell).ok_or_else(|| {
        bad(
            file,
            rec.position().map(|p| p.line()),
            &format!("{cell:?} is not a model (broad, partial, separate)"),
        )
    })
}

fn whole(file: &'static str, rec: &csv::StringRecord, i: usize) -> Result<u32, ReportError> {
    let cell = rec.get(i).unwrap_or("");
    cell.parse::<u32>().map_err(|_| {
        bad(
            file,
            rec.position().map(|p| p.line()),
            &format!("{cell:?} in column {} is not a whole number", i + 1),
        )
    })
}

pub(crate) fn column(
    file: &'static str,
    headers: &csv::StringRecord,
    name: &str,
) -> Result<usize, ReportError> {
    headers
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| bad(file, Some(1), &format!("it has no column {name:?}")))
}

/// `summary.csv` (one group) or `municipalities.csv` (a group per
/// municipality, in file order): outcomes are every column after `seed`.
fn parse_outcomes(
    bytes: &[u8],
    file: &'static str,
    by_municipality: bool,
) -> Result<Vec<(String, Outcomes)>, ReportError> {
    let mut rdr = reader(bytes);
    let headers = rdr.headers().map_err(|e| csv_err(file, &e))?.clone();
    let c_model = column(file, &headers, "model")?;
    let c_rep = column(file, &headers, "replication")?;
    let c_seed = column(file, &headers, "seed")?;
    let c_muni = if by_municipality {
        Some(column(file, &headers, "municipality")?)
    } else {
        None
    };
    let names: Vec<String> = headers
        .iter()
        .skip(c_seed + 1)
        .map(str::to_string)
        .collect();
    let mut groups: Vec<(String, Outcomes)> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(file, &e))?;
        let group = c_muni.map_or("", |c| rec.get(c).unwrap_or(""));
        let m = model(file, &rec, c_model)?;
        let rep = whole(file, &rec, c_rep)?;
        let at = match groups.iter().position(|(g, _)| g == group) {
            Some(i) => i,
            None => {
                groups.push((
                    group.to_string(),
                    Outcomes {
                        names: names.clone(),
                        models: Vec::new(),
                    },
                ));
                groups.len() - 1
            }
        };
        let outcomes = &mut groups[at].1;
        let i = match outcomes.models.iter().position(|x| x.model == m) {
            Some(i) => i,
            None => {
                outcomes.models.push(ModelOutcomes {
                    model: m,
                    replications: Vec::new(),
                    values: vec![Vec::new(); names.len()],
                });
                outcomes.models.len() - 1
            }
        };
        let mo = &mut outcomes.models[i];
        mo.replications.push(rep);
        for (k, column) in mo.values.iter_mut().enumerate() {
            column.push(number(file, &rec, c_seed + 1 + k)?);
        }
    }
    // Replications in ascending order, so that pairing by position pairs
    // the same replication of two models.
    for (_, o) in &mut groups {
        for mo in &mut o.models {
            let mut order: Vec<usize> = (0..mo.replications.len()).collect();
            order.sort_by_key(|&i| mo.replications[i]);
            mo.replications = order.iter().map(|&i| mo.replications[i]).collect();
            for column in &mut mo.values {
                *column = order.iter().map(|&i| column[i]).collect();
            }
        }
    }
    Ok(groups)
}

fn parse_timeseries(bytes: &[u8]) -> Result<Timeseries, ReportError> {
    const F: &str = files::TIMESERIES;
    let mut rdr = reader(bytes);
    let headers = rdr.headers().map_err(|e| csv_err(F, &e))?.clone();
    let (cm, cr, cw, cx, cv) = (
        column(F, &headers, "model")?,
        column(F, &headers, "replication")?,
        column(F, &headers, "week")?,
        column(F, &headers, "metric")?,
        column(F, &headers, "value")?,
    );
    // (metric, model) → week → (replication, value).
    type Weeks = BTreeMap<u32, Vec<(u32, f64)>>;
    let mut acc: BTreeMap<String, Vec<(LinkageModel, Weeks)>> = BTreeMap::new();
    let mut rec = csv::StringRecord::new();
    while rdr.read_record(&mut rec).map_err(|e| csv_err(F, &e))? {
        let m = model(F, &rec, cm)?;
        let rep = whole(F, &rec, cr)?;
        let week = whole(F, &rec, cw)?;
        let value = number(F, &rec, cv)?;
        let metric = rec.get(cx).unwrap_or("");
        let per_model = match acc.get_mut(metric) {
            Some(v) => v,
            None => acc.entry(metric.to_string()).or_default(),
        };
        let at = match per_model.iter().position(|(x, _)| *x == m) {
            Some(i) => i,
            None => {
                per_model.push((m, BTreeMap::new()));
                per_model.len() - 1
            }
        };
        per_model[at].1.entry(week).or_default().push((rep, value));
    }
    Ok(Timeseries {
        metrics: acc
            .into_iter()
            .map(|(metric, per_model)| {
                let series = per_model
                    .into_iter()
                    .map(|(model, weeks)| {
                        let mut s = Series {
                            model,
                            weeks: weeks.keys().copied().collect(),
                            values: Vec::with_capacity(weeks.len()),
                            replications: Vec::with_capacity(weeks.len()),
                        };
                        for mut v in weeks.into_values() {
                            v.sort_by_key(|&(rep, _)| rep);
                            s.replications.push(v.iter().map(|&(r, _)| r).collect());
                            s.values.push(v.into_iter().map(|(_, x)| x).collect());
                        }
                        s
                    })
                    .collect();
                (metric, series)
            })
            .collect(),
    })
}

fn parse_costs(bytes: &[u8]) -> Result<Costs, ReportError> {
    const F: &str = files::MKBA;
    let mut rdr = reader(bytes);
    let headers = rdr.headers().map_err(|e| csv_err(F, &e))?.clone();
    let c = |n| column(F, &headers, n);
    let (cm, cr, cy, cf, ct, cd) = (
        c("model")?,
        c("replication")?,
        c("year")?,
        c("flow")?,
        c("transfer")?,
        c("discounted_eur")?,
    );
    let cs = column(F, &headers, "stakeholder")?;
    let mut out = Costs::default();
    let mut rec = csv::StringRecord::new();
    while rdr.read_record(&mut rec).map_err(|e| csv_err(F, &e))? {
        let m = model(F, &rec, cm)?;
        let rep = whole(F, &rec, cr)?;
        let year = whole(F, &rec, cy)? as usize;
        let eur = number(F, &rec, cd)?;
        let signed = match rec.get(cf) {
            Some("cost") => eur,
            Some("benefit") => -eur,
            other => {
                return Err(bad(
                    F,
                    rec.position().map(|p| p.line()),
                    &format!("flow {other:?} is neither cost nor benefit"),
                ))
            }
        };
        *out.by_stakeholder
            .entry((m, rep))
            .or_default()
            .entry(rec.get(cs).unwrap_or("").to_string())
            .or_default() += signed;
        let years = out.by_run.entry((m, rep)).or_default();
        if years.len() <= year {
            years.resize(year + 1, 0.0);
        }
        // Transfers net to zero for society; they count per stakeholder only.
        if rec.get(ct) != Some("true") {
            years[year] += signed;
        }
    }
    Ok(out)
}

fn parse_mkba_summary(bytes: &[u8]) -> Result<MkbaSummary, ReportError> {
    const F: &str = files::MKBA_SUMMARY;
    let mut rdr = reader(bytes);
    let headers = rdr.headers().map_err(|e| csv_err(F, &e))?.clone();
    let cols = SummaryColumns::of(F, &headers)?;
    let mut out = MkbaSummary::default();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(F, &e))?;
        cols.add(F, &rec, &mut out)?;
    }
    Ok(out)
}

fn parse_mkba_horizons(bytes: &[u8]) -> Result<Vec<Horizon>, ReportError> {
    const F: &str = files::MKBA_HORIZONS;
    let mut rdr = reader(bytes);
    let headers = rdr.headers().map_err(|e| csv_err(F, &e))?.clone();
    let cols = SummaryColumns::of(F, &headers)?;
    let (cy, ce) = (
        column(F, &headers, "horizon_years")?,
        column(F, &headers, "extrapolated")?,
    );
    let mut out: Vec<Horizon> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(F, &e))?;
        let years = horizon_years(F, &rec, cy)?;
        let at = match out.iter().position(|h| h.years == years) {
            Some(i) => i,
            None => {
                out.push(Horizon {
                    years,
                    extrapolated: rec.get(ce) == Some("true"),
                    summary: MkbaSummary::default(),
                });
                out.len() - 1
            }
        };
        cols.add(F, &rec, &mut out[at].summary)?;
    }
    out.sort_by_key(|h| h.years);
    Ok(out)
}

/// A `horizon_years` cell: a whole number of years, at least one.
fn horizon_years(
    file: &'static str,
    rec: &csv::StringRecord,
    i: usize,
) -> Result<u32, ReportError> {
    let years = number(file, rec, i)?;
    if !(years.is_finite() && (1.0..=1000.0).contains(&years) && years.fract() == 0.0) {
        return Err(bad(
            file,
            rec.position().map(|p| p.line()),
            "horizon_years is not a whole number of years",
        ));
    }
    Ok(years as u32)
}

fn parse_packages(bytes: &[u8]) -> Result<Vec<PackageRow>, ReportError> {
    const F: &str = files::PACKAGES;
    let mut rdr = reader(bytes);
    let headers = rdr.headers().map_err(|e| csv_err(F, &e))?.clone();
    let c = |n| column(F, &headers, n);
    let (cp, cm, cd, cy, ce, cmean, clo, chi, cb, cpb, cposts, cwait) = (
        c("package")?,
        c("model")?,
        c("description")?,
        c("horizon_years")?,
        c("extrapolated")?,
        c("npv_mean")?,
        c("npv_p025")?,
        c("npv_p975")?,
        c("break_even_year")?,
        c("probability_best")?,
        c("counsellor_posts_last_year")?,
        c("arrangement_wait_mean_weeks")?,
    );
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(F, &e))?;
        let years = horizon_years(F, &rec, cy)?;
        out.push(PackageRow {
            package: rec.get(cp).unwrap_or("").to_string(),
            model: model(F, &rec, cm)?,
            description: rec.get(cd).unwrap_or("").to_string(),
            years,
            extrapolated: rec.get(ce) == Some("true"),
            npv: Estimate {
                mean: number(F, &rec, cmean)?,
                lo: number(F, &rec, clo)?,
                hi: number(F, &rec, chi)?,
            },
            break_even_year: number(F, &rec, cb)?,
            probability_best: number(F, &rec, cpb)?,
            counsellor_posts: number(F, &rec, cposts)?,
            arrangement_wait: number(F, &rec, cwait)?,
        });
    }
    Ok(out)
}

/// The columns of `mkba_summary.csv` (also in `mkba_horizons.csv`).
struct SummaryColumns {
    model: usize,
    measure: usize,
    stakeholder: usize,
    mean: usize,
    lo: usize,
    hi: usize,
}

impl SummaryColumns {
    fn of(file: &'static str, headers: &csv::StringRecord) -> Result<Self, ReportError> {
        let c = |n| column(file, headers, n);
        Ok(SummaryColumns {
            model: c("model")?,
            measure: c("measure")?,
            stakeholder: c("stakeholder")?,
            mean: c("mean")?,
            lo: c("ci95_low")?,
            hi: c("ci95_high")?,
        })
    }

    /// Add one row's measure to its model in `out`.
    fn add(
        &self,
        file: &'static str,
        rec: &csv::StringRecord,
        out: &mut MkbaSummary,
    ) -> Result<(), ReportError> {
        let m = model(file, rec, self.model)?;
        let est = Estimate {
            mean: number(file, rec, self.mean)?,
            lo: number(file, rec, self.lo)?,
            hi: number(file, rec, self.hi)?,
        };
        let at = match out.models.iter().position(|x| x.model == m) {
            Some(i) => i,
            None => {
                out.models.push(MkbaModel {
                    model: m,
                    npv: Estimate {
                        mean: f64::NAN,
                        lo: f64::NAN,
                        hi: f64::NAN,
                    },
                    stakeholders: Vec::new(),
                    categories: Vec::new(),
                    benefits: f64::NAN,
                    costs: f64::NAN,
                    bcr: f64::NAN,
                    break_even_year: f64::NAN,
                    probability_best: f64::NAN,
                    introduction: f64::NAN,
                });
                out.models.len() - 1
            }
        };
        let mm = &mut out.models[at];
        let who = rec.get(self.stakeholder).unwrap_or("");
        match rec.get(self.measure).unwrap_or("") {
            "npv" if who == "society" => mm.npv = est,
            "npv" => mm.stakeholders.push((who.to_string(), est)),
            "benefits_pv" => mm.benefits = est.mean,
            "costs_pv" => mm.costs = est.mean,
            "benefit_cost_ratio" => mm.bcr = est.mean,
            "break_even_year" => mm.break_even_year = est.mean,
            "probability_best" => mm.probability_best = est.mean,
            "introduction_cost" => mm.introduction = est.mean,
            measure => {
                if let Some(cat) = measure.strip_prefix("net_benefit_") {
                    mm.categories.push((cat.to_string(), est));
                }
            }
        }
        Ok(())
    }
}

/// Model columns named `<prefix><model>`, with their indices.
fn model_columns(headers: &csv::StringRecord, prefix: &str) -> Vec<(usize, LinkageModel)> {
    headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            h.strip_prefix(prefix)
                .and_then(LinkageModel::from_name)
                .map(|m| (i, m))
        })
        .collect()
}

fn parse_sensitivity(bytes: &[u8]) -> Result<Vec<SensitivityRow>, ReportError> {
    const F: &str = files::SENSITIVITY;
    let mut rdr = reader(bytes);
    let headers = rdr.headers().map_err(|e| csv_err(F, &e))?.clone();
    let c = |n| column(F, &headers, n);
    let (cp, cvar, cend, cval, cbest, cgap) = (
        c("parameter")?,
        c("varied")?,
        c("end")?,
        c("value")?,
        c("best_model")?,
        c("gap_change_eur")?,
    );
    let npv = model_columns(&headers, "npv_");
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(F, &e))?;
        out.push(SensitivityRow {
            parameter: rec.get(cp).unwrap_or("").to_string(),
            behaviour: rec.get(cvar) == Some("behaviour"),
            high: rec.get(cend) == Some("high"),
            value: number(F, &rec, cval)?,
            best: model(F, &rec, cbest)?,
            gap_change: number(F, &rec, cgap)?,
            npv: npv
                .iter()
                .map(|&(i, m)| Ok((m, number(F, &rec, i)?)))
                .collect::<Result<_, ReportError>>()?,
        });
    }
    Ok(out)
}

fn parse_psa(bytes: &[u8]) -> Result<Psa, ReportError> {
    const F: &str = files::PSA;
    let mut rdr = reader(bytes);
    let headers = rdr.headers().map_err(|e| csv_err(F, &e))?.clone();
    let cr = column(F, &headers, "replication")?;
    let cols = model_columns(&headers, "npv_");
    let mut out = Psa {
        replications: Vec::new(),
        npv: cols.iter().map(|&(_, m)| (m, Vec::new())).collect(),
    };
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(F, &e))?;
        out.replications.push(whole(F, &rec, cr)?);
        for (k, &(i, _)) in cols.iter().enumerate() {
            out.npv[k].1.push(number(F, &rec, i)?);
        }
    }
    Ok(out)
}

fn parse_evppi(bytes: &[u8]) -> Result<Vec<EvppiRow>, ReportError> {
    const F: &str = files::EVPPI;
    let mut rdr = reader(bytes);
    let headers = rdr.headers().map_err(|e| csv_err(F, &e))?.clone();
    let c = |n| column(F, &headers, n);
    let (cp, ce, cs, cx, cb, ca) = (
        c("parameter")?,
        c("evppi_eur")?,
        c("share_of_evpi")?,
        c("switch_value")?,
        c("best_below")?,
        c("best_above")?,
    );
    let cw = headers.iter().position(|h| h == "exceeds_noise");
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(F, &e))?;
        let at = number(F, &rec, cx)?;
        let evppi = number(F, &rec, ce)?;
        let below = rec.get(cb).unwrap_or("");
        let above = rec.get(ca).unwrap_or("");
        out.push(EvppiRow {
            parameter: rec.get(cp).unwrap_or("").to_string(),
            evppi,
            share: number(F, &rec, cs)?,
            switch: (at.is_finite() && !below.is_empty())
                .then(|| (at, below.to_string(), above.to_string())),
            worth: match cw {
                Some(i) => rec.get(i) == Some("true"),
                None => evppi > 0.0,
            },
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_sets_are_read_from_the_command_line() {
        let cl: Vec<String> = [
            "wijksim",
            "compare",
            "--set",
            "team.caseload_cap=40",
            "--set=population.households=9000",
            "--set=signalling.coverage = 0.8",
            "--seed",
            "3",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            policy_sets(&cl),
            vec![
                ("team.caseload_cap".to_string(), "40".to_string()),
                ("signalling.coverage".to_string(), "0.8".to_string()),
            ]
        );
    }

    #[test]
    fn integers_equal_reals() {
        assert!(same_value(&Value::F(3.0), &Value::I(3)));
        assert!(!same_value(&Value::F(3.5), &Value::I(3)));
        assert!(same_value(&Value::S("a".into()), &Value::S("a".into())));
    }
}
