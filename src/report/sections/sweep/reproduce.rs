//! Reproduce this: the version, the sweep file's name and SHA-256, the base
//! scenario's hash, the seed, and the sweep and its base scenario as two
//! files that run it again from the page alone. Everything comes from
//! `sweep.resolved.toml`, never from the manifest's command line, which
//! differs between a sweep run whole and one merged from shards.

use maud::html;

use super::SweepCtx;
use crate::report::i18n::T;
use crate::report::sections::Section;

/// The names the page gives the two files.
const SWEEP_FILE: &str = "sweep.toml";
const SCENARIO_FILE: &str = "scenario.toml";

pub(super) fn section(cx: &SweepCtx<'_>) -> Option<Section> {
    let d = cx.data;
    let a = &d.about;
    let body = html! {
        p { (cx.t(T::ReproduceIntro)) }
        dl.facts {
            dt { (cx.t(T::ProgramVersion)) } dd { "wijksim " (a.version) }
            dt { (cx.t(T::SweepFile)) } dd { code { (a.sweep_file) } }
            dt { (cx.t(T::SweepFileHash)) } dd { code.hash { (a.sweep_sha256) } }
            dt { (cx.t(T::BaseScenarioHash)) } dd { code.hash { (a.base_sha256) } }
            dt { (cx.t(T::Seed)) } dd { (d.settings.seed) }
            @if !a.design_sha256.is_empty() {
                dt { (cx.t(T::DesignHash)) } dd { code.hash { (a.design_sha256) } }
            }
        }
        p { (cx.t(T::SweepRerun)) }
        pre.command { code { "wijksim sweep " (shell_word(&a.sweep_file)) } }
        p { (cx.f(T::SweepRerunFromReport, &[("sweep", SWEEP_FILE), ("scenario", SCENARIO_FILE)])) }
        pre.command { code { "wijksim sweep " (SWEEP_FILE) } }
        p.note { (cx.t(T::SweepRerunNote)) }
        h3 { code { (SWEEP_FILE) } }
        pre.toml { (sweep_file(&d.settings_toml)) }
        h3 { code { (SCENARIO_FILE) } }
        pre.toml { (d.base_toml) }
    };
    Some(Section {
        id: "reproduce",
        title: cx.t(T::SecReproduce).to_string(),
        body,
    })
}

/// The settings as a sweep file that reads the base scenario beside it.
fn sweep_file(settings: &str) -> String {
    settings.replacen(
        "[sweep]\n",
        &format!("[sweep]\nscenario = {SCENARIO_FILE:?}\n"),
        1,
    )
}

/// A file name as a POSIX shell reads it back.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_./=:,+-@%".contains(&b));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sweep_file_reads_the_scenario_beside_it() {
        assert_eq!(
            sweep_file("[sweep]\nmodels = [\"broad\"]\n"),
            "[sweep]\nscenario = \"scenario.toml\"\nmodels = [\"broad\"]\n"
        );
        assert_eq!(shell_word("my sweep.toml"), "'my sweep.toml'");
        assert_eq!(shell_word("s.toml"), "s.toml");
    }
}
