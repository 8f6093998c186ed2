//! The enumerated flag values (`--model`, `--against`, `--outcome`, `--lang`) as clap
//! [`ValueEnum`]s, so clap parses them into the library's types and lists the allowed
//! values when one is wrong. The names come from the library (`LinkageModel::name`,
//! `PilotOutcome::NAMES`, `Lang::code`), so a flag accepts exactly what scenario files
//! and outputs call the same thing; the library itself stays free of clap.

use clap::builder::PossibleValue;
use clap::ValueEnum;
use std::sync::LazyLock;
use wijksim::format::Lang;
use wijksim::model::LinkageModel;
use wijksim::pilot::PilotOutcome;

/// A library value under the name the command line knows it by.
#[derive(Debug, Clone, Copy)]
pub struct Choice<T: 'static> {
    name: &'static str,
    value: T,
}

impl<T: Copy> Choice<T> {
    /// The parsed value.
    pub fn get(self) -> T {
        self.value
    }

    /// The name as typed.
    pub fn name(self) -> &'static str {
        self.name
    }
}

/// A library type whose values a flag may take, in the order help lists them.
pub trait Choices: Sized + Copy + Send + Sync + 'static {
    /// Every value with its name.
    fn choices() -> &'static [Choice<Self>];
}

impl<T: Choices> ValueEnum for Choice<T> {
    fn value_variants<'a>() -> &'a [Self] {
        T::choices()
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name))
    }
}

impl Choices for LinkageModel {
    fn choices() -> &'static [Choice<Self>] {
        static ALL: LazyLock<Vec<Choice<LinkageModel>>> = LazyLock::new(|| {
            LinkageModel::ALL
                .iter()
                .map(|&m| Choice {
                    name: m.name(),
                    value: m,
                })
                .collect()
        });
        &ALL
    }
}

impl Choices for PilotOutcome {
    fn choices() -> &'static [Choice<Self>] {
        // `NAMES` is the list the library accepts; `from_name` parses each of them (a
        // unit test below holds the two together).
        static ALL: LazyLock<Vec<Choice<PilotOutcome>>> = LazyLock::new(|| {
            PilotOutcome::NAMES
                .iter()
                .filter_map(|&name| {
                    PilotOutcome::from_name(name).map(|value| Choice { name, value })
                })
                .collect()
        });
        &ALL
    }
}

impl Choices for Lang {
    fn choices() -> &'static [Choice<Self>] {
        static ALL: LazyLock<Vec<Choice<Lang>>> = LazyLock::new(|| {
            [Lang::En, Lang::Nl]
                .into_iter()
                .map(|l| Choice {
                    name: l.code(),
                    value: l,
                })
                .collect()
        });
        &ALL
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_to_its_value_and_back() {
        assert_eq!(PilotOutcome::choices().len(), PilotOutcome::NAMES.len());
        for c in PilotOutcome::choices() {
            assert_eq!(PilotOutcome::from_name(c.name()), Some(c.get()));
        }
        assert_eq!(LinkageModel::choices().len(), LinkageModel::ALL.len());
        for c in LinkageModel::choices() {
            assert_eq!(LinkageModel::from_name(c.name()), Some(c.get()));
        }
        for c in Lang::choices() {
            assert_eq!(Lang::from_code(c.name()), Some(c.get()));
        }
        let parsed = Choice::<LinkageModel>::from_str("partial", false).unwrap();
        assert_eq!(parsed.get(), LinkageModel::Partial);
        assert!(Choice::<Lang>::from_str("fr", false).is_err());
    }
}
