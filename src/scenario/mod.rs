//! Scenarios: TOML text in, typed and validated [`Params`] out.
//!
//! Data flows one way: a scenario file (or the embedded default) is parsed with
//! spans, every key is checked against the [registry] (unknown keys get a "did you
//! mean"), every value against its type and range, then `--set` overrides are laid on
//! top, cross-field rules are checked, and two parameter sets are produced:
//!
//! * `warmup`: what acts from week 0 — the file plus overrides of world and run keys;
//! * `policy`: what acts from the switch week — the file plus every override.
//!
//! Errors name the file, line and key ([`ScenarioError`]); nothing here prints or
//! touches the file system except reading the named scenario file.

mod error;
pub mod packages;
pub mod params;
pub mod registry;

pub use error::{echo, escape_controls, similarity, Location, ScenarioError};
pub use packages::Package;
pub use params::Params;
pub use registry::{ParamSpec, Scope, PARAMS};

use registry::{Default as Dv, Kind};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The default scenario, embedded so that `wijksim compare` works with no file.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/default.toml");

/// Name shown for the embedded default scenario in messages.
pub const EMBEDDED_NAME: &str = "<embedded default.toml>";

/// A value of one parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Real number.
    F(f64),
    /// Integer.
    I(i64),
    /// Boolean.
    B(bool),
    /// Text or choice.
    S(String),
    /// Integer list.
    L(Vec<i64>),
}

impl Value {
    fn from_default(d: Dv) -> Self {
        match d {
            Dv::F(v) => Value::F(v),
            Dv::I(v) => Value::I(v),
            Dv::B(v) => Value::B(v),
            Dv::S(v) => Value::S(v.to_string()),
            Dv::L(v) => Value::L(v.to_vec()),
        }
    }

    /// The value written as TOML.
    pub fn to_toml(&self) -> String {
        match self {
            Value::F(v) => fmt_float(*v),
            Value::I(v) => v.to_string(),
            Value::B(v) => v.to_string(),
            Value::S(s) => toml_edit::Value::from(s.as_str())
                .to_string()
                .trim()
                .to_string(),
            Value::L(l) => format!(
                "[{}]",
                l.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    fn to_toml_value(&self) -> toml::Value {
        match self {
            Value::F(v) => toml::Value::Float(*v),
            Value::I(v) => toml::Value::Integer(*v),
            Value::B(v) => toml::Value::Boolean(*v),
            Value::S(s) => toml::Value::String(s.clone()),
            Value::L(l) => toml::Value::Array(l.iter().map(|x| toml::Value::Integer(*x)).collect()),
        }
    }
}

/// Format a float so TOML reads it back as the same float, in its shortest round-trip
/// form (`1e-300`, not three hundred digits), and never as `-0`.
pub fn fmt_float(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    let v = if v == 0.0 { 0.0 } else { v };
    let s = format!("{v:?}");
    if s.contains(['.', 'e', 'E', 'n', 'N', 'i']) {
        s
    } else {
        format!("{s}.0")
    }
}

/// A complete, range-checked set of parameter values, with the line each came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Values {
    map: BTreeMap<&'static str, Value>,
    lines: BTreeMap<&'static str, usize>,
    /// Keys set by `--set` (or a sensitivity run) rather than the file.
    overridden: std::collections::BTreeSet<&'static str>,
}

impl Values {
    /// Every parameter at its registry default.
    pub fn defaults() -> Self {
        Values {
            map: PARAMS
                .iter()
                .map(|p| (p.key, Value::from_default(p.default)))
                .collect(),
            lines: BTreeMap::new(),
            overridden: Default::default(),
        }
    }

    /// The value of `key` (which must be a registry key).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key)
    }

    /// All values in registry order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static ParamSpec, &Value)> {
        PARAMS.iter().map(move |p| (p, &self.map[p.key]))
    }

    fn set(&mut self, spec: &'static ParamSpec, v: Value, line: Option<usize>) {
        self.map.insert(spec.key, v);
        match line {
            Some(l) => {
                self.lines.insert(spec.key, l);
                self.overridden.remove(spec.key);
            }
            None => {
                self.lines.remove(spec.key);
                self.overridden.insert(spec.key);
            }
        }
    }

    /// Build typed parameters (after cross-field checks).
    fn to_params(&self, origin: &str) -> Result<Params, ScenarioError> {
        let mut root = toml::Table::new();
        for (key, v) in &self.map {
            let mut parts: Vec<&str> = key.split('.').collect();
            let last = parts.pop().expect("registry keys are dotted");
            let mut t = &mut root;
            for p in parts {
                t = t
                    .entry(p.to_string())
                    .or_insert_with(|| toml::Value::Table(toml::Table::new()))
                    .as_table_mut()
                    .expect("registry sections are tables");
            }
            t.insert(last.to_string(), v.to_toml_value());
        }
        let params: Params =
            toml::Value::Table(root)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    // Only reachable if the registry and the Params struct disagree: a bug,
                    // but still reported as an error rather than a panic.
                    ScenarioError::Inconsistent {
                        at: Location {
                            origin: origin.to_string(),
                            line: None,
                        },
                        key: "-".into(),
                        message: format!("internal: registry and parameter struct disagree: {e}"),
                    }
                })?;
        Ok(params)
    }
}

/// A `--set key.path=value` override.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// Dotted key.
    pub key: String,
    /// Value text, parsed as TOML (bare words are taken as text).
    pub value: String,
}

impl std::str::FromStr for Override {
    type Err = ScenarioError;
    fn from_str(arg: &str) -> Result<Self, Self::Err> {
        match arg.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok(Override {
                key: k.trim().to_string(),
                value: v.trim().to_string(),
            }),
            _ => Err(ScenarioError::BadOverride {
                arg: arg.to_string(),
                message: "expected key.path=value, e.g. --set team.caseload_cap=40".into(),
            }),
        }
    }
}

/// One municipality of a multi-municipality scenario, as written in a
/// `[[municipality]]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct MunicipalitySpec {
    /// Name (unique within the scenario).
    pub name: String,
    /// Households.
    pub households: u32,
    /// District teams; when absent, as many as keep the scenario's households per team
    /// (`population.households / districts.teams`), at least one.
    pub teams: Option<u32>,
    /// Line of the table in the file.
    pub line: Option<usize>,
}

/// A municipality ready to run: its name and its parameters (the scenario's, with its
/// own households and teams).
#[derive(Debug, Clone)]
pub struct Part {
    /// Name (the scenario's name for a single-municipality scenario).
    pub name: String,
    /// Parameters acting from week 0.
    pub warmup: Params,
    /// Parameters acting from the switch.
    pub policy: Params,
}

/// Largest number of municipalities in one scenario (the Netherlands has 342).
pub const MAX_MUNICIPALITIES: usize = 10_000;

