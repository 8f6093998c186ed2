//! The documentation against the program: the README fits two printed pages and keeps
//! its two set-up commands and picture; every link between the documents points at a
//! file that exists; the outputs reference lists the outcomes of `summary.csv` in the
//! program's order.

use std::fs;
use std::path::PathBuf;
use wijksim::outcomes::OUTCOMES;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_readme_fits_two_printed_pages_with_its_two_commands_and_picture() {
    let readme = read("README.md");
    // Two A4 pages at about 55 lines of 90 characters, tables and code included.
    let lines = readme.lines().count();
    let wrapped: usize = readme.lines().map(|l| 1 + l.len() / 90).sum();
    assert!(
        wrapped <= 110,
        "README is {lines} lines ({wrapped} printed): more than two pages"
    );
    for command in ["cargo run --release -- compare\n", "cargo test --release\n"] {
        assert!(
            readme.contains(&format!("```sh\n{command}```")),
            "README lacks the set-up command {command:?}"
        );
    }
    assert!(readme.contains("](docs/img/report.png)"));
}

#[test]
fn links_between_the_documents_point_at_files_that_exist() {
    for doc in [
        "README.md",
        "docs/GUIDE.md",
        "docs/OUTPUTS.md",
        "docs/CONTRIBUTING.md",
        "docs/SOURCES.md",
        "docs/ODD.md",
    ] {
        let text = read(doc);
        let dir = root().join(doc).parent().unwrap().to_path_buf();
        for (i, _) in text.match_indices("](") {
            let target = text[i + 2..].split(')').next().unwrap();
            let file = target.split('#').next().unwrap();
            if file.is_empty() || file.starts_with("http") {
                continue;
            }
            assert!(dir.join(file).exists(), "{doc}: link to {target} is broken");
        }
    }
}

#[test]
fn the_outputs_reference_lists_every_outcome_in_order() {
    let text = read("docs/OUTPUTS.md");
    let start = text
        .find("## summary.csv")
        .expect("OUTPUTS.md has a summary.csv section");
    let section = &text[start..];
    let end = section[3..].find("\n## ").map_or(section.len(), |e| e + 3);
    let mut names = Vec::new();
    for line in section[..end].lines() {
        let Some(first) = line.strip_prefix("| ").and_then(|l| l.split(" |").next()) else {
            continue;
        };
        if first == "column" || first.starts_with("---") {
            continue;
        }
        for name in first.split(", ") {
            names.push(name.trim_matches('`').to_string());
        }
    }
    assert_eq!(
        names,
        OUTCOMES.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        "the summary.csv table of docs/OUTPUTS.md differs from OUTCOMES (src/outcomes.rs)"
    );
}
