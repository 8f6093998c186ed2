//! Sweep files: TOML in, a validated [`Sweep`] out, before anything runs.
//!
//! ```toml
//! [sweep]
//! scenario = "workshop.toml"   # relative to this file; omitted: the embedded default
//! models = ["broad", "partial", "separate"]
//! replications = 2             # per design point; omitted: the scenario's run.replications, at least 5
//! seed = 1
//! design = "sobol"             # grid | lhs | oat | morris | sobol
//! samples = 256                # sobol: N, a power of two; lhs: points
//!
//! [[axis]]
//! param = "team.finance_detection_own"   # any key `--set` takes
//! range = [0.2, 0.5]                     # omitted: the registry's plausible range
//!
//! [[axis]]
//! param = "team.caseload_cap"
//! values = [20, 30, 40]                  # grid and oat: explicit values
//! at = "switch"                          # a policy key acting from the switch week
//! ```
//!
//! Every mistake is reported with the file, the line and what is allowed (exit 2),
//! before anything is written: unknown keys and parameters ("did you mean"), empty
//! axes, values outside a parameter's allowed range, a Sobol' `N` that is not a power
//! of two (with the nearest valid ones).

use super::design::Design;
use crate::model::LinkageModel;
use crate::scenario::registry::{self, Dist, Kind, ParamSpec, Plausible, Scope};
use crate::scenario::{self, fmt_float, line_of, Location, Scenario, ScenarioError, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Largest sweep file read.
pub const MAX_SWEEP_BYTES: u64 = 1 << 20;

/// Replications per point of a sweep file without its own `replications`, when the
/// scenario asks for fewer.
pub const MIN_REPLICATIONS: u32 = 5;

/// Fewest Sobol' base samples N a sweep accepts.
pub const MIN_SOBOL_SAMPLES: usize = 8;

/// Most units (design points × replications) one sweep may have.
pub const MAX_UNITS: u64 = 100_000_000;

/// The experimental design of a sweep, as the file names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DesignKind {
    /// Every combination of the axes' values.
    Grid,
    /// Latin hypercube over the axes' ranges.
    Lhs,
    /// One factor at a time around the base scenario (tornado).
    Oat,
    /// Morris elementary effects.
    Morris,
    /// Sobol' indices by Saltelli sampling.
    Sobol,
}

impl DesignKind {
    /// The name in a sweep file.
    pub fn name(self) -> &'static str {
        match self {
            DesignKind::Grid => "grid",
            DesignKind::Lhs => "lhs",
            DesignKind::Oat => "oat",
            DesignKind::Morris => "morris",
            DesignKind::Sobol => "sobol",
        }
    }

    /// The design a sweep file names `name`, if any.
    pub fn from_name(name: &str) -> Option<DesignKind> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    const ALL: [DesignKind; 5] = [
        DesignKind::Grid,
        DesignKind::Lhs,
        DesignKind::Oat,
        DesignKind::Morris,
        DesignKind::Sobol,
    ];

    /// Whether the design samples a continuous range (values lists are not allowed).
    pub fn continuous(self) -> bool {
        matches!(
            self,
            DesignKind::Lhs | DesignKind::Morris | DesignKind::Sobol
        )
    }
}

/// The values an axis takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Levels {
    /// An explicit list (grid, oat).
    List(Vec<Value>),
    /// A real range: `steps` evenly spaced values for grid and oat, or a distribution
    /// over it that the continuous designs sample (through its inverse CDF).
    Range {
        /// Low end.
        lo: f64,
        /// High end.
        hi: f64,
        /// Values from `lo` to `hi` for grid and oat.
        steps: usize,
        /// Distribution over the range (continuous designs).
        dist: Dist,
        /// Mode of a triangular distribution.
        mode: f64,
    },
}

/// One axis of a sweep.
#[derive(Debug, Clone)]
pub struct Axis {
    /// The parameter.
    pub spec: &'static ParamSpec,
    /// Its values.
    pub levels: Levels,
    /// A policy key that acts from the switch week only (`at = "switch"`); otherwise the
    /// value holds from week 0 (the status quo, or a fact about the world).
    pub at_switch: bool,
    /// Line of the `[[axis]]` table.
    pub line: Option<usize>,
}

impl Axis {
    /// Number of levels for grid and oat.
    pub fn count(&self) -> usize {
        match &self.levels {
            Levels::List(v) => v.len(),
            Levels::Range { steps, .. } => *steps,
        }
    }