/// A loaded scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Where it came from (path or [`EMBEDDED_NAME`]).
    pub origin: String,
    /// SHA-256 of the scenario text, hex.
    pub source_hash: String,
    /// The overrides applied, as given.
    pub overrides: Vec<Override>,
    /// Values acting from week 0 (file + world/run overrides).
    pub warmup_values: Values,
    /// Values acting from the switch (file + all overrides).
    pub policy_values: Values,
    /// Typed form of `warmup_values`.
    pub warmup: Params,
    /// Typed form of `policy_values`.
    pub policy: Params,
    /// The `[[municipality]]` tables, in file order (empty: one municipality, described by
    /// `population` and `districts`).
    pub municipalities: Vec<MunicipalitySpec>,
    /// The municipalities to simulate, in order: one per `[[municipality]]` table, or the
    /// single municipality of the scenario. Each runs on its own, municipality by
    /// municipality, so memory stays bounded by the largest.
    pub parts: Vec<Part>,
    /// Plausible ranges the scenario gives in its `[uncertainty]` table, overriding the
    /// registry's for the probabilistic sensitivity analysis: (key, low, high).
    pub uncertainty: Vec<(&'static str, f64, f64)>,
    /// The packages to compare (`[[package]]` tables), or the three plain models.
    pub packages: Vec<Package>,
}

impl Scenario {
    /// The scenario's name (`scenario.name`).
    pub fn name(&self) -> &str {
        &self.policy.scenario.name
    }

    /// Households over all municipalities.
    pub fn households(&self) -> u64 {
        self.parts
            .iter()
            .map(|p| p.warmup.population.households as u64)
            .sum()
    }

    /// District teams over all municipalities.
    pub fn teams(&self) -> u64 {
        self.parts
            .iter()
            .map(|p| p.warmup.districts.teams as u64)
            .sum()
    }

    /// A copy with one parameter changed, as a `--set` would (world and run keys from
    /// week 0, policy keys from the switch), validated like any input. For sensitivity
    /// runs that vary parameters without re-reading the file.
    pub fn with_value(&self, key: &str, value: Value) -> Result<Scenario, ScenarioError> {
        self.with_values_from(&[(key, value, true)], "sensitivity")
    }

    /// The scenario again from its (changed) values: the rules between keys checked,
    /// the parameters and municipalities rebuilt, as after loading.
    fn rebuilt(mut self) -> Result<Scenario, ScenarioError> {
        if self.municipalities.is_empty() {
            // With [[municipality]] tables the rules are checked per municipality.
            check_consistency(&self.warmup_values, &self.origin)?;
            check_consistency(&self.policy_values, &self.origin)?;
        }
        self.warmup = self.warmup_values.to_params(&self.origin)?;
        self.policy = self.policy_values.to_params(&self.origin)?;
        self.parts = parts(
            &self.municipalities,
            &self.warmup_values,
            &self.policy_values,
            &self.origin,
        )?;
        Ok(self)
    }
}

impl Scenario {
    /// A copy with real-valued parameters set as facts about the world, acting from
    /// week 0 whatever their scope, validated like any input: the values of one draw of
    /// the probabilistic sensitivity analysis, or one end of a plausible range.
    pub fn with_world_values(&self, values: &[(&str, f64)]) -> Result<Scenario, ScenarioError> {
        let mut s = self.clone();
        apply_world_values(&mut s.warmup_values, &mut s.policy_values, values)?;
        s.rebuilt()
    }

    /// Municipality `p` of this scenario with real-valued parameters set as facts about
    /// the world (see [`Scenario::with_world_values`]), without copying the others.
    pub fn part_with(&self, p: usize, values: &[(&str, f64)]) -> Result<Part, ScenarioError> {
        let (mut warmup, mut policy) = (self.warmup_values.clone(), self.policy_values.clone());
        apply_world_values(&mut warmup, &mut policy, values)?;
        if self.municipalities.is_empty() {
            check_consistency(&warmup, &self.origin)?;
            check_consistency(&policy, &self.origin)?;
            return parts(&[], &warmup, &policy, &self.origin)?
                .pop()
                .ok_or_else(|| internal(&self.origin, "no municipality"));
        }
        let spec = self
            .municipalities
            .get(p)
            .ok_or_else(|| internal(&self.origin, "municipality index out of range"))?;
        parts(std::slice::from_ref(spec), &warmup, &policy, &self.origin)?
            .pop()
            .ok_or_else(|| internal(&self.origin, "no municipality"))
    }
}

impl Scenario {
    /// A copy with parameters set to `values`, validated like any input: each
    /// `(key, value, from_switch)` holds from week 0 (`from_switch` false: a fact about
    /// the world, or for a policy key the status quo) or, for a policy key, from the
    /// switch week only. For the design points of a sweep.
    pub fn with_values(&self, values: &[(&str, Value, bool)]) -> Result<Scenario, ScenarioError> {
        self.with_values_from(values, "sweep")
    }

    /// [`Scenario::with_values`], with errors located at `origin`.
    fn with_values_from(
        &self,
        values: &[(&str, Value, bool)],
        origin: &str,
    ) -> Result<Scenario, ScenarioError> {
        let mut s = self.clone();
        let at = Location {
            origin: origin.into(),
            line: None,
        };
        for (key, v, from_switch) in values {
            let spec = registry::spec(key).ok_or_else(|| ScenarioError::UnknownKey {
                at: at.clone(),
                key: key.to_string(),
                suggestion: registry::suggest(key),
            })?;
            let checked = convert(spec, &toml_value(v), &at)?;
            if !(*from_switch && spec.scope == Scope::Policy) {
                s.warmup_values.set(spec, checked.clone(), None);
            }
            s.policy_values.set(spec, checked, None);
        }
        s.rebuilt()
    }
}

/// A value as the TOML editor's value, for checking it like file input.
fn toml_value(v: &Value) -> toml_edit::Value {
    match v {
        Value::F(x) => toml_edit::Value::from(*x),
        Value::I(x) => toml_edit::Value::from(*x),
        Value::B(b) => toml_edit::Value::from(*b),
        Value::S(t) => toml_edit::Value::from(t.as_str()),
        Value::L(l) => {
            toml_edit::Value::Array(l.iter().map(|x| toml_edit::Value::from(*x)).collect())
        }
    }
}

/// Check a TOML value against a parameter's type and range, as a scenario file's value
/// is checked (for the sweep file's axes).
pub fn convert_value(
    spec: &'static ParamSpec,
    v: &toml_edit::Value,
    at: &Location,
) -> Result<Value, ScenarioError> {
    convert(spec, v, at)
}

/// An error that only a bug can cause, reported rather than panicking.
fn internal(origin: &str, what: &str) -> ScenarioError {
    ScenarioError::Inconsistent {
        at: Location {
            origin: origin.to_string(),
            line: None,
        },
        key: "-".into(),
        message: format!("internal: {what}"),
    }
}

/// Set real-valued parameters in both parameter sets, range-checked.
fn apply_world_values(
    warmup: &mut Values,
    policy: &mut Values,
    values: &[(&str, f64)],
) -> Result<(), ScenarioError> {
    let at = Location {
        origin: "sensitivity".into(),
        line: None,
    };
    for &(key, x) in values {
        let spec = registry::spec(key).ok_or_else(|| ScenarioError::UnknownKey {
            at: at.clone(),
            key: key.to_string(),
            suggestion: registry::suggest(key),
        })?;
        let v = convert(spec, &toml_edit::Value::from(x), &at)?;
        warmup.set(spec, v.clone(), None);
        policy.set(spec, v, None);
    }
    Ok(())
}

