//! The parameter table of `docs/ODD.md` must list exactly the parameters of the registry
//! (`wijksim::scenario::PARAMS`): one row per key, in registry order, none missing and
//! none extra, so that the model description cannot drift from the loader.

use std::collections::{HashMap, HashSet};
use wijksim::scenario::PARAMS;

const HEADING: &str = "## Parameter table";
const HEADER: &str = "| key | unit | default | range | acts | plausible (--psa) | source |";

fn odd() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ODD.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Number of table cells in a Markdown row: `|` separators not escaped as `\|`.
fn cells(row: &str) -> usize {
    let bytes = row.as_bytes();
    let bars = (0..bytes.len())
        .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
        .count();
    bars.saturating_sub(1)
}

/// The keys of the parameter table's rows, in document order, with their line numbers.
/// Panics on anything in the table that is neither the header, the separator nor a row
/// of the form "| `<key>` | ... |" with six cells.
fn table_keys(text: &str) -> Vec<(usize, String)> {
    let mut lines = text.lines().enumerate();
    let start = lines
        .by_ref()
        .find(|(_, l)| l.trim_end() == HEADING)
        .unwrap_or_else(|| panic!("docs/ODD.md has no heading `{HEADING}`"))
        .0;
    let mut keys = Vec::new();
    let mut header = false;
    for (i, line) in lines {
        let n = i + 1;
        if line.starts_with("## ") || line.starts_with("# ") {
            break;
        }
        if !line.starts_with('|') {
            continue;
        }
        let line = line.trim_end();
        if line == HEADER {
            assert!(!header, "line {n}: second table header");
            header = true;
            continue;
        }
        if line.chars().all(|c| matches!(c, '|' | '-' | ' ' | ':')) {
            continue;
        }
        let key = line
            .strip_prefix("| `")
            .and_then(|rest| rest.split_once("` |"))
            .map(|(key, _)| key)
            .unwrap_or_else(|| {
                panic!("line {n}: a table row must start with \"| `<key>` |\": {line}")
            });
        assert_eq!(
            cells(line),
            7,
            "line {n}: row for `{key}` must have 7 cells (key, unit, default, range, acts, plausible, source)"
        );
        keys.push((n, key.to_string()));
    }
    assert!(
        header,
        "no `{HEADER}` header after `{HEADING}` (from line {})",
        start + 1
    );
    keys
}

#[test]
fn every_registry_key_has_a_row() {
    let rows: HashSet<String> = table_keys(&odd()).into_iter().map(|(_, k)| k).collect();
    let missing: Vec<&str> = PARAMS
        .iter()
        .map(|p| p.key)
        .filter(|k| !rows.contains(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/ODD.md parameter table lacks rows for: {missing:?}"
    );
}

#[test]
fn no_row_without_a_registry_key() {
    let known: HashSet<&str> = PARAMS.iter().map(|p| p.key).collect();
    let extra: Vec<String> = table_keys(&odd())
        .into_iter()
        .filter(|(_, k)| !known.contains(k.as_str()))
        .map(|(n, k)| format!("line {n}: `{k}`"))
        .collect();
    assert!(
        extra.is_empty(),
        "docs/ODD.md parameter table has rows for keys not in the registry: {extra:?}"
    );
}

#[test]
fn one_row_per_key_in_registry_order() {
    let rows = table_keys(&odd());
    let mut seen = HashMap::new();
    for (n, k) in &rows {
        if let Some(first) = seen.insert(k.as_str(), *n) {
            panic!("`{k}` has two rows, lines {first} and {n}");
        }
    }
    let position: HashMap<&str, usize> =
        PARAMS.iter().enumerate().map(|(i, p)| (p.key, i)).collect();
    let in_registry: Vec<&(usize, String)> = rows
        .iter()
        .filter(|(_, k)| position.contains_key(k.as_str()))
        .collect();
    for pair in in_registry.windows(2) {
        let ((_, a), (n, b)) = (pair[0], pair[1]);
        assert!(
            position[a.as_str()] < position[b.as_str()],
            "line {n}: `{b}` comes after `{a}` in the table but before it in the registry"
        );
    }
}

#[test]
fn the_table_is_what_wijksim_params_prints() {
    // The whole table, every cell: `wijksim params --markdown` prints it from the
    // registry, so a changed unit, default, range or source shows here too.
    let out = assert_cmd::Command::cargo_bin("wijksim")
        .unwrap()
        .args(["params", "--markdown"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        odd().contains(&table),
        "docs/ODD.md's parameter table differs from `wijksim params --markdown`; paste its output"
    );
}
