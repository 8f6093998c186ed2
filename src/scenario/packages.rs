//! Packages: what a municipality would pilot is a linkage model *together with* what
//! comes with it (docs/ODD.md section 8, "packages, not labels"): a capacity rule for
//! debt help, training, discretion, any policy lever. A scenario lists them in
//! `[[package]]` tables:
//!
//! ```toml
//! [[package]]
//! name = "partial_demand"            # names it in every output
//! model = "partial"
//! description = "partial, with a credit bank that grows with demand"
//! [package.set]                      # policy values from the switch week
//! "debt_help.capacity_rule" = "follows_demand"
//! ```
//!
//! Without tables the packages are the three plain models, so existing scenario files
//! mean what they meant. A package named after a model is that model with nothing
//! added (so `broad`, `partial`, `separate` always mean the plain models), and the
//! plain package of `run.reference_model` must be there: every package is compared
//! with it.

use super::{
    describe, line_of, no_control_characters, parse_switch, Location, ScenarioError, SwitchValues,
    Value,
};
use crate::model::LinkageModel;

/// Most packages one scenario can compare.
pub const MAX_PACKAGES: usize = 12;

/// One package: a linkage model and the policy values that come with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// Name in outputs: lower-case letters, digits and `_`, starting with a letter.
    pub name: String,
    /// The linkage model the switching teams adopt.
    pub model: LinkageModel,
    /// Plain words for reports (may be empty).
    pub description: String,
    /// Policy values acting from the switch week, as a `[switch]` table's.
    pub set: Vec<(&'static str, Value)>,
}

impl Package {
    /// The plain package of `model`: the model with nothing added.
    pub fn plain(model: LinkageModel) -> Self {
        Package {
            name: model.name().to_string(),
            model,
            description: String::new(),
            set: Vec::new(),
        }
    }

    /// Whether this is a model with nothing added.
    pub fn is_plain(&self) -> bool {
        self.set.is_empty()
    }

    /// The values of [`Package::set`] as [`super::Scenario::with_values`] takes them.
    pub fn values(&self) -> Vec<(&str, Value, bool)> {
        self.set
            .iter()
            .map(|(k, v)| (*k, v.clone(), true))
            .collect()
    }
}

/// The three plain models, the packages of a scenario that lists none.
pub fn plain_packages() -> Vec<Package> {
    LinkageModel::ALL.into_iter().map(Package::plain).collect()
}

