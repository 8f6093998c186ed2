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
            Some(l) => write!(f, "{}:{}", escape_controls(&self.origin), l),
            None => write!(f, "{}", escape_controls(&self.origin)),
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
    #[error("{at}: unknown key `{}`{}", echo(.key), hint(.suggestion))]
    UnknownKey {
        /// Where.
        at: Location,
        /// The key as written.
        key: String,
        /// Closest known key.
        suggestion: Option<&'static str>,
    },
    /// A value of the wrong type.
    #[error("{at}: key `{}`: expected {expected}, found {}", echo(.key), echo(.found))]
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
    #[error("{at}: key `{}`: {} is out of range; allowed {allowed}", echo(.key), echo(.value))]
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
    #[error("{at}: key `{}`: {}", echo(.key), escape_controls(.message))]
    Inconsistent {
        /// Where.
        at: Location,
        /// The key at fault.
        key: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A malformed `--set` argument.
    #[error("--set `{}`: {}", echo(.arg), escape_controls(.message))]
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

/// Longest input echoed whole in a message, in characters; longer input is shown by its
/// first [`ECHO_HEAD_CHARS`] characters and its length.
pub const ECHO_MAX_CHARS: usize = 80;

/// Characters shown of an input longer than [`ECHO_MAX_CHARS`].
pub const ECHO_HEAD_CHARS: usize = 40;

/// Longest key or name compared for "did you mean": every known key is far shorter, and
/// the edit distance of a longer one costs its length times each candidate's (a
/// 1M-character key once took 32 s).
pub const SUGGEST_MAX_CHARS: usize = 100;

/// A piece of input as a message may show it: control characters (and the
/// bidirectional overrides, which reorder what a terminal shows) escaped as `\u{1b}`,
/// so a raw `ESC[2J` in a key cannot clear the user's terminal, and capped at
/// [`ECHO_MAX_CHARS`] characters (first characters, then the length).
pub fn echo(s: &str) -> String {
    let n = s.chars().count();
    if n <= ECHO_MAX_CHARS {
        return escape_controls(s);
    }
    let head: String = s.chars().take(ECHO_HEAD_CHARS).collect();
    format!("{}… ({n} characters)", escape_controls(&head))
}

/// `s` with control characters other than a newline, and bidirectional overrides,
/// escaped as `\u{..}`; unchanged (no copy of note) otherwise.
pub fn escape_controls(s: &str) -> String {
    let hostile = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(hostile) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hostile(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Jaro-Winkler similarity of `input` to a known name `candidate`, 0 when the input is
/// longer than [`SUGGEST_MAX_CHARS`] bytes: bounded time for any input.
pub fn similarity(input: &str, candidate: &str) -> f64 {
    if input.len() > SUGGEST_MAX_CHARS {
        0.0
    } else {
        strsim::jaro_winkler(input, candidate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_input_is_escaped_and_capped() {
        assert_eq!(echo("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(echo("plain"), "plain");
        let long = "x".repeat(1_000_000);
        let e = echo(&long);
        assert!(e.len() < 100, "{e}");
        assert!(e.ends_with("(1000000 characters)"), "{e}");
        assert_eq!(similarity(&long, "households"), 0.0);
        assert!(similarity("househods", "households") > 0.9);
    }
}