/// Largest scenario file read (the national scenario is about 50 KB).
pub const MAX_SCENARIO_BYTES: u64 = 4 << 20;

/// What a TOML syntax error says, never empty: the parser gives no words for some
/// errors (a nul byte in a comment), so then the character it stopped at is named,
/// escaped.
pub(crate) fn syntax_message(e: &toml_edit::TomlError, text: &str) -> String {
    let said = e.message().trim();
    if !said.is_empty() {
        return escape_controls(said);
    }
    let found = e
        .span()
        .and_then(|s| text.get(s.start..))
        .and_then(|rest| rest.chars().next());
    match found {
        Some(c) if c.is_control() => format!(
            "the control character {} is not allowed here (TOML allows only tabs among \
             control characters, and newlines between lines)",
            echo(&c.to_string())
        ),
        Some(c) => format!("unexpected {}", echo(&c.to_string())),
        None => "unexpected end of the file".to_string(),
    }
}

/// The tables of an array of tables, written `[[name]]` or inline as
/// `name = [{ ... }, { ... }]` (the same TOML value); `None` for anything else.
pub(crate) fn tables_of(item: &toml_edit::Item) -> Option<Vec<toml_edit::Table>> {
    if let Some(tables) = item.as_array_of_tables() {
        return Some(tables.iter().cloned().collect());
    }
    let array = item.as_array()?;
    array
        .iter()
        .map(|v| v.as_inline_table().map(|t| t.clone().into_table()))
        .collect()
}

/// Read and load a scenario file: a regular file of at most [`MAX_SCENARIO_BYTES`], in
/// UTF-8 (a FIFO, a device or a directory is refused before anything is read).
pub fn load_file(
    path: &std::path::Path,
    overrides: &[Override],
) -> Result<Scenario, ScenarioError> {
    let text = crate::output::read_input(path, MAX_SCENARIO_BYTES)?;
    load_str(&text, &path.display().to_string(), overrides)
}

/// Load the embedded default scenario.
pub fn load_default(overrides: &[Override]) -> Result<Scenario, ScenarioError> {
    load_str(DEFAULT_SCENARIO, EMBEDDED_NAME, overrides)
}

/// Load a scenario from text; `origin` names it in error messages.
pub fn load_str(
    text: &str,
    origin: &str,
    overrides: &[Override],
) -> Result<Scenario, ScenarioError> {
    let mut file_values = Values::defaults();
    let Extras {
        packages,
        municipalities,
        uncertainty,
        switch,
    } = parse_into(text, origin, &mut file_values)?;

    let mut warmup_values = file_values.clone();
    let mut policy_values = file_values;
    // The [switch] table: policy values from the switch week, as `--set` gives them.
    for (spec, v, line) in switch {
        policy_values.set(spec, v, line);
    }
    for ov in overrides {
        let spec = registry::spec(&ov.key).ok_or_else(|| ScenarioError::UnknownKey {
            at: Location {
                origin: "--set".into(),
                line: None,
            },
            key: ov.key.clone(),
            suggestion: registry::suggest(&ov.key),
        })?;
        let at = Location {
            origin: "--set".into(),
            line: None,
        };
        let parsed = match ov.value.parse::<toml_edit::Value>() {
            Ok(v) => v,
            Err(_) if matches!(spec.kind, Kind::Text | Kind::Choice(_)) => {
                toml_edit::Value::from(ov.value.as_str())
            }
            Err(_) => {
                return Err(ScenarioError::WrongType {
                    at,
                    key: ov.key.clone(),
                    expected: expected(spec),
                    found: format!("`{}`", ov.value),
                })
            }
        };
        let v = convert(spec, &parsed, &at)?;
        if spec.scope != Scope::Policy {
            warmup_values.set(spec, v.clone(), None);
        }
        policy_values.set(spec, v, None);
    }

    if municipalities.is_empty() {
        // With [[municipality]] tables the rules are checked per municipality (`parts`):
        // team lists, for one, count the teams of each municipality, not the scenario's.
        check_consistency(&warmup_values, origin)?;
        check_consistency(&policy_values, origin)?;
    }
    let warmup = warmup_values.to_params(origin)?;
    let policy = policy_values.to_params(origin)?;
    let parts = parts(&municipalities, &warmup_values, &policy_values, origin)?;
    let defined = packages.is_some();
    let packages = packages.unwrap_or_else(packages::plain_packages);
    let reference = policy.run.reference_model;
    if defined
        && !packages
            .iter()
            .any(|p| p.is_plain() && p.model == reference)
    {
        return Err(ScenarioError::Inconsistent {
            at: Location {
                origin: origin.to_string(),
                line: None,
            },
            key: "package".into(),
            message: format!(
                "every package is compared with the reference, the plain model run.reference_model = {:?}: add [[package]] name = {0:?}, model = {0:?}",
                reference.name()
            ),
        });
    }
    let s = Scenario {
        origin: origin.to_string(),
        source_hash: crate::output::sha256_hex(text.as_bytes()),
        overrides: overrides.to_vec(),
        warmup_values,
        policy_values,
        warmup,
        policy,
        municipalities,
        parts,
        uncertainty,
        packages,
    };
    // Every package's values, with the scenario's, must make a valid scenario.
    for p in s.packages.iter().filter(|p| !p.is_plain()) {
        s.with_values_from(&p.values(), &format!("{origin}, [[package]] {:?}", p.name))?;
    }
    Ok(s)
}

/// The municipalities to run: the scenario itself, or one per `[[municipality]]` table
/// with its own households and teams (and every cross-field rule checked for each).
fn parts(
    specs: &[MunicipalitySpec],
    warmup: &Values,
    policy: &Values,
    origin: &str,
) -> Result<Vec<Part>, ScenarioError> {
    if specs.is_empty() {
        return Ok(vec![Part {
            name: warmup
                .get("scenario.name")
                .map(|v| match v {
                    Value::S(s) => s.clone(),
                    other => other.to_toml(),
                })
                .unwrap_or_default(),
            warmup: warmup.to_params(origin)?,
            policy: policy.to_params(origin)?,
        }]);
    }
    let int = |v: &Values, key: &str| match v.get(key) {
        Some(Value::I(x)) => *x,
        _ => 1,
    };
    let per_team =
        int(warmup, "population.households") as f64 / int(warmup, "districts.teams").max(1) as f64;
    let households_spec = registry::spec("population.households").expect("registry key");
    let teams_spec = registry::spec("districts.teams").expect("registry key");
    specs
        .iter()
        .map(|m| {
            let teams = m
                .teams
                .unwrap_or_else(|| ((m.households as f64 / per_team).round() as u32).max(1));
            if let Kind::Int { max, .. } = teams_spec.kind {
                if m.teams.is_none() && teams as i64 > max {
                    // Worked out, not written: say so, and how to fix it.
                    return Err(ScenarioError::OutOfRange {
                        at: Location {
                            origin: origin.to_string(),
                            line: m.line,
                        },
                        key: "municipality.households".into(),
                        value: format!(
                            "{} households at {per_team:.0} per team ({teams} teams, for municipality \"{}\")",
                            m.households, m.name
                        ),
                        allowed: format!(
                            "at most {max} teams per municipality; give this municipality `teams` \
                             or lower the households per team (population.households / districts.teams)"
                        ),
                    });
                }
            }
            let mut parts = Vec::with_capacity(2);
            for base in [warmup, policy] {
                let mut v = base.clone();
                v.set(households_spec, Value::I(m.households as i64), m.line);
                v.set(teams_spec, Value::I(teams as i64), m.line);
                check_consistency(&v, origin).map_err(|e| match e {
                    ScenarioError::Inconsistent { at, key, message } => {
                        // The table sets households and teams: name its keys.
                        let key = match key.as_str() {
                            "population.households" => "municipality.households".to_string(),
                            "districts.teams" => "municipality.teams".to_string(),
                            _ => key,
                        };
                        ScenarioError::Inconsistent {
                            at,
                            key,
                            message: format!("municipality \"{}\": {message}", m.name),
                        }
                    }
                    other => other,
                })?;
                parts.push(v.to_params(origin)?);
            }
            let policy = parts.pop().expect("two parameter sets");
            let warmup = parts.pop().expect("two parameter sets");
            Ok(Part {
                name: m.name.clone(),
                warmup,
                policy,
            })
        })
        .collect()
}