/// Whether `name` is a valid package name.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && name.len() <= 40
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Parse the `[[package]]` tables (`item`), in file order.
pub(super) fn parse_packages(
    item: &toml_edit::Item,
    text: &str,
    origin: &str,
) -> Result<Vec<Package>, ScenarioError> {
    let at = |span: Option<std::ops::Range<usize>>| Location {
        origin: origin.to_string(),
        line: span.map(|s| line_of(text, s.start)),
    };
    let Some(tables) = super::tables_of(item) else {
        return Err(ScenarioError::WrongType {
            at: at(item.span()),
            key: "package".into(),
            expected: "tables written [[package]], each with name and model".into(),
            found: item.type_name().into(),
        });
    };
    if tables.len() > MAX_PACKAGES {
        return Err(ScenarioError::OutOfRange {
            at: at(item.span()),
            key: "package".into(),
            value: format!("{} tables", tables.len()),
            allowed: format!("1 to {MAX_PACKAGES} packages"),
        });
    }
    let mut out: Vec<Package> = Vec::with_capacity(tables.len());
    for t in tables.iter() {
        let here = at(t.span());
        let (mut name, mut model, mut description) = (None, None, String::new());
        let mut set: SwitchValues = Vec::new();
        for (k, v) in t.iter() {
            let key = format!("package.{k}");
            let at_key = at(t.key(k).and_then(|kk| kk.span()).or_else(|| v.span()));
            if k == "set" {
                let Some(table) = v.as_table_like() else {
                    return Err(ScenarioError::WrongType {
                        at: at_key,
                        key,
                        expected: "a table of policy values from the switch week, e.g. [package.set] then \"debt_help.capacity_rule\" = \"follows_demand\"".into(),
                        found: v.type_name().into(),
                    });
                };
                parse_switch(table, "", text, origin, &mut set).map_err(in_package)?;
                continue;
            }
            let text_value = |what: &str| -> Result<String, ScenarioError> {
                match v.as_value().and_then(|x| x.as_str()) {
                    Some(s) => Ok(s.to_string()),
                    None => Err(ScenarioError::WrongType {
                        at: at_key.clone(),
                        key: key.clone(),
                        expected: what.into(),
                        found: v.as_value().map_or_else(|| v.type_name().into(), describe),
                    }),
                }
            };
            match k {
                "name" => {
                    let s = text_value("a quoted name such as \"partial_demand\"")?;
                    if !valid_name(&s) {
                        return Err(ScenarioError::OutOfRange {
                            at: at_key,
                            key,
                            value: format!("{s:?}"),
                            allowed:
                                "1 to 40 lower-case letters, digits and _, starting with a letter"
                                    .into(),
                        });
                    }
                    name = Some(s);
                }
                "model" => {
                    let s = text_value("\"broad\", \"partial\" or \"separate\"")?;
                    model = Some(LinkageModel::from_name(&s).ok_or_else(|| {
                        ScenarioError::OutOfRange {
                            at: at_key.clone(),
                            key: key.clone(),
                            value: format!("{s:?}"),
                            allowed: "one of \"broad\", \"partial\", \"separate\"".into(),
                        }
                    })?);
                }
                "description" => {
                    let s = text_value("a quoted description")?;
                    no_control_characters(&s).map_err(|what| ScenarioError::OutOfRange {
                        at: at_key.clone(),
                        key: key.clone(),
                        value: what,
                        allowed: "one line of text without control characters".into(),
                    })?;
                    if s.chars().count() > 200 {
                        return Err(ScenarioError::OutOfRange {
                            at: at_key,
                            key,
                            value: format!("{} characters", s.chars().count()),
                            allowed: "at most 200 characters".into(),
                        });
                    }
                    description = s;
                }
                _ => {
                    return Err(ScenarioError::UnknownKey {
                        at: at_key,
                        key,
                        suggestion: [
                            "package.name",
                            "package.model",
                            "package.description",
                            "package.set",
                        ]
                        .into_iter()
                        .find(|c| {
                            k.len() <= super::error::SUGGEST_MAX_CHARS
                                && strsim::levenshtein(&c["package.".len()..], k) <= 2
                        }),
                    })
                }
            }
        }
        let (Some(name), Some(model)) = (name, model) else {
            return Err(ScenarioError::Inconsistent {
                at: here,
                key: "package".into(),
                message: "each [[package]] needs a name and a model".into(),
            });
        };
        if out.iter().any(|p| p.name == name) {
            return Err(ScenarioError::Inconsistent {
                at: here,
                key: "package.name".into(),
                message: format!("two packages are named {name:?}"),
            });
        }
        if let Some(m) = LinkageModel::from_name(&name) {
            if m != model || !set.is_empty() {
                return Err(ScenarioError::Inconsistent {
                    at: here,
                    key: "package.name".into(),
                    message: format!(
                        "a package named {name:?} is the plain model {name}: model = {name:?} and no [package.set]; \
                         give a package with something added a name of its own, such as \"{name}_demand\""
                    ),
                });
            }
        }
        out.push(Package {
            name,
            model,
            description,
            set: set.into_iter().map(|(spec, v, _)| (spec.key, v)).collect(),
        });
    }
    Ok(out)
}

/// Errors of a `[package.set]` table name the key as written there.
fn in_package(e: ScenarioError) -> ScenarioError {
    match e {
        ScenarioError::UnknownKey {
            at,
            key,
            suggestion,
        } => ScenarioError::UnknownKey {
            at,
            key: key.replacen("switch.", "package.set.", 1),
            suggestion,
        },
        ScenarioError::Inconsistent { at, key, message } => ScenarioError::Inconsistent {
            at,
            key: key.replacen("switch.", "package.set.", 1),
            message: message.replace("in [switch]", "in [package.set]"),
        },
        ScenarioError::WrongType {
            at,
            key,
            expected,
            found,
        } => ScenarioError::WrongType {
            at,
            key: key.replacen("switch.", "package.set.", 1),
            expected,
            found,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(valid_name("partial_demand"));
        assert!(valid_name("a1"));
        assert!(!valid_name("1a"));
        assert!(!valid_name("Partial"));
        assert!(!valid_name("partial-demand"));
        assert!(!valid_name(""));
        assert!(!valid_name(&"a".repeat(41)));
    }
}
