//! Safe names: turning free-text scenario labels into a single path
//! component, and checking the names of the files an output set holds.
//!
//! Scenario names come from user input files, so they may contain anything,
//! including `../`, separators and control characters. The output folder of a
//! scenario is derived from its name, so the derivation must never produce a
//! path that escapes the parent folder or that the shell and other tools
//! treat specially (hidden files, `.`/`..`).

use thiserror::Error;

/// Name of the manifest file in an output folder (reserved: no output file may
/// take it).
pub const MANIFEST_FILE: &str = "manifest.json";

/// Marker file that makes a staging folder "committed": its set is complete
/// and must be rolled forward, never discarded (reserved as well).
pub(crate) const COMMIT_MARKER: &str = "COMMIT";

/// Longest name, in bytes, that [`folder_name`] returns.
pub const MAX_FOLDER_NAME_BYTES: usize = 64;

/// Name that [`folder_name`] returns when nothing usable is left of a label.
pub const FALLBACK_FOLDER_NAME: &str = "scenario";

/// Longest output file name, in bytes, that an output set accepts (the usual
/// file system limit for one path component).
pub(crate) const MAX_FILE_NAME_BYTES: usize = 255;

/// Turns a free-text scenario label into a name that is safe to use as one
/// path component (for example the name of a scenario's output folder).
///
/// The transformation, in order:
/// 1. ASCII letters, digits, `-`, `_` and `.` are kept; every other character
///    (separators `/` and `\`, whitespace, control characters including NUL,
///    punctuation, and every non-ASCII character) becomes `_`;
/// 2. runs of `_` collapse to one `_`;
/// 3. leading `.` and `_` are removed (no hidden names, no `.`/`..`);
/// 4. the result is cut to [`MAX_FOLDER_NAME_BYTES`] bytes;
/// 5. if nothing is left, [`FALLBACK_FOLDER_NAME`] is returned.
///
/// The result is never empty, never `.` or `..`, never starts with a dot and
/// contains no separator, so `parent.join(folder_name(label))` always stays
/// directly inside `parent`. Different labels can map to the same name (for
/// example `"a b"` and `"a/b"`); callers that need distinct folders must check
/// for such collisions themselves.
pub fn folder_name(label: &str) -> String {
    let mut out = String::with_capacity(label.len().min(MAX_FOLDER_NAME_BYTES));
    for c in label.chars() {
        let mapped = if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
            c
        } else {
            '_'
        };
        // Leading dots and underscores are dropped as they arrive, which is the
        // same as stripping them after mapping and collapsing.
        if out.is_empty() && (mapped == '.' || mapped == '_') {
            continue;
        }
        if mapped == '_' && out.ends_with('_') {
            continue;
        }
        out.push(mapped);
        // Everything pushed is ASCII, so byte length equals character count
        // and stopping here can never split a character.
        if out.len() >= MAX_FOLDER_NAME_BYTES {
            break;
        }
    }
    // Unreachable for "." and ".." because leading dots are stripped, but the
    // promise is cheap to enforce directly rather than by argument.
    if out.is_empty() || out == "." || out == ".." {
        return FALLBACK_FOLDER_NAME.to_owned();
    }
    out
}

/// Why a scenario name was refused by [`validate_name`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum NameError {
    /// The name contains a control character (NUL, newline, tab, escape,
    /// DEL, C1 controls, ...).
    #[error(
        "scenario name {name:?} contains the control character U+{code:04X} at character {position} \
         (byte offset {byte_offset}); remove it: names may contain any text except control \
         characters such as NUL, tab and newline"
    )]
    ControlCharacter {
        /// The refused name, shown escaped in the message.
        name: String,
        /// 1-based position of the offending character, counted in characters.
        position: usize,
        /// 0-based byte offset of the offending character in the UTF-8 name.
        byte_offset: usize,
        /// Unicode scalar value of the offending character.
        code: u32,
    },
}

/// Checks a scenario name as written in an input file: any text is allowed
/// except control characters (NUL, newline, tab, DEL, C1 controls, ...),
/// which would corrupt CSV rows, log lines and terminal output.
///
/// This does not make the name safe as a path; use [`folder_name`] for that.
pub fn validate_name(label: &str) -> Result<(), NameError> {
    for (index, (byte_offset, c)) in label.char_indices().enumerate() {
        if c.is_control() {
            return Err(NameError::ControlCharacter {
                name: label.to_owned(),
                position: index + 1,
                byte_offset,
                code: u32::from(c),
            });
        }
    }
    Ok(())
}

