//! Errors in a scenario: each names the file, the line where it can, the key, and what
//! is allowed, so that a user can fix the file without reading the code.

use std::fmt;

/// Where a problem was found: a file (with line), or a `--set` override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// File path as given, `<embedded default>` or `--set`.
    pub origin: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}", self.origin, l),
            None => write!(f, "{}", self.origin),
        }
    }
}

/// Everything that can be wrong with a scenario. All are input errors (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The scenario file could not be read: not a regular file, too large, not UTF-8,
    /// or an I/O error (the message names the path and, for bad UTF-8, the line).
    #[error("{0}")]
    Read(crate::output::InputError),
    /// The file is not valid TOML.
    #[error("{at}: TOML syntax error: {message}")]
    Syntax {
        /// Where.
        at: Location,
        /// The parser's message.
        message: String,
    },
    /// A key that no parameter has.
    #[error("{at}: unknown key `{key}`{}", hint(.suggestion))]
    UnknownKey {
        /// Where.
        at: Location,
        /// The key as written.
        key: String,
        /// Closest known key.
        suggestion: Option<&'static str>,
    },
    /// A value of the wrong type.
    #[error("{at}: key `{key}`: expected {expected}, found {found}")]
    WrongType {
        /// Where.
        at: Location,
        /// The key.
        key: String,
        /// What is allowed.
        expected: String,
        /// What was written.
        found: String,
    },
    /// A value outside its allowed range.
    #[error("{at}: key `{key}`: {value} is out of range; allowed {allowed}")]
    OutOfRange {
        /// Where.
        at: Location,
        /// The key.
        key: String,
        /// The value as written.
        value: String,
        /// The allowed range, with unit.
        allowed: String,
    },
    /// Values that are each fine but do not fit together.
    #[error("{at}: key `{key}`: {message}")]
    Inconsistent {
        /// Where.
        at: Location,
        /// The key at fault.
        key: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// Command-line options that do not fit together.
    #[error("{0}")]
    Arguments(String),
    /// A malformed `--set` argument.
    #[error("--set `{arg}`: {message}")]
    BadOverride {
        /// The argument as given.
        arg: String,
        /// What is wrong.
        message: String,
    },
}

impl From<crate::output::InputError> for ScenarioError {
    fn from(e: crate::output::InputError) -> Self {
        // Not a `source`: the message already says everything, once.
        ScenarioError::Read(e)
    }
}

fn hint(s: &Option<&'static str>) -> String {
    match s {
        Some(k) => format!(" (did you mean `{k}`?)"),
        None => " (run `wijksim params` for the list of keys)".to_string(),
    }
}
