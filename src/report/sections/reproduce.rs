//! Reproduce this: the program version, the input's hash, the seed, the
//! exact command (from `manifest.json`), and the resolved scenario itself, so
//! that a reader can run it again from the report alone.

use maud::html;

use super::{Ctx, Section};
use crate::report::i18n::T;

/// Options that take a value in the next argument (`--seed 3`): their value
/// is not the scenario file.
const WITH_VALUE: &[&str] = &[
    "--reps",
    "--seed",
    "--out",
    "--set",
    "--model",
    "--against",
    "--outcome",
    "--months",
    "--max-teams",
    "--trials",
    "--threads",
    "--lang",
];

/// Options that change only what the terminal shows, what else is written or
/// how fast: the report's bytes must not depend on them, so they are left out
/// of the command it shows.
const DISPLAY_ONLY: &[&str] = &["-q", "--quiet", "--no-report"];

/// The recorded command without [`DISPLAY_ONLY`] options and `--threads`.
fn without_display(command_line: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut args = command_line.iter();
    while let Some(a) = args.next() {
        if DISPLAY_ONLY.contains(&a.as_str()) || a.starts_with("--threads=") {
            continue;
        }
        if a == "--threads" {
            args.next();
            continue;
        }
        out.push(a.clone());
    }
    out
}

pub(super) fn section(cx: &Ctx<'_>) -> Option<Section> {
    let h = &cx.data.header;
    let recorded = without_display(&h.command_line);
    let command = shell_line(&recorded);
    let rerun = shell_line(&rerun_command(&recorded));
    let input = h.extras.get("input").map_or("?", String::as_str);
    let body = html! {
        p { (cx.t(T::ReproduceIntro)) }
        dl.facts {
            dt { (cx.t(T::ProgramVersion)) } dd { "wijksim " (h.program_version) }
            dt { (cx.t(T::Command)) } dd { code { (command) } }
            dt { (cx.t(T::Input)) } dd { code { (input) } }
            dt { (cx.t(T::InputHash)) } dd { code.hash { (h.input_sha256) } }
            dt { (cx.t(T::Seed)) } dd { (h.seed) }
        }
        p { (cx.t(T::RerunFromReport)) }
        pre.command { code { (rerun) } }
        @if cx.data.psa.is_some() {
            p.note { (cx.t(T::UncertaintyNote)) }
        }
        h3 { (cx.t(T::ResolvedHeading)) }
        pre.toml { (cx.data.scenario.resolved_toml) }
    };
    Some(Section {
        id: "reproduce",
        title: cx.t(T::SecReproduce).to_string(),
        body,
    })
}

/// The recorded command with the resolved scenario in place of the input
/// (the embedded default has no file argument, so it is added): the same
/// options, the same values, the same files again.
fn rerun_command(command_line: &[String]) -> Vec<String> {
    let mut out: Vec<String> = command_line.iter().take(2).cloned().collect();
    out.push("scenario.resolved.toml".to_string());
    let mut args = command_line.iter().skip(2);
    while let Some(a) = args.next() {
        if WITH_VALUE.contains(&a.as_str()) {
            let value = args.next();
            if a != "--out" {
                out.push(a.clone());
                out.extend(value.cloned());
            }
        } else if a.starts_with("--out=") {
            continue;
        } else if a.starts_with('-') {
            out.push(a.clone());
        }
        // Anything else is the scenario file, replaced by the resolved one.
    }
    out
}

/// Arguments joined as a POSIX shell would read them back.
fn shell_line(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            let plain = !a.is_empty()
                && a.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_./=:,+-@%".contains(&b));
            if plain {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn rerun_replaces_the_scenario_and_drops_out() {
        let cl = v(&[
            "wijksim",
            "compare",
            "scenarios/workshop.toml",
            "--psa",
            "--set",
            "team.caseload_cap=40",
            "--out",
            "x",
            "--seed=3",
        ]);
        assert_eq!(
            rerun_command(&cl),
            v(&[
                "wijksim",
                "compare",
                "scenario.resolved.toml",
                "--psa",
                "--set",
                "team.caseload_cap=40",
                "--seed=3",
            ])
        );
        assert_eq!(
            rerun_command(&without_display(&v(&[
                "wijksim",
                "compare",
                "--quiet",
                "--no-report",
                "-q",
                "--threads",
                "2",
                "--psa"
            ]))),
            v(&["wijksim", "compare", "scenario.resolved.toml", "--psa"])
        );
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(
            shell_line(&v(&["a", "policy.pilot_teams=[1,2]", "it's"])),
            r"a 'policy.pilot_teams=[1,2]' 'it'\''s'"
        );
    }
}