/// Checks the name of a file inside an output set; returns why it is refused.
///
/// Names must be one plain path component that cannot collide with the
/// protocol's own entries: those all start with a dot (lock file, staging
/// folders) or are reserved here (`manifest.json`, and `COMMIT`, the marker
/// that sits next to the staged files).
pub(crate) fn check_file_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("it is empty");
    }
    if name.len() > MAX_FILE_NAME_BYTES {
        return Err("it is longer than 255 bytes");
    }
    if name.contains('/') || name.contains('\\') {
        return Err(
            "it contains a path separator; output files must sit directly in the output folder",
        );
    }
    if name.starts_with('.') {
        return Err("it starts with a dot; hidden names (and `.`/`..`) are reserved");
    }
    if name.chars().any(char::is_control) {
        return Err("it contains a control character");
    }
    if name == MANIFEST_FILE {
        return Err("`manifest.json` is written by the output writer itself");
    }
    if name == COMMIT_MARKER {
        return Err("`COMMIT` is reserved for the writer's commit marker");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_one_component(label: &str) {
        let name = folder_name(label);
        assert!(!name.is_empty(), "{label:?} -> empty");
        assert_ne!(name, ".", "{label:?}");
        assert_ne!(name, "..", "{label:?}");
        assert!(!name.starts_with('.'), "{label:?} -> {name:?} is hidden");
        assert!(
            !name.contains('/') && !name.contains('\\'),
            "{label:?} -> {name:?}"
        );
        assert!(!name.contains('\0'), "{label:?} -> {name:?}");
        assert!(name.len() <= MAX_FOLDER_NAME_BYTES, "{label:?} -> {name:?}");
        assert!(name.is_ascii(), "{label:?} -> {name:?}");
        assert!(!name.contains("__"), "{label:?} -> {name:?} not collapsed");
        let mut comps = std::path::Path::new(&name).components();
        assert!(
            matches!(comps.next(), Some(std::path::Component::Normal(_))),
            "{label:?} -> {name:?}"
        );
        assert!(
            comps.next().is_none(),
            "{label:?} -> {name:?} has several components"
        );
        // Applying it twice changes nothing: the output is already canonical.
        assert_eq!(folder_name(&name), name, "{label:?} not idempotent");
    }

    #[test]
    fn traversal_and_odd_labels_become_one_component() {
        let long = "x".repeat(300);
        let long_unicode = "é".repeat(300);
        let labels = [
            "../../x",
            "/etc/passwd",
            "..",
            ".",
            "",
            "a/../../b",
            "C:\\x",
            "a\0b",
            "\0",
            "line\nbreak",
            "\r\n\t",
            long.as_str(),
            long_unicode.as_str(),
            "Zürich – wijk 3",
            "日本語",
            ".hidden",
            "...",
            "._.x",
            "___",
            " spaced out ",
            "..\\..\\windows",
            "a//b",
            "\u{202e}rtl",
        ];
        for label in labels {
            assert_one_component(label);
        }
    }

    #[test]
    fn documented_examples() {
        assert_eq!(folder_name("../../x"), "x");
        assert_eq!(folder_name("/etc/passwd"), "etc_passwd");
        assert_eq!(folder_name(".."), "scenario");
        assert_eq!(folder_name("."), "scenario");
        assert_eq!(folder_name(""), "scenario");
        assert_eq!(folder_name("a/../../b"), "a_.._.._b");
        assert_eq!(folder_name("C:\\x"), "C_x");
        assert_eq!(folder_name("a\0b"), "a_b");
        assert_eq!(folder_name("Zürich wijk"), "Z_rich_wijk");
        assert_eq!(folder_name("base-case_2.v1"), "base-case_2.v1");
        assert_eq!(folder_name("a___b"), "a_b");
        assert_eq!(folder_name(&"y".repeat(300)), "y".repeat(64));
        assert_eq!(folder_name("日本語"), "scenario");
    }

    #[test]
    fn validate_name_refuses_control_characters_with_position() {
        assert!(validate_name("Zürich – wijk 3 / ../x").is_ok());
        assert!(validate_name("").is_ok());
        let err = validate_name("ab\ncd").err();
        assert_eq!(
            err,
            Some(NameError::ControlCharacter {
                name: "ab\ncd".into(),
                position: 3,
                byte_offset: 2,
                code: 0x0a
            })
        );
        let msg = validate_name("é\0")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.contains("U+0000"), "{msg}");
        assert!(msg.contains("character 2"), "{msg}");
        assert!(msg.contains("byte offset 2"), "{msg}");
        assert!(validate_name("tab\there").is_err());
        assert!(validate_name("del\u{7f}").is_err());
        assert!(validate_name("c1\u{85}").is_err());
    }

    #[test]
    fn file_names_are_checked() {
        for ok in ["results.csv", "a", "report.html", "x..y", "COMMIT.txt"] {
            assert!(check_file_name(ok).is_ok(), "{ok}");
        }
        let long = "x".repeat(256);
        for bad in [
            "",
            ".",
            "..",
            ".hidden",
            "a/b",
            "../x",
            "a\\b",
            "a\0b",
            "manifest.json",
            "COMMIT",
            long.as_str(),
        ] {
            assert!(check_file_name(bad).is_err(), "{bad:?}");
        }
    }
}