/// Parse the `[[municipality]]` tables: `name` (text, unique), `households` (whole
/// number), optional `teams` (whole number). Anything else is an error naming the line.
fn parse_municipalities(
    item: &toml_edit::Item,
    text: &str,
    origin: &str,
) -> Result<Vec<MunicipalitySpec>, ScenarioError> {
    let at = |span: Option<std::ops::Range<usize>>| Location {
        origin: origin.to_string(),
        line: span.map(|s| line_of(text, s.start)),
    };
    let Some(tables) = tables_of(item) else {
        return Err(ScenarioError::WrongType {
            at: at(item.span()),
            key: "municipality".into(),
            expected: "tables written [[municipality]], each with name and households".into(),
            found: item.type_name().into(),
        });
    };
    if tables.len() > MAX_MUNICIPALITIES {
        return Err(ScenarioError::OutOfRange {
            at: at(item.span()),
            key: "municipality".into(),
            value: format!("{} tables", tables.len()),
            allowed: format!("1 to {MAX_MUNICIPALITIES} municipalities"),
        });
    }
    let households = registry::spec("population.households").expect("registry key");
    let teams = registry::spec("districts.teams").expect("registry key");
    let mut out: Vec<MunicipalitySpec> = Vec::with_capacity(tables.len());
    for t in tables.iter() {
        let here = at(t.span());
        let (mut name, mut hh, mut tm) = (None, None, None);
        for (k, v) in t.iter() {
            let key = format!("municipality.{k}");
            let at_key = at(t.key(k).and_then(|kk| kk.span()).or_else(|| v.span()));
            let Some(value) = v.as_value() else {
                return Err(ScenarioError::WrongType {
                    at: at_key,
                    key,
                    expected: "a value".into(),
                    found: "a table".into(),
                });
            };
            match k {
                "name" => {
                    match value.as_str() {
                        Some(s) if !s.trim().is_empty() => {
                            no_control_characters(s).map_err(|what| ScenarioError::OutOfRange {
                            at: at_key.clone(),
                            key: key.clone(),
                            value: what,
                            allowed: "any name without control characters (such as NUL, tab and newline)".into(),
                        })?;
                            name = Some(s.to_string())
                        }
                        _ => {
                            return Err(ScenarioError::WrongType {
                                at: at_key,
                                key,
                                expected: "a non-empty quoted name".into(),
                                found: describe(value),
                            })
                        }
                    }
                }
                "households" | "teams" => {
                    let spec = if k == "teams" { teams } else { households };
                    // Checked as the parameter it sets, reported under the key written.
                    let x = match convert(spec, value, &at_key).map_err(|e| renamed(e, &key))? {
                        Value::I(x) => x as u32,
                        _ => unreachable!("households and teams are integer parameters"),
                    };
                    if k == "teams" {
                        tm = Some(x);
                    } else {
                        hh = Some(x);
                    }
                }
                _ => {
                    return Err(ScenarioError::UnknownKey {
                        at: at_key,
                        key,
                        suggestion: [
                            ("name", "municipality.name"),
                            ("households", "municipality.households"),
                            ("teams", "municipality.teams"),
                        ]
                        .into_iter()
                        .map(|(short, full)| (similarity(k, short), full))
                        .filter(|&(score, _)| score > 0.8)
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .map(|(_, full)| full),
                    })
                }
            }
        }
        let missing = |what: &str| ScenarioError::Inconsistent {
            at: here.clone(),
            key: format!("municipality.{what}"),
            message: format!("every [[municipality]] needs `{what}`"),
        };
        let name = name.ok_or_else(|| missing("name"))?;
        let hh = hh.ok_or_else(|| missing("households"))?;
        if let Some(first) = out
            .iter()
            .find(|m| normalised(&m.name) == normalised(&name))
        {
            return Err(ScenarioError::Inconsistent {
                at: here,
                key: "municipality.name".into(),
                message: if first.name == name {
                    format!("municipality \"{name}\" appears twice")
                } else {
                    format!(
                        "municipality \"{name}\" differs from \"{}\" only in spaces; give each municipality its own name",
                        first.name
                    )
                },
            });
        }
        out.push(MunicipalitySpec {
            name,
            households: hh,
            teams: tm,
            line: here.line,
        });
    }
    Ok(out)
}

/// The dotted key set on line `line` (1-based) of a TOML text, from the nearest table
/// header above it and the bare key before `=`; for messages only.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.checked_sub(1)?)?.trim();
    let (key, _) = here.split_once('=')?;
    let key = key.trim().trim_matches('"');
    if key.is_empty() {
        return None;
    }
    let section = lines[..line - 1]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| l.starts_with('[') && !l.starts_with("[["))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    Some(match section {
        Some(sec) if !sec.is_empty() => format!("{sec}.{key}"),
        _ => key.to_string(),
    })
}

/// `Ok` for text without control characters; else which character and where.
fn no_control_characters(s: &str) -> Result<(), String> {
    match s.chars().enumerate().find(|(_, c)| c.is_control()) {
        Some((i, c)) => Err(format!(
            "text with the control character U+{:04X} at character {}",
            c as u32,
            i + 1
        )),
        None => Ok(()),
    }
}