    /// The value for unit coordinate `u` in [0, 1] (continuous designs), or for level
    /// `l` (grid, oat).
    pub fn value(&self, u: f64, level: Option<usize>) -> Value {
        match (&self.levels, level) {
            (Levels::List(v), Some(l)) => v[l.min(v.len() - 1)].clone(),
            (Levels::List(v), None) => v[((u * v.len() as f64) as usize).min(v.len() - 1)].clone(),
            (Levels::Range { lo, hi, steps, .. }, Some(l)) => {
                let x = if *steps <= 1 {
                    *lo
                } else {
                    lo + (hi - lo) * l as f64 / (*steps - 1) as f64
                };
                self.typed(x)
            }
            (
                Levels::Range {
                    lo, hi, dist, mode, ..
                },
                None,
            ) => {
                let range = Plausible {
                    lo: *lo,
                    hi: *hi,
                    dist: *dist,
                };
                self.typed(crate::mkba::psa::sample(&range, *mode, u.clamp(0.0, 1.0)))
            }
        }
    }

    fn typed(&self, x: f64) -> Value {
        match self.spec.kind {
            Kind::Int { .. } => Value::I(x.round() as i64),
            _ => Value::F(x),
        }
    }
}

/// A validated sweep.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// Where the sweep file came from.
    pub origin: String,
    /// SHA-256 of the sweep file, hex.
    pub source_hash: String,
    /// The base scenario.
    pub scenario: Scenario,
    /// Models compared at every point.
    pub models: Vec<LinkageModel>,
    /// Replications per point.
    pub replications: u32,
    /// Master seed.
    pub seed: u64,
    /// The design.
    pub kind: DesignKind,
    /// The design's generator.
    pub design: Design,
    /// The axes, in file order.
    pub axes: Vec<Axis>,
    /// The sweep file's text, as read.
    pub source_text: String,
    /// The base scenario file's text, as read (`None`: the embedded default).
    pub scenario_text: Option<String>,
}

impl Sweep {
    /// Design points.
    pub fn points(&self) -> usize {
        self.design.rows()
    }

    /// Units of work: points × replications.
    pub fn units(&self) -> u64 {
        self.points() as u64 * self.replications as u64
    }

    /// The parameter values of design point `point`, one per axis.
    pub fn point_values(&self, point: usize) -> Vec<Value> {
        use super::design::RowRole;
        let row = self
            .design
            .row(point)
            .unwrap_or_else(|_| vec![0.5; self.axes.len()]);
        let role = self.design.role(point).ok();
        self.axes
            .iter()
            .enumerate()
            .map(|(a, axis)| match &role {
                Some(RowRole::Grid { levels }) => axis.value(0.0, Some(levels[a])),
                Some(RowRole::OneAtATime {
                    axis: varied,
                    level,
                }) => {
                    if *varied == Some(a) {
                        axis.value(0.0, Some(*level))
                    } else {
                        // Around the base: the scenario's own value.
                        self.scenario
                            .policy_values
                            .get(axis.spec.key)
                            .cloned()
                            .unwrap_or_else(|| axis.value(0.5, None))
                    }
                }
                _ => axis.value(row[a], None),
            })
            .collect()
    }