/// A name compared as people read it: runs of whitespace as one space, none at the ends.
fn normalised(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a parameter allows, in words.
pub fn allowed_text(spec: &ParamSpec) -> String {
    match spec.kind {
        Kind::Float { min, max } => range_text(fmt_float(min), fmt_float(max), spec.unit),
        Kind::Int { min, max } => range_text(min, max, spec.unit),
        _ => expected(spec),
    }
}

/// The 1-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// The same error, naming `key` instead of the parameter's own key.
fn renamed(e: ScenarioError, key: &str) -> ScenarioError {
    match e {
        ScenarioError::WrongType {
            at,
            expected,
            found,
            ..
        } => ScenarioError::WrongType {
            at,
            key: key.to_string(),
            expected,
            found,
        },
        ScenarioError::OutOfRange {
            at, value, allowed, ..
        } => ScenarioError::OutOfRange {
            at,
            key: key.to_string(),
            value,
            allowed,
        },
        other => other,
    }
}

/// The `[uncertainty]` table's ranges: (key, low, high).
type Ranges = Vec<(&'static str, f64, f64)>;

/// The `[switch]` table's values: (parameter, value, line).
type SwitchValues = Vec<(&'static ParamSpec, Value, Option<usize>)>;

/// What a scenario file holds besides the parameter values of its tables.
struct Extras {
    packages: Option<Vec<Package>>,
    municipalities: Vec<MunicipalitySpec>,
    uncertainty: Ranges,
    switch: SwitchValues,
}

/// Read parameter values into `values`; return the `[[municipality]]` tables and the
/// `[uncertainty]` ranges.
fn parse_into(text: &str, origin: &str, values: &mut Values) -> Result<Extras, ScenarioError> {
    let doc = toml_edit::ImDocument::parse(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        let mut message = syntax_message(&e, text);
        // A number too large for its type is a syntax error to the parser; say which
        // key it was meant for and what that key allows.
        if let Some(spec) = line
            .and_then(|l| key_on_line(text, l))
            .and_then(|k| registry::spec(&k))
        {
            message = format!(
                "key `{}`: {message}; allowed {}",
                spec.key,
                allowed_text(spec)
            );
        }
        ScenarioError::Syntax {
            at: Location {
                origin: origin.to_string(),
                line,
            },
            message,
        }
    })?;
    walk(doc.as_table(), "", text, origin, values)?;
    let packages = doc
        .as_table()
        .get("package")
        .map(|item| packages::parse_packages(item, text, origin))
        .transpose()?;
    let municipalities = match doc.as_table().get("municipality") {
        Some(item) => parse_municipalities(item, text, origin)?,
        None => Vec::new(),
    };
    let mut ranges = Vec::new();
    if let Some(item) = doc.as_table().get("uncertainty") {
        let at = |span: Option<std::ops::Range<usize>>| Location {
            origin: origin.to_string(),
            line: span.map(|s| line_of(text, s.start)),
        };
        let Some(table) = item.as_table_like() else {
            return Err(ScenarioError::WrongType {
                at: at(item.span()),
                key: "uncertainty".into(),
                expected: "a table of plausible ranges, e.g. [uncertainty] then \"team.finance_detection_own\" = [0.3, 0.4]".into(),
                found: item.type_name().into(),
            });
        };
        parse_uncertainty(table, "", text, origin, &mut ranges)?;
    }
    let mut switch = Vec::new();
    if let Some(item) = doc.as_table().get("switch") {
        let Some(table) = item.as_table_like() else {
            return Err(ScenarioError::WrongType {
                at: Location {
                    origin: origin.to_string(),
                    line: item.span().map(|s| line_of(text, s.start)),
                },
                key: "switch".into(),
                expected: "a table of policy values acting from the switch week, e.g. [switch] then \"team.caseload_cap\" = 40".into(),
                found: item.type_name().into(),
            });
        };
        parse_switch(table, "", text, origin, &mut switch)?;
    }
    Ok(Extras {
        packages,
        municipalities,
        uncertainty: ranges,
        switch,
    })
}

/// Parse the `[switch]` table: policy parameters (written quoted, or as nested
/// tables) with values that act from the switch week, as a `--set` of a policy key
/// does. World and run parameters act from week 0 and are refused here.
fn parse_switch(
    table: &dyn toml_edit::TableLike,
    prefix: &str,
    text: &str,
    origin: &str,
    out: &mut SwitchValues,
) -> Result<(), ScenarioError> {
    for (k, item) in table.iter() {
        let key = if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        };
        let line = table
            .key(k)
            .and_then(|kk| kk.span())
            .or_else(|| item.span())
            .map(|s| line_of(text, s.start));
        let at = Location {
            origin: origin.to_string(),
            line,
        };
        let spec = registry::spec(&key);
        if spec.is_none() && registry::is_section(&key) {
            if let Some(sub) = item.as_table_like() {
                parse_switch(sub, &key, text, origin, out)?;
                continue;
            }
        }
        let Some(spec) = spec else {
            return Err(ScenarioError::UnknownKey {
                at,
                suggestion: registry::suggest(&key),
                key: format!("switch.{key}"),
            });
        };
        if spec.scope != Scope::Policy {
            return Err(ScenarioError::Inconsistent {
                at,
                key: format!("switch.{key}"),
                message: format!(
                    "`{key}` is a {} parameter and acts from week 0; only policy parameters can change at the \
                     switch (set it in its own table, [{}])",
                    spec.scope.name(),
                    key.rsplit_once('.').map_or("", |(sec, _)| sec)
                ),
            });
        }
        let Some(value) = item.as_value() else {
            return Err(ScenarioError::WrongType {
                at,
                key: format!("switch.{key}"),
                expected: expected(spec),
                found: item.type_name().into(),
            });
        };
        if out.iter().any(|(s, _, _)| s.key == spec.key) {
            return Err(ScenarioError::Inconsistent {
                at,
                key: format!("switch.{key}"),
                message: "this parameter is set twice in [switch]".into(),
            });
        }
        out.push((spec, convert(spec, value, &at)?, line));
    }
    Ok(())
}

/// Parse the `[uncertainty]` table: each key a real-valued parameter (written quoted,
/// or as nested tables), each value `[low, high]` inside the parameter's allowed range.
fn parse_uncertainty(
    table: &dyn toml_edit::TableLike,
    prefix: &str,
    text: &str,
    origin: &str,
    out: &mut Ranges,
) -> Result<(), ScenarioError> {
    for (k, item) in table.iter() {
        let key = if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        };
        let at = Location {
            origin: origin.to_string(),
            line: table
                .key(k)
                .and_then(|kk| kk.span())
                .or_else(|| item.span())
                .map(|s| line_of(text, s.start)),
        };
        if let Some(sub) = item.as_table_like() {
            parse_uncertainty(sub, &key, text, origin, out)?;
            continue;
        }
        let full = format!("uncertainty.{key}");
        let Some(spec) = registry::spec(&key) else {
            return Err(ScenarioError::UnknownKey {
                at,
                suggestion: registry::suggest(&key),
                key: full,
            });
        };
        let Kind::Float { min, max } = spec.kind else {
            return Err(ScenarioError::WrongType {
                at,
                key: full,
                expected: "a parameter with a real value (only those can be drawn)".into(),
                found: expected(spec),
            });
        };
        let pair = item.as_array().filter(|a| a.len() == 2).and_then(|a| {
            let num =
                |v: &toml_edit::Value| v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
            Some((num(a.get(0)?)?, num(a.get(1)?)?))
        });
        let Some((lo, hi)) = pair else {
            return Err(ScenarioError::WrongType {
                at,
                key: full,
                expected: "[low, high], two numbers".into(),
                found: item
                    .as_value()
                    .map(describe)
                    .unwrap_or_else(|| item.type_name().into()),
            });
        };
        if !(lo.is_finite() && hi.is_finite() && min <= lo && lo <= hi && hi <= max) {
            return Err(ScenarioError::OutOfRange {
                at,
                key: full,
                value: format!("[{}, {}]", fmt_float(lo), fmt_float(hi)),
                allowed: format!(
                    "low <= high, both within {} ({})",
                    range_text(fmt_float(min), fmt_float(max), spec.unit),
                    spec.key
                ),
            });
        }
        if out.iter().any(|r| r.0 == spec.key) {
            return Err(ScenarioError::Inconsistent {
                at,
                key: full,
                message: "this parameter's range is given twice".into(),
            });
        }
        out.push((spec.key, lo, hi));
    }
    Ok(())
}

fn walk(
    table: &dyn toml_edit::TableLike,
    prefix: &str,
    text: &str,
    origin: &str,
    values: &mut Values,
) -> Result<(), ScenarioError> {
    for (k, item) in table.iter() {
        if prefix.is_empty()
            && (k == "municipality" || k == "uncertainty" || k == "switch" || k == "package")
        {
            // Read by `parse_municipalities`, `parse_uncertainty`, `parse_switch` and
            // `packages::parse_packages`.
            continue;
        }
        let key = if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        };
        let line = table
            .key(k)
            .and_then(|kk| kk.span())
            .or_else(|| item.span())
            .map(|s| line_of(text, s.start));
        let at = Location {
            origin: origin.to_string(),
            line,
        };
        let sub: Option<&dyn toml_edit::TableLike> = match item {
            toml_edit::Item::Table(t) => Some(t),
            toml_edit::Item::Value(toml_edit::Value::InlineTable(t)) => Some(t),
            _ => None,
        };
        if let Some(sub) = sub {
            if registry::is_section(&key) {
                walk(sub, &key, text, origin, values)?;
                continue;
            }
            if let Some(spec) = registry::spec(&key) {
                return Err(ScenarioError::WrongType {
                    at,
                    key,
                    expected: expected(spec),
                    found: "a table".into(),
                });
            }
            return Err(ScenarioError::UnknownKey {
                suggestion: registry::suggest(&key),
                at,
                key,
            });
        }
        let Some(spec) = registry::spec(&key) else {
            return Err(ScenarioError::UnknownKey {
                suggestion: registry::suggest(&key),
                at,
                key,
            });
        };
        let v = match item {
            toml_edit::Item::Value(v) => convert(spec, v, &at)?,
            _ => {
                return Err(ScenarioError::WrongType {
                    at,
                    key,
                    expected: expected(spec),
                    found: "an array of tables".into(),
                })
            }
        };
        values.set(spec, v, line);
    }
    Ok(())
}

fn expected(spec: &ParamSpec) -> String {
    match spec.kind {
        Kind::Float { .. } => "a number".into(),
        Kind::Int { .. } => "a whole number".into(),
        Kind::Bool => "true or false".into(),
        Kind::Text => "a quoted string".into(),
        Kind::Choice(opts) => format!("one of {}", quote_list(opts)),
        Kind::IntList { .. } => "a list of whole numbers, e.g. [1, 2]".into(),
    }
}