    /// The base scenario with design point `point`'s values, and the sweep's seed.
    pub fn scenario_at(&self, point: usize) -> Result<Scenario, ScenarioError> {
        let mut values: Vec<(&'static str, Value, bool)> = self
            .axes
            .iter()
            .zip(self.point_values(point))
            .map(|(a, v)| (a.spec.key, v, a.at_switch))
            .collect();
        values.push(("run.seed", Value::I(self.seed as i64), false));
        values.push((
            "run.replications",
            Value::I(self.replications as i64),
            false,
        ));
        self.scenario.with_values(&values)
    }

    /// The sweep's settings as a sweep file with every value filled in (ranges taken
    /// from the registry written out), without the base scenario's path: the same text
    /// whichever folder the sweep was read from.
    pub fn settings_toml(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "[sweep]");
        let _ = writeln!(
            out,
            "models = [{}]",
            self.models
                .iter()
                .map(|m| format!("{:?}", m.name()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(out, "replications = {}", self.replications);
        let _ = writeln!(out, "seed = {}", self.seed);
        let _ = writeln!(out, "design = {:?}", self.kind.name());
        match &self.design {
            Design::LatinHypercube { n, .. } | Design::Saltelli { n, .. } => {
                let _ = writeln!(out, "samples = {n}");
            }
            Design::Morris { r, levels, .. } => {
                let _ = writeln!(out, "trajectories = {r}\nlevels = {levels}");
            }
            _ => {}
        }
        for a in &self.axes {
            let _ = writeln!(out, "\n[[axis]]\nparam = {:?}", a.spec.key);
            match &a.levels {
                Levels::List(v) => {
                    let _ = writeln!(
                        out,
                        "values = [{}]",
                        v.iter().map(Value::to_toml).collect::<Vec<_>>().join(", ")
                    );
                }
                Levels::Range {
                    lo,
                    hi,
                    steps,
                    dist,
                    mode,
                } => {
                    let _ = writeln!(out, "range = [{}, {}]", fmt_float(*lo), fmt_float(*hi));
                    if !self.kind.continuous() {
                        let _ = writeln!(out, "steps = {steps}");
                    } else {
                        let _ = writeln!(out, "distribution = {:?}", dist.name());
                        if *dist == Dist::Triangular {
                            let _ = writeln!(out, "mode = {}", fmt_float(*mode));
                        }
                    }
                }
            }
            if a.at_switch {
                let _ = writeln!(out, "at = \"switch\"");
            }
        }
        out
    }

    /// The design's identity: SHA-256 (hex) of the program version, the settings and
    /// the base scenario's text. Shards of different sweeps never merge, and a journal
    /// is resumed only by the sweep that wrote it.
    pub fn design_hash(&self, program_version: &str) -> String {
        let text = format!(
            "wijksim {program_version}\n{}\nscenario sha256 {}\n",
            self.settings_toml(),
            self.scenario.source_hash
        );
        crate::output::sha256_hex(text.as_bytes())
    }

    /// `sweep.resolved.toml`: what ran, as a sweep file, headed by the program version,
    /// the sweep file's name and SHA-256 (`input_name`, `input_hash`: the file the sweep
    /// was started from) and the seed, and followed by the base scenario with every value,
    /// commented. No path appears, so every machine writes the same bytes.
    pub fn resolved_toml(
        &self,
        program_version: &str,
        input_name: &str,
        input_hash: &str,
    ) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# wijksim {program_version}: resolved sweep");
        let _ = writeln!(out, "# sweep file: {input_name} (sha256 {input_hash})");
        let _ = writeln!(
            out,
            "# base scenario: {} (sha256 {})",
            self.scenario.name(),
            self.scenario.source_hash
        );
        let _ = writeln!(out, "# seed: {}", self.seed);
        let _ = writeln!(
            out,
            "# {} points x {} replication(s) = {} units; design sha256 {}\n",
            self.points(),
            self.replications,
            self.units(),
            self.design_hash(program_version)
        );
        out.push_str(&self.settings_toml());
        let _ = writeln!(out, "\n# The base scenario, every value resolved:");
        let base = scenario::resolved_toml(
            &self.scenario,
            program_version,
            self.seed,
            self.replications,
        );
        // Its own header names the file it was read from: left out, as above.
        for line in base.lines().skip_while(|l| l.starts_with('#')) {
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "# {line}");
            }
        }
        out
    }

    /// The files a shard folder keeps so that `wijksim merge` can rebuild the sweep
    /// from the folder alone: `sweep.toml` (the settings, reading `scenario.toml` beside
    /// it) and the base scenario's text as it was read.
    pub fn shard_files(&self) -> Vec<(&'static str, Vec<u8>)> {
        let mut settings = self.settings_toml();
        match &self.scenario_text {
            Some(text) => {
                settings = settings.replacen(
                    "[sweep]\n",
                    &format!("[sweep]\nscenario = {:?}\n", SHARD_SCENARIO),
                    1,
                );
                vec![
                    (SHARD_SWEEP, settings.into_bytes()),
                    (SHARD_SCENARIO, text.clone().into_bytes()),
                ]
            }
            None => vec![(SHARD_SWEEP, settings.into_bytes())],
        }
    }
}

/// The sweep's settings in a shard folder.
pub const SHARD_SWEEP: &str = "sweep.toml";
/// The base scenario in a shard folder.
pub const SHARD_SCENARIO: &str = "scenario.toml";

/// Read and validate a sweep file.
pub fn load_file(path: &Path) -> Result<Sweep, ScenarioError> {
    let text = crate::output::read_input(path, MAX_SWEEP_BYTES)?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    load_str(&text, &path.display().to_string(), &base)
}