fn quote_list(opts: &[&str]) -> String {
    opts.iter()
        .map(|o| format!("\"{o}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe(v: &toml_edit::Value) -> String {
    format!("{} `{}`", v.type_name(), v.to_string().trim())
}

fn range_text(min: impl std::fmt::Display, max: impl std::fmt::Display, unit: &str) -> String {
    if unit == "-" {
        format!("{min} to {max}")
    } else {
        format!("{min} to {max} ({unit})")
    }
}

fn convert(
    spec: &'static ParamSpec,
    v: &toml_edit::Value,
    at: &Location,
) -> Result<Value, ScenarioError> {
    let wrong = || ScenarioError::WrongType {
        at: at.clone(),
        key: spec.key.to_string(),
        expected: expected(spec),
        found: describe(v),
    };
    let out_of_range = |value: String, allowed: String| ScenarioError::OutOfRange {
        at: at.clone(),
        key: spec.key.to_string(),
        value,
        allowed,
    };
    match spec.kind {
        Kind::Float { min, max } => {
            let x = match v {
                toml_edit::Value::Float(f) => *f.value(),
                toml_edit::Value::Integer(i) => *i.value() as f64,
                _ => return Err(wrong()),
            };
            // -0 is 0: never echoed as `-0` into the resolved scenario.
            let x = if x == 0.0 { 0.0 } else { x };
            if !x.is_finite() || x < min || x > max {
                return Err(out_of_range(
                    fmt_float(x),
                    range_text(fmt_float(min), fmt_float(max), spec.unit),
                ));
            }
            Ok(Value::F(x))
        }
        Kind::Int { min, max } => {
            let x = match v {
                toml_edit::Value::Integer(i) => *i.value(),
                _ => return Err(wrong()),
            };
            if x < min || x > max {
                return Err(out_of_range(x.to_string(), range_text(min, max, spec.unit)));
            }
            Ok(Value::I(x))
        }
        Kind::Bool => v.as_bool().map(Value::B).ok_or_else(wrong),
        Kind::Text => {
            let s = v.as_str().ok_or_else(wrong)?;
            no_control_characters(s).map_err(|what| {
                out_of_range(
                    what,
                    "any text without control characters (such as NUL, tab and newline)".into(),
                )
            })?;
            Ok(Value::S(s.to_string()))
        }
        Kind::Choice(opts) => {
            let s = v.as_str().ok_or_else(wrong)?;
            if opts.contains(&s) {
                Ok(Value::S(s.to_string()))
            } else {
                Err(out_of_range(
                    format!("\"{s}\""),
                    format!("one of {}", quote_list(opts)),
                ))
            }
        }
        Kind::IntList { min, max } => {
            let arr = v.as_array().ok_or_else(wrong)?;
            let mut out = Vec::with_capacity(arr.len());
            for x in arr.iter() {
                let n = x.as_integer().ok_or_else(wrong)?;
                if n < min || n > max {
                    return Err(out_of_range(n.to_string(), range_text(min, max, spec.unit)));
                }
                out.push(n);
            }
            Ok(Value::L(out))
        }
    }
}

/// Rules between parameters that a range cannot express.
/// Most staff posts one set of values may need in one municipality: half the 16-bit
/// post numbers (the other half is for posts the policy adds at the switch), less the
/// one that means "none".
/// (The model checks at compile time that this fits its post numbers.)
pub const MAX_POSTS: u32 = (u16::MAX as u32 - 1) / 2;

fn check_consistency(v: &Values, origin: &str) -> Result<(), ScenarioError> {
    let at = |key: &'static str| Location {
        origin: if v.overridden.contains(key) {
            "--set".to_string()
        } else {
            origin.to_string()
        },
        line: v.lines.get(key).copied(),
    };
    let f = |key: &str| match v.get(key) {
        Some(Value::F(x)) => *x,
        Some(Value::I(x)) => *x as f64,
        _ => 0.0,
    };
    let err = |key: &'static str, message: String| ScenarioError::Inconsistent {
        at: at(key),
        key: key.into(),
        message,
    };
    // A rule between several keys is blamed on one the user set: the last `--set`
    // among them, else the one on the latest line; `fallback` when none was set.
    let blame = |keys: &[&'static str], fallback: &'static str| -> &'static str {
        if let Some(k) = keys.iter().rev().find(|k| v.overridden.contains(*k)) {
            return k;
        }
        keys.iter()
            .copied()
            .filter(|k| v.lines.contains_key(k))
            .max_by_key(|k| v.lines[k])
            .unwrap_or(fallback)
    };

    let shares = [
        "population.share_single",
        "population.share_single_parent",
        "population.share_couple",
        "population.share_couple_children",
        "population.share_elderly",
    ];
    let total: f64 = shares.iter().map(|k| f(k)).sum();
    if (total - 1.0).abs() > 1e-6 {
        let terms: Vec<String> = shares
            .iter()
            .map(|k| format!("{} {}", &k["population.".len()..], fmt_float(f(k))))
            .collect();
        let off = total - 1.0;
        return Err(err(
            blame(&shares, "population.share_single"),
            format!(
                "the household-composition shares must add up to 1, but {} = {}: that is {} too {}",
                terms.join(" + "),
                fmt_float((total * 1e9).round() / 1e9),
                fmt_float((off.abs() * 1e9).round() / 1e9),
                if off > 0.0 { "much" } else { "little" }
            ),
        ));
    }
    if f("population.share_benefit") + f("population.share_sickness") > 1.0 {
        return Err(err(
            blame(
                &["population.share_benefit", "population.share_sickness"],
                "population.share_benefit",
            ),
            format!(
                "share_benefit + share_sickness must not exceed 1 (they are {} + {})",
                fmt_float(f("population.share_benefit")),
                fmt_float(f("population.share_sickness"))
            ),
        ));
    }
    let households = f("population.households");
    let teams = f("districts.teams");
    if teams > households {
        return Err(err(
            blame(&["population.households", "districts.teams"], "districts.teams"),
            format!("{teams} teams for {households} households: there must be at least one household per team"),
        ));
    }
    for key in [
        "run.status_quo_partial_teams",
        "run.status_quo_broad_teams",
        "policy.pilot_teams",
    ] {
        if let Some(Value::L(l)) = v.get(key) {
            let key = registry::spec(key).map_or("policy.pilot_teams", |p| p.key);
            if let Some(bad) = l.iter().find(|&&t| t as f64 > teams) {
                return Err(err(
                    key,
                    format!("team {bad} does not exist; teams are numbered 1 to {teams}"),
                ));
            }
            if let Some(t) = l
                .iter()
                .enumerate()
                .find_map(|(i, t)| l[..i].contains(t).then_some(t))
            {
                return Err(err(
                    key,
                    format!("team {t} is listed twice; list each team once"),
                ));
            }
        }
    }
    if let (Some(Value::L(p)), Some(Value::L(b))) = (
        v.get("run.status_quo_partial_teams"),
        v.get("run.status_quo_broad_teams"),
    ) {
        if let Some(t) = p.iter().find(|t| b.contains(t)) {
            return Err(err(
                blame(
                    &["run.status_quo_partial_teams", "run.status_quo_broad_teams"],
                    "run.status_quo_broad_teams",
                ),
                format!(
                    "team {t} is listed as both partial and broad; a team has one status-quo model"
                ),
            ));
        }
    }
    // The attached workers of partial come from the W&I department: its administration
    // posts (sized at the start to the benefit households, about households x
    // non-elderly share x benefit share) and its support posts.
    let recipients =
        households * (1.0 - f("population.share_elderly")) * f("population.share_benefit");
    let admin = (recipients * f("wi.admin_hours_per_recipient") / f("wi.hours_per_week")).round();
    let support = (f("wi.support_posts_per_1000") * households / 1000.0).round();
    let per_team = f("linkage.partial.wi_posts_per_team");
    if per_team * teams > admin + support {
        let key = blame(
            &[
                "population.households",
                "districts.teams",
                "wi.support_posts_per_1000",
                "linkage.partial.wi_posts_per_team",
            ],
            "linkage.partial.wi_posts_per_team",
        );
        return Err(err(
            key,
            format!(
                "partial needs {per_team} W&I post(s) in each of {teams} teams ({}), but the W&I department has \
                 only about {} posts ({admin} for administering about {recipients:.0} benefit households, {support} \
                 support posts from wi.support_posts_per_1000); lower linkage.partial.wi_posts_per_team or the \
                 teams, or raise wi.support_posts_per_1000",
                per_team * teams,
                admin + support
            ),
        ));
    }
    // Staff posts are numbered with 16 bits in the compact household and team state,
    // u16::MAX meaning "none". Posts cut at the switch are retired, never reused, so
    // the status quo's posts and the policy's together must stay below that: each set
    // of values alone may need at most MAX_POSTS. The count is an upper bound: every
    // team's generalists rounded up, and benefit households with a wide margin over
    // their expected number (a binomial count never strays 10% from it at this size).
    let per_1000 = |key: &str| {
        let x = f(key);
        if x > 0.0 {
            x * households / 1000.0 + 1.0
        } else {
            0.0
        }
    };
    let generalists = per_1000("team.generalists_per_1000") + teams;
    let benefit = (1.1 * recipients + 50.0).min(households);
    let admin_bound =
        (benefit * f("wi.admin_hours_per_recipient") / f("wi.hours_per_week").max(1.0)).ceil();
    let posts = generalists
        + admin_bound
        + per_1000("wi.support_posts_per_1000")
        + per_1000("debt_help.counsellors_per_1000");
    if posts > MAX_POSTS as f64 {
        let keys = [
            "population.households",
            "team.generalists_per_1000",
            "wi.support_posts_per_1000",
            "debt_help.counsellors_per_1000",
            "wi.admin_hours_per_recipient",
            "wi.hours_per_week",
        ];
        return Err(err(
            blame(&keys, "population.households"),
            format!(
                "these values need up to {posts:.0} staff posts in one municipality ({generalists:.0} generalists, \
                 {admin_bound:.0} W&I administration, {:.0} W&I support, {:.0} credit-bank counsellors), and the model \
                 holds at most {MAX_POSTS}; lower population.households (or split it into [[municipality]] tables) \
                 or the posts per 1,000 households",
                per_1000("wi.support_posts_per_1000"),
                per_1000("debt_help.counsellors_per_1000"),
            ),
        ));
    }
    // An MKBA horizon beyond the simulation is the steady state of the last whole
    // simulated years (docs/ODD.md section 8): there must be one.
    let horizon_years = f("mkba.horizon_years");
    let weeks = f("run.horizon_weeks");
    if horizon_years > (weeks / 52.0).floor() && weeks < 52.0 {
        return Err(err(
            blame(&["run.horizon_weeks", "mkba.horizon_years"], "mkba.horizon_years"),
            format!(
                "an MKBA horizon of {horizon_years} years beyond the {weeks} simulated weeks is extrapolated from \
                 whole simulated years, and there is none; simulate at least 52 weeks (run.horizon_weeks) or set \
                 mkba.horizon_years to 0 (the simulated weeks)"
            ),
        ));
    }
    Ok(())
}

/// The scenario with every value filled in, as TOML, with unit and source beside each
/// value and provenance in the header, so that any run can be repeated and traced.
pub fn resolved_toml(s: &Scenario, program_version: &str, seed: u64, replications: u32) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# wijksim {program_version}: resolved scenario");
    let _ = writeln!(out, "# input: {}", s.origin);
    let _ = writeln!(out, "# input sha256: {}", s.source_hash);
    let _ = writeln!(out, "# seed: {seed}, replications: {replications}");
    let _ = writeln!(
        out,
        "# Values below act from week 0; those under [switch] (if any) from the switch week.\n\
         # Repeat with: wijksim compare scenario.resolved.toml"
    );
    for (sec, specs) in registry::by_section() {
        let _ = writeln!(out, "\n[{sec}]");
        for spec in specs {
            let name = &spec.key[sec.len() + 1..];
            let v = match spec.key {
                "run.seed" => Value::I(seed as i64),
                "run.replications" => Value::I(replications as i64),
                _ => s.warmup_values.map[spec.key].clone(),
            };
            let _ = writeln!(
                out,
                "{name} = {}  # {}; {}; source: {}",
                v.to_toml(),
                spec.unit,
                spec.scope.name(),
                spec.source
            );
        }
    }
    // Policy values that change at the switch ([switch] or `--set` of a policy key): the
    // resolved scenario reproduces the run without any `--set`.
    let switched: Vec<&ParamSpec> = PARAMS
        .iter()
        .filter(|p| {
            p.scope == Scope::Policy && s.warmup_values.map[p.key] != s.policy_values.map[p.key]
        })
        .collect();
    if !switched.is_empty() {
        let _ = writeln!(out, "\n[switch]");
        for spec in switched {
            let _ = writeln!(
                out,
                "{:?} = {}  # {}; from the switch week",
                spec.key,
                s.policy_values.map[spec.key].to_toml(),
                spec.unit
            );
        }
    }
    if !s.uncertainty.is_empty() {
        let _ = writeln!(out, "\n[uncertainty]");
        for (key, lo, hi) in &s.uncertainty {
            let _ = writeln!(out, "{key:?} = [{}, {}]", fmt_float(*lo), fmt_float(*hi));
        }
    }
    if s.packages != packages::plain_packages() {
        for p in &s.packages {
            let _ = writeln!(
                out,
                "\n[[package]]\nname = {}\nmodel = {}",
                Value::S(p.name.clone()).to_toml(),
                Value::S(p.model.name().to_string()).to_toml()
            );
            if !p.description.is_empty() {
                let _ = writeln!(
                    out,
                    "description = {}",
                    Value::S(p.description.clone()).to_toml()
                );
            }
            if !p.set.is_empty() {
                let _ = writeln!(out, "[package.set]");
                for (k, v) in &p.set {
                    let _ = writeln!(out, "{k:?} = {}", v.to_toml());
                }
            }
        }
    }
    for (m, part) in s.municipalities.iter().zip(&s.parts) {
        let _ = writeln!(
            out,
            "\n[[municipality]]\nname = {}\nhouseholds = {}\nteams = {}",
            Value::S(m.name.clone()).to_toml(),
            m.households,
            part.warmup.districts.teams
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_build_params() {
        let v = Values::defaults();
        let p = v.to_params("test").expect("registry and struct agree");
        assert_eq!(p.population.households, 75_000);
        assert_eq!(p.linkage.partial.wi_posts_per_team, 1);
    }

    #[test]
    fn embedded_default_loads() {
        let s = load_default(&[]).unwrap();
        assert_eq!(s.name(), "default");
    }

    #[test]
    fn default_toml_lists_every_parameter_at_its_default() {
        // scenarios/default.toml is generated by `wijksim params --toml`; if a default
        // changes in the registry, regenerate it.
        let s = load_default(&[]).unwrap();
        for p in PARAMS {
            assert!(
                s.warmup_values.lines.contains_key(p.key),
                "{} missing from default.toml",
                p.key
            );
            if p.key != "scenario.description" {
                assert_eq!(
                    s.warmup_values.get(p.key),
                    Values::defaults().get(p.key),
                    "{}",
                    p.key
                );
            }
        }
    }

    #[test]
    fn unknown_key_names_line_and_suggestion() {
        let e = load_str(
            "[population]\nhouseholds = 10\nhousehods = 5\n",
            "x.toml",
            &[],
        )
        .unwrap_err();
        let m = e.to_string();
        assert!(m.contains("x.toml:3"), "{m}");
        assert!(m.contains("population.households"), "{m}");
    }

    #[test]
    fn out_of_range_names_key() {
        let e = load_str("[team]\ncaseload_cap = -3\n", "x.toml", &[]).unwrap_err();
        assert!(matches!(e, ScenarioError::OutOfRange { .. }), "{e}");
        assert!(e.to_string().contains("x.toml:2"));
    }

    #[test]
    fn policy_override_only_after_switch() {
        let ov: Override = "team.caseload_cap=50".parse().unwrap();
        let w: Override = "population.households=20000".parse().unwrap();
        let s = load_str("", "x", &[ov, w]).unwrap();
        assert_eq!(s.warmup.team.caseload_cap, 30);
        assert_eq!(s.policy.team.caseload_cap, 50);
        assert_eq!(s.warmup.population.households, 20000);
        assert_eq!(s.policy.population.households, 20000);
    }

    #[test]
    fn resolved_round_trips() {
        let s = load_default(&[]).unwrap();
        let text = resolved_toml(&s, "test", 1, 10);
        let again = load_str(&text, "resolved", &[]).unwrap();
        assert_eq!(again.warmup, s.warmup);
    }

    #[test]
    fn registry_and_struct_agree() {
        // Every key must reach the struct: change each value and check that the typed
        // parameters change.
        let base = Values::defaults().to_params("t").unwrap();
        for p in PARAMS {
            let mut v = Values::defaults();
            let new = match p.kind {
                Kind::Float { min, max } => Value::F(if v.get(p.key) == Some(&Value::F(max)) {
                    min
                } else {
                    max
                }),
                Kind::Int { min, max } => Value::I(if v.get(p.key) == Some(&Value::I(max)) {
                    min
                } else {
                    max
                }),
                Kind::Bool => Value::B(!matches!(v.get(p.key), Some(Value::B(true)))),
                Kind::Text => Value::S("changed".into()),
                Kind::Choice(o) => Value::S(
                    o.iter()
                        .find(|x| v.get(p.key) != Some(&Value::S(x.to_string())))
                        .unwrap()
                        .to_string(),
                ),
                Kind::IntList { .. } => Value::L(vec![1]),
            };
            v.set(p, new, None);
            let changed = v.to_params("t").unwrap();
            assert_ne!(
                changed, base,
                "{} does not reach the parameter struct",
                p.key
            );
        }
    }
}