/// Validate a sweep from text; `origin` names it in messages, `base` is the folder a
/// relative `scenario` path is read from.
pub fn load_str(text: &str, origin: &str, base: &Path) -> Result<Sweep, ScenarioError> {
    let doc = toml_edit::ImDocument::parse(text).map_err(|e| ScenarioError::Syntax {
        at: Location {
            origin: origin.to_string(),
            line: e.span().map(|s| line_of(text, s.start)),
        },
        message: scenario::syntax_message(&e, text),
    })?;
    let at = |span: Option<std::ops::Range<usize>>| Location {
        origin: origin.to_string(),
        line: span.map(|s| line_of(text, s.start)),
    };
    let root = doc.as_table();
    for (k, item) in root.iter() {
        if k != "sweep" && k != "axis" {
            return Err(ScenarioError::UnknownKey {
                at: at(root.key(k).and_then(|kk| kk.span()).or_else(|| item.span())),
                key: k.to_string(),
                suggestion: ["sweep", "axis"]
                    .into_iter()
                    .find(|c| crate::scenario::similarity(k, c) > 0.8),
            });
        }
    }
    let empty = toml_edit::Table::new();
    let sweep = match root.get("sweep") {
        Some(item) => item.as_table().ok_or_else(|| ScenarioError::WrongType {
            at: at(item.span()),
            key: "sweep".into(),
            expected: "a table [sweep]".into(),
            found: item.type_name().into(),
        })?,
        None => &empty,
    };
    const SWEEP_KEYS: &[&str] = &[
        "scenario",
        "models",
        "replications",
        "seed",
        "design",
        "samples",
        "trajectories",
        "levels",
    ];
    for (k, item) in sweep.iter() {
        if !SWEEP_KEYS.contains(&k) {
            return Err(ScenarioError::UnknownKey {
                at: at(sweep
                    .key(k)
                    .and_then(|kk| kk.span())
                    .or_else(|| item.span())),
                key: format!("sweep.{k}"),
                suggestion: SWEEP_KEYS
                    .iter()
                    .map(|c| (crate::scenario::similarity(k, c), *c))
                    .filter(|(s, _)| *s > 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, c)| match c {
                        "scenario" => "sweep.scenario",
                        "models" => "sweep.models",
                        "replications" => "sweep.replications",
                        "seed" => "sweep.seed",
                        "design" => "sweep.design",
                        "samples" => "sweep.samples",
                        "trajectories" => "sweep.trajectories",
                        _ => "sweep.levels",
                    }),
            });
        }
    }
    let key_at = |k: &str| {
        at(sweep
            .key(k)
            .and_then(|kk| kk.span())
            .or_else(|| sweep.get(k).and_then(|i| i.span())))
    };
    let int = |k: &str, min: i64, max: i64, default: i64| -> Result<i64, ScenarioError> {
        match sweep.get(k) {
            None => Ok(default),
            Some(item) => match item.as_integer() {
                Some(x) if (min..=max).contains(&x) => Ok(x),
                Some(x) => Err(ScenarioError::OutOfRange {
                    at: key_at(k),
                    key: format!("sweep.{k}"),
                    value: x.to_string(),
                    allowed: format!("{min} to {max}"),
                }),
                None => Err(ScenarioError::WrongType {
                    at: key_at(k),
                    key: format!("sweep.{k}"),
                    expected: "a whole number".into(),
                    found: item.type_name().into(),
                }),
            },
        }
    };

    // The base scenario.
    let mut scenario_text = None;
    let scenario = match sweep.get("scenario") {
        None => scenario::load_default(&[])?,
        Some(item) => {
            let Some(rel) = item.as_str() else {
                return Err(ScenarioError::WrongType {
                    at: key_at("scenario"),
                    key: "sweep.scenario".into(),
                    expected: "a quoted path to a scenario file".into(),
                    found: item.type_name().into(),
                });
            };
            let path: PathBuf = if Path::new(rel).is_absolute() {
                PathBuf::from(rel)
            } else {
                base.join(rel)
            };
            let text = crate::output::read_input(&path, scenario::MAX_SCENARIO_BYTES)?;
            let loaded = scenario::load_str(&text, &path.display().to_string(), &[])?;
            scenario_text = Some(text);
            loaded
        }
    };
    let models = match sweep.get("models") {
        None => LinkageModel::ALL.to_vec(),
        Some(item) => {
            let arr = item.as_array().ok_or_else(|| ScenarioError::WrongType {
                at: key_at("models"),
                key: "sweep.models".into(),
                expected: "a list of model names, e.g. [\"partial\", \"separate\"]".into(),
                found: item.type_name().into(),
            })?;
            let mut out = Vec::new();
            for v in arr.iter() {
                let m = v
                    .as_str()
                    .and_then(LinkageModel::from_name)
                    .ok_or_else(|| ScenarioError::OutOfRange {
                        at: key_at("models"),
                        key: "sweep.models".into(),
                        value: v.to_string().trim().to_string(),
                        allowed: "\"broad\", \"partial\", \"separate\"".into(),
                    })?;
                if out.contains(&m) {
                    return Err(ScenarioError::Inconsistent {
                        at: key_at("models"),
                        key: "sweep.models".into(),
                        message: format!("\"{}\" is listed twice", m.name()),
                    });
                }
                out.push(m);
            }
            if out.is_empty() {
                return Err(ScenarioError::Inconsistent {
                    at: key_at("models"),
                    key: "sweep.models".into(),
                    message: "list at least one model".into(),
                });
            }
            // Report order, whatever the file's order.
            out.sort();
            out
        }
    };
    // A design point is a distribution, not a draw: without a count of its own, every
    // point gets the scenario's replications (one replication's luck once decided
    // which model was "best" at every point).
    // At least MIN_REPLICATIONS: a paired interval from fewer is too wide to name a
    // best model anywhere.
    let replications = int(
        "replications",
        1,
        100_000,
        scenario.policy.run.replications.max(MIN_REPLICATIONS) as i64,
    )? as u32;
    let seed = int(
        "seed",
        0,
        9_007_199_254_740_991,
        scenario.policy.run.seed as i64,
    )? as u64;
    let kind = match sweep.get("design") {
        None => DesignKind::Grid,
        Some(item) => {
            let Some(name) = item.as_str() else {
                return Err(ScenarioError::WrongType {
                    at: key_at("design"),
                    key: "sweep.design".into(),
                    expected:
                        "a quoted design name: \"grid\", \"lhs\", \"oat\", \"morris\" or \"sobol\""
                            .into(),
                    found: item.type_name().into(),
                });
            };
            DesignKind::ALL
                .into_iter()
                .find(|d| d.name() == name)
                .ok_or_else(|| ScenarioError::OutOfRange {
                    at: key_at("design"),
                    key: "sweep.design".into(),
                    value: item.to_string().trim().to_string(),
                    allowed: "\"grid\", \"lhs\", \"oat\", \"morris\" or \"sobol\"".into(),
                })?
        }
    };

    // A design key the design does not use would be ignored silently: refused.
    for (k, used, by) in [
        (
            "samples",
            matches!(kind, DesignKind::Lhs | DesignKind::Sobol),
            "the lhs and sobol designs",
        ),
        (
            "trajectories",
            kind == DesignKind::Morris,
            "the morris design",
        ),
        ("levels", kind == DesignKind::Morris, "the morris design"),
    ] {
        if sweep.get(k).is_some() && !used {
            return Err(ScenarioError::Inconsistent {
                at: key_at(k),
                key: format!("sweep.{k}"),
                message: format!(
                    "`{k}` is used by {by} only; this sweep's design is \"{}\"",
                    kind.name()
                ),
            });
        }
    }

    // The axes.
    let mut axes: Vec<Axis> = Vec::new();
    if let Some(item) = root.get("axis") {
        let tables = scenario::tables_of(item).ok_or_else(|| ScenarioError::WrongType {
            at: at(item.span()),
            key: "axis".into(),
            expected: "tables written [[axis]], each with `param`".into(),
            found: item.type_name().into(),
        })?;
        for t in tables.iter() {
            axes.push(parse_axis(t, kind, &scenario, text, origin)?);
        }
    }
    if axes.is_empty() {
        return Err(ScenarioError::Inconsistent {
            at: at(None),
            key: "axis".into(),
            message: "a sweep needs at least one [[axis]] table with `param`".into(),
        });
    }
    for (i, a) in axes.iter().enumerate() {
        if axes[..i].iter().any(|b| b.spec.key == a.spec.key) {
            return Err(ScenarioError::Inconsistent {
                at: Location {
                    origin: origin.to_string(),
                    line: a.line,
                },
                key: "axis.param".into(),
                message: format!("`{}` has two axes; give each parameter one", a.spec.key),
            });
        }
    }
    let design_seed = seed ^ 0x5357_4545_5053;
    let k = axes.len();
    let design = match kind {
        DesignKind::Grid => Design::Grid {
            levels: axes.iter().map(Axis::count).collect(),
        },
        DesignKind::Oat => Design::OneAtATime {
            levels_per_axis: axes.iter().map(Axis::count).collect(),
        },
        DesignKind::Lhs => Design::LatinHypercube {
            n: int("samples", 1, 10_000_000, 64)? as usize,
            k,
            seed: design_seed,
        },
        DesignKind::Morris => Design::Morris {
            k,
            r: int("trajectories", 1, 100_000, 10)? as usize,
            levels: int("levels", 2, 100, 4)? as usize,
            seed: design_seed,
        },
        DesignKind::Sobol => Design::Saltelli {
            n: int("samples", 1, 1 << 24, 256)? as usize,
            k,
            skip: 0,
            seed: None,
        },
    };
    design.validate().map_err(|e| {
        let key = match e {
            super::design::DesignError::NotPowerOfTwo { .. } => "samples",
            super::design::DesignError::MorrisLevels { .. } => "levels",
            _ => "design",
        };
        ScenarioError::Inconsistent {
            at: key_at(key),
            key: format!("sweep.{key}"),
            message: e.to_string(),
        }
    })?;
    if let Design::Saltelli { n, .. } = design {
        if n < MIN_SOBOL_SAMPLES {
            return Err(ScenarioError::Inconsistent {
                at: key_at("samples"),
                key: "sweep.samples".into(),
                message: format!(
                    "Sobol' N = {n} is too few: give at least {MIN_SOBOL_SAMPLES} (a power of \
                     two). With N = 1 or 2 the matrices A and B hold the same points, so every \
                     index reads 0, and below {MIN_SOBOL_SAMPLES} the bootstrap intervals have \
                     too few samples to mean anything"
                ),
            });
        }
    }
    let units = design.rows() as u64 * replications as u64;
    if units > MAX_UNITS {
        return Err(ScenarioError::Inconsistent {
            at: key_at("replications"),
            key: "sweep.replications".into(),
            message: format!(
                "{} points x {replications} replications = {units} units; at most {MAX_UNITS}",
                design.rows()
            ),
        });
    }
    let sweep = Sweep {
        origin: origin.to_string(),
        source_hash: crate::output::sha256_hex(text.as_bytes()),
        scenario,
        models,
        replications,
        seed,
        kind,
        design,
        axes,
        source_text: text.to_string(),
        scenario_text,
    };
    // Every point must make a valid scenario (rules between parameters): checked now,
    // so a sweep never fails half-way on bad input. A grid's corners and a sample of the
    // rest are enough for rules that are monotone in each value; all points are checked
    // when there are not too many.
    let n = sweep.points();
    let step = (n / 2_000).max(1);
    for p in (0..n).step_by(step).chain(std::iter::once(n - 1)) {
        sweep
            .scenario_at(p)
            .map_err(|e| ScenarioError::Inconsistent {
                at: Location {
                    origin: origin.to_string(),
                    line: None,
                },
                key: "axis".into(),
                message: format!("design point {p} is not a valid scenario: {e}"),
            })?;
    }
    Ok(sweep)
}

fn parse_axis(
    t: &toml_edit::Table,
    kind: DesignKind,
    scenario: &Scenario,
    text: &str,
    origin: &str,
) -> Result<Axis, ScenarioError> {
    let line = t.span().map(|s| line_of(text, s.start));
    let at = |k: Option<&str>| Location {
        origin: origin.to_string(),
        line: k
            .and_then(|k| t.key(k).and_then(|kk| kk.span()))
            .map(|s| line_of(text, s.start))
            .or(line),
    };
    const AXIS_KEYS: &[&str] = &[
        "param",
        "values",
        "range",
        "steps",
        "at",
        "distribution",
        "mode",
    ];
    for (k, _) in t.iter() {
        if !AXIS_KEYS.contains(&k) {
            return Err(ScenarioError::UnknownKey {
                at: at(Some(k)),
                key: format!("axis.{k}"),
                suggestion: AXIS_KEYS
                    .iter()
                    .find(|c| crate::scenario::similarity(k, c) > 0.8)
                    .map(|c| match *c {
                        "param" => "axis.param",
                        "values" => "axis.values",
                        "range" => "axis.range",
                        "steps" => "axis.steps",
                        "distribution" => "axis.distribution",
                        "mode" => "axis.mode",
                        _ => "axis.at",
                    }),
            });
        }
    }
    let name =
        t.get("param")
            .and_then(|i| i.as_str())
            .ok_or_else(|| ScenarioError::Inconsistent {
                at: at(Some("param")),
                key: "axis.param".into(),
                message: "every [[axis]] needs `param`, a parameter key as `--set` takes it".into(),
            })?;
    let spec = registry::spec(name).ok_or_else(|| ScenarioError::UnknownKey {
        at: at(Some("param")),
        key: name.to_string(),
        suggestion: registry::suggest(name),
    })?;
    if matches!(spec.kind, Kind::Text | Kind::IntList { .. })
        || spec.key.starts_with("run.") && spec.key != "run.horizon_weeks"
    {
        return Err(ScenarioError::Inconsistent {
            at: at(Some("param")),
            key: "axis.param".into(),
            message: format!("`{}` cannot be swept (text, team lists and run control other than run.horizon_weeks)", spec.key),
        });
    }
    let at_switch = match t.get("at").and_then(|i| i.as_str()) {
        None if t.get("at").is_none() => false,
        Some("switch") if spec.scope == Scope::Policy => true,
        Some("switch") => {
            return Err(ScenarioError::Inconsistent {
                at: at(Some("at")),
                key: "axis.at".into(),
                message: format!(
                    "`{}` is a {} parameter: it acts from week 0; only policy parameters can act from the switch",
                    spec.key,
                    spec.scope.name()
                ),
            })
        }
        _ => {
            return Err(ScenarioError::OutOfRange {
                at: at(Some("at")),
                key: "axis.at".into(),
                value: t.get("at").map(|i| i.to_string()).unwrap_or_default().trim().to_string(),
                allowed: "\"switch\" (or leave it out: the value holds from week 0)".into(),
            })
        }
    };
    let convert = |v: &toml_edit::Value, key: &str| -> Result<Value, ScenarioError> {
        scenario::convert_value(spec, v, &at(Some(key))).map_err(|e| match e {
            ScenarioError::OutOfRange {
                at, value, allowed, ..
            } => ScenarioError::OutOfRange {
                at,
                key: format!("axis.{key} ({})", spec.key),
                value,
                allowed,
            },
            ScenarioError::WrongType {
                at,
                expected,
                found,
                ..
            } => ScenarioError::WrongType {
                at,
                key: format!("axis.{key} ({})", spec.key),
                expected,
                found,
            },
            other => other,
        })
    };
    let levels = match (t.get("values"), t.get("range")) {
        (Some(_), Some(_)) => {
            return Err(ScenarioError::Inconsistent {
                at: at(Some("range")),
                key: "axis.range".into(),
                message: "give `values` or `range`, not both".into(),
            })
        }
        (Some(item), None) => {
            if kind.continuous() {
                return Err(ScenarioError::Inconsistent {
                    at: at(Some("values")),
                    key: "axis.values".into(),
                    message: format!(
                        "a {} design samples a range: give `range = [low, high]` (or nothing, for the plausible range)",
                        kind.name()
                    ),
                });
            }
            let arr = item.as_array().ok_or_else(|| ScenarioError::WrongType {
                at: at(Some("values")),
                key: "axis.values".into(),
                expected: "a list of values".into(),
                found: item.type_name().into(),
            })?;
            let values = arr
                .iter()
                .map(|v| convert(v, "values"))
                .collect::<Result<Vec<_>, _>>()?;
            if values.is_empty() {
                return Err(ScenarioError::Inconsistent {
                    at: at(Some("values")),
                    key: "axis.values".into(),
                    message: format!(
                        "the axis over `{}` is empty: list at least one value",
                        spec.key
                    ),
                });
            }
            Levels::List(values)
        }
        (None, range) => {
            if !matches!(spec.kind, Kind::Float { .. } | Kind::Int { .. }) {
                return Err(ScenarioError::Inconsistent {
                    at: at(Some("param")),
                    key: "axis.values".into(),
                    message: format!(
                        "`{}` takes `values = [...]`: it has no numeric range",
                        spec.key
                    ),
                });
            }
            let (lo, hi, registry_dist) = match range {
                Some(item) => {
                    let pair = item
                        .as_array()
                        .filter(|a| a.len() == 2)
                        .map(|a| (a.get(0), a.get(1)));
                    let Some((Some(lo), Some(hi))) = pair else {
                        return Err(ScenarioError::WrongType {
                            at: at(Some("range")),
                            key: "axis.range".into(),
                            expected: "[low, high]".into(),
                            found: item.type_name().into(),
                        });
                    };
                    let num = |v: &Value| match v {
                        Value::F(x) => *x,
                        Value::I(x) => *x as f64,
                        _ => f64::NAN,
                    };
                    let (lo, hi) = (num(&convert(lo, "range")?), num(&convert(hi, "range")?));
                    if lo > hi {
                        return Err(ScenarioError::Inconsistent {
                            at: at(Some("range")),
                            key: "axis.range".into(),
                            message: format!("the low end {} is above the high end {}", fmt_float(lo), fmt_float(hi)),
                        });
                    }
                    (lo, hi, None)
                }
                None => match spec.plausible {
                    Some(p) => (p.lo, p.hi, Some(p.dist)),
                    None => {
                        return Err(ScenarioError::Inconsistent {
                            at: at(Some("param")),
                            key: "axis.range".into(),
                            message: format!(
                                "`{}` has no plausible range in the registry (`wijksim params`): give `range = [low, high]` or `values`",
                                spec.key
                            ),
                        })
                    }
                },
            };
            let steps = match t.get("steps") {
                Some(_) if kind.continuous() => {
                    return Err(ScenarioError::Inconsistent {
                        at: at(Some("steps")),
                        key: "axis.steps".into(),
                        message: format!(
                            "a {} design samples the range; `steps` is for grid and oat designs",
                            kind.name()
                        ),
                    })
                }
                Some(item) => match item.as_integer() {
                    Some(s) if (1..=10_000).contains(&s) => s as usize,
                    _ => {
                        return Err(ScenarioError::OutOfRange {
                            at: at(Some("steps")),
                            key: "axis.steps".into(),
                            value: item.to_string().trim().to_string(),
                            allowed: "1 to 10000 values".into(),
                        })
                    }
                },
                None if kind.continuous() => 0,
                None => {
                    return Err(ScenarioError::Inconsistent {
                        at: at(Some("range")),
                        key: "axis.steps".into(),
                        message: format!(
                            "a {} design needs `steps`: how many values from low to high",
                            kind.name()
                        ),
                    })
                }
            };
            // The distribution the continuous designs sample: as the file says, else the
            // registry's where the range is the registry's, else uniform. A triangle
            // peaks at `mode`, by default the base scenario's value (as `--psa` draws).
            if (t.get("distribution").is_some() || t.get("mode").is_some()) && !kind.continuous() {
                return Err(ScenarioError::Inconsistent {
                    at: at(Some(if t.get("mode").is_some() { "mode" } else { "distribution" })),
                    key: "axis.distribution".into(),
                    message: format!(
                        "a {} design takes evenly spaced values; `distribution` and `mode` are for lhs, morris and sobol designs",
                        kind.name()
                    ),
                });
            }
            let dist = match t.get("distribution") {
                None => registry_dist.unwrap_or(Dist::Uniform),
                Some(item) => match item.as_str() {
                    Some("uniform") => Dist::Uniform,
                    Some("triangular") => Dist::Triangular,
                    _ => {
                        return Err(ScenarioError::OutOfRange {
                            at: at(Some("distribution")),
                            key: "axis.distribution".into(),
                            value: item.to_string().trim().to_string(),
                            allowed: "\"uniform\" or \"triangular\"".into(),
                        })
                    }
                },
            };
            let base = match scenario.policy_values.get(spec.key) {
                Some(Value::F(x)) => *x,
                Some(Value::I(x)) => *x as f64,
                _ => (lo + hi) / 2.0,
            };
            let mode = match t.get("mode") {
                None => base,
                Some(item) => {
                    let m = item
                        .as_float()
                        .or_else(|| item.as_integer().map(|i| i as f64))
                        .filter(|m| (lo..=hi).contains(m));
                    match m {
                        Some(m) if dist == Dist::Triangular => m,
                        Some(_) => {
                            return Err(ScenarioError::Inconsistent {
                                at: at(Some("mode")),
                                key: "axis.mode".into(),
                                message: "`mode` is for `distribution = \"triangular\"`".into(),
                            })
                        }
                        None => {
                            return Err(ScenarioError::OutOfRange {
                                at: at(Some("mode")),
                                key: "axis.mode".into(),
                                value: item.to_string().trim().to_string(),
                                allowed: format!(
                                    "a number from {} to {}",
                                    fmt_float(lo),
                                    fmt_float(hi)
                                ),
                            })
                        }
                    }
                }
            };
            if dist == Dist::Triangular && !(lo..=hi).contains(&mode) {
                return Err(ScenarioError::Inconsistent {
                    at: at(Some("range")),
                    key: "axis.mode".into(),
                    message: format!(
                        "the triangle's mode (the scenario's value, {}) lies outside the range; give `mode`",
                        fmt_float(mode)
                    ),
                });
            }
            Levels::Range {
                lo,
                hi,
                steps,
                dist,
                mode: if dist == Dist::Triangular { mode } else { 0.0 },
            }
        }
    };
    Ok(Axis {
        spec,
        levels,
        at_switch,
        line,
    })
}
