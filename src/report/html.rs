//! The page around the sections: head with the style sheet and a
//! Content-Security-Policy, title block, table of contents, footer.
//!
//! The style sheet is written for three uses: a laptop or a projector (large
//! type, two columns of charts, nothing smaller than 15 px), and A4 paper
//! (each section on a new page, figures and table rows never split, colours
//! kept).

use maud::{html, PreEscaped, DOCTYPE};

use super::data::RunData;
use super::derived::Money;
use super::i18n::T;
use super::sections::sweep::SweepCtx;
use super::sections::{self, Ctx, Section, Wording};
use super::sweep_data::SweepData;
use crate::format::Lang;

/// The Content-Security-Policy of the page: nothing may be fetched or run.
/// Inline styles are the only exception (the style sheet and the charts'
/// presentation attributes); `data:` images are allowed so a future chart
/// may inline a raster image without a network.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The style sheet, inline in the page.
const CSS: &str = r#"
:root { --ink: #1a1a1a; --muted: #4d4d4d; --line: #d6d6d6; --soft: #f3f5f7; --accent: #0072B2; --warm: #fff4d6; }
* { box-sizing: border-box; }
html { font-size: 17px; -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page { max-width: 1140px; margin: 0 auto; padding: 0 28px 40px; }
header.top { padding: 28px 0 8px; }
.kicker { margin: 0; color: var(--muted); font-size: 1rem; }
h1 { font-size: 2.1rem; line-height: 1.2; margin: 0.2rem 0 0.4rem; overflow-wrap: anywhere; }
.description { font-size: 1.15rem; margin: 0 0 0.4rem; overflow-wrap: anywhere; }
.facts-line { color: var(--muted); margin: 0; }
nav.toc { margin: 14px 0 6px; padding: 8px 14px; background: var(--soft); font-size: 0.95rem; }
nav.toc h2 { display: inline; font-size: inherit; margin: 0 1rem 0 0; }
nav.toc ol { display: inline; margin: 0; padding: 0; list-style: none; counter-reset: toc; }
nav.toc li { display: inline-block; margin-right: 1.3rem; counter-increment: toc; }
nav.toc li::before { content: counter(toc) ". "; color: var(--muted); }
nav.toc a { color: var(--ink); }
section { border-top: 3px solid var(--ink); margin-top: 2.4rem; padding-top: 0.4rem; }
h2 { font-size: 1.65rem; line-height: 1.25; margin: 0.3rem 0 0.9rem; }
h3 { font-size: 1.25rem; margin: 1.8rem 0 0.5rem; overflow-wrap: anywhere; }
h4 { font-size: 1.05rem; margin: 1.2rem 0 0.3rem; }
p, li { max-width: 80ch; }
.decision { background: var(--soft); border-left: 6px solid var(--accent); padding: 0.9rem 1.3rem 0.6rem; margin: 0 0 1.2rem; }
.decision p { margin: 0 0 0.5rem; max-width: none; }
p.headline { font-size: 1.7rem; font-weight: 700; line-height: 1.25; }
.best { font-size: 1.1rem; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1.1rem 1.8rem; margin: 0.6rem 0; }
figure { margin: 0.6rem 0 1rem; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; font-size: 1rem; line-height: 1.3; margin: 0 0 0.3rem; }
figure svg { display: block; width: 100%; height: auto; }
.note { color: var(--muted); font-size: 0.94rem; }
.key { color: var(--muted); font-size: 0.88em; white-space: nowrap; }
.fulltext { font-size: 0.98rem; }
p.legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1.5rem; max-width: none; }
p.legend .item { display: inline-flex; align-items: center; gap: 0.4rem; }
svg.swatch { flex: none; }
table.numbers th:first-child { width: 40%; }
ul.changes li { margin-bottom: 0.25rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.94rem; margin: 0.5rem 0 1.2rem; }
th, td { text-align: left; padding: 0.35rem 0.55rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); vertical-align: bottom; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.range { display: block; color: var(--muted); font-size: 0.86em; }
table.models th { width: 8rem; }
table.params { table-layout: fixed; }
table.params td, table.params th { font-size: 0.86rem; overflow-wrap: anywhere; }
table.params td.num { white-space: normal; }
table.diff th:nth-child(1) { width: 24%; } table.diff th:nth-child(2) { width: 28%; }
table.diff th:nth-child(3), table.diff th:nth-child(4) { width: 10%; }
table.all th:nth-child(1) { width: 31%; } table.all th:nth-child(2) { width: 12%; }
table.all th:nth-child(3) { width: 15%; } table.all th:nth-child(4) { width: 8%; }
tr.changed td { background: var(--warm); }
.flag { font-size: 0.78em; background: #E69F00; color: #000; padding: 0 0.35em; border-radius: 3px; white-space: nowrap; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.88em; }
code.hash { overflow-wrap: anywhere; }
pre { background: var(--soft); padding: 0.8rem 1rem; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.toml { font-size: 0.8rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1.2rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
footer { margin-top: 3rem; border-top: 1px solid var(--line); color: var(--muted); font-size: 0.9rem; }
@media screen and (max-width: 860px) {
  .grid { grid-template-columns: minmax(0, 1fr); }
  html { font-size: 16px; }
}
@page { size: A4; margin: 14mm 13mm 16mm; }
@media print {
  html { font-size: 10pt; }
  .page { max-width: none; padding: 0; }
  header.top { padding-top: 0; }
  section { break-before: page; page-break-before: always; border-top: 0; margin-top: 0; }
  main > section:first-child { break-before: auto; page-break-before: auto; }
  h2, h3, h4, figcaption { break-after: avoid; page-break-after: avoid; }
  figure, .decision, tr, dl.facts { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  nav.toc a { text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// The whole page of a run's report.
pub(super) fn page(data: &RunData, money: Option<&Money>, lang: Lang) -> String {
    let cx = Ctx::new(data, money, lang);
    let sections = sections::all(&cx);
    let s = &data.scenario;
    // A reader knows the scenario by its description, not its file name; the
    // name stays on the page, under the heading.
    let described = !s.description.trim().is_empty();
    let heading = if described { &s.description } else { &s.name };
    let under = if described {
        cx.f(T::ScenarioNamed, &[("name", &s.name)])
    } else {
        String::new()
    };
    let title = cx.f(T::PageTitle, &[("name", heading)]);
    let futures = cx.futures_per_model();
    let warmup = cx.num(s.number("run.warmup_weeks").unwrap_or(f64::NAN), 0);
    let horizon = cx.num(s.number("run.horizon_weeks").unwrap_or(f64::NAN), 0);
    let facts = if s.municipalities.len() > 1 {
        cx.f(
            T::FactsMunicipalities,
            &[
                ("households", &cx.count(s.households)),
                ("municipalities", &cx.count(s.municipalities.len() as u64)),
                ("teams", &cx.count(s.teams)),
                ("futures", &futures),
                ("warmup", &warmup),
                ("horizon", &horizon),
            ],
        )
    } else {
        cx.f(
            T::Facts,
            &[
                ("households", &cx.count(s.households)),
                ("teams", &cx.count(s.teams)),
                ("futures", &futures),
                ("warmup", &warmup),
                ("horizon", &horizon),
            ],
        )
    };
    shell(
        &cx,
        &Head {
            title,
            kicker: cx.t(T::Subtitle),
            heading,
            description: &under,
            facts,
            version: &data.header.program_version,
            footer: T::Footer,
        },
        &sections,
    )
}

/// The whole page of a sweep's report. Nothing here comes from the
/// manifest's header: a sweep merged from shards has another command line,
/// but the same files and so the same page.
pub(super) fn sweep_page(data: &SweepData, lang: Lang) -> String {
    let cx = SweepCtx::new(data, lang);
    let sections = sections::sweep::all(&cx);
    let b = &data.base;
    let facts = cx.f(
        T::SweepFacts,
        &[
            ("k", &cx.count(data.settings.axes.len() as u64)),
            ("points", &cx.count(data.points.len() as u64)),
            ("futures", &cx.futures()),
            ("households", &cx.count(b.households)),
            ("teams", &cx.count(b.teams)),
            (
                "horizon",
                &cx.num(b.number("run.horizon_weeks").unwrap_or(f64::NAN), 0),
            ),
        ],
    );
    shell(
        &cx,
        &Head {
            title: cx.f(T::SweepPageTitle, &[("name", &b.name)]),
            kicker: cx.t(T::SweepSubtitle),
            heading: &b.name,
            description: &b.description,
            facts,
            version: &data.about.version,
            footer: T::SweepFooter,
        },
        &sections,
    )
}

/// What the top and bottom of a page say.
pub(super) struct Head<'a> {
    /// The `<title>`.
    pub title: String,
    /// The line above the heading.
    pub kicker: &'a str,
    /// The heading (user text: the scenario's name).
    pub heading: &'a str,
    /// A paragraph under the heading (user text; empty: none).
    pub description: &'a str,
    /// The facts line under the heading.
    pub facts: String,
    /// The program version, for the generator tag and the footer.
    pub version: &'a str,
    /// The footer's text, with a `{version}` placeholder.
    pub footer: T,
}

/// The page around `sections`: the same head, style sheet, table of contents
/// and footer for a run's report and a sweep's.
pub(super) fn shell(w: &Wording, head: &Head<'_>, sections: &[Section]) -> String {
    let lang = w.lang;
    let markup = html! {
        (DOCTYPE) "\n"
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="generator" content={ "wijksim " (head.version) };
                title { (head.title) }
                style { (PreEscaped(CSS)) }
            }
            "\n"
            body {
                div.page {
                    header.top {
                        p.kicker { (head.kicker) }
                        h1 { (head.heading) }
                        @if !head.description.trim().is_empty() {
                            p.description { (head.description) }
                        }
                        p.facts-line { (head.facts) }
                    }
                    nav.toc aria-label=(w.t(T::Contents)) {
                        h2 { (w.t(T::Contents)) }
                        ol {
                            @for sec in sections {
                                li { a href={ "#" (sec.id) } { (sec.title) } }
                            }
                        }
                    }
                    "\n"
                    main {
                        @for sec in sections {
                            section id=(sec.id) {
                                h2 { (sec.title) }
                                "\n"
                                (sec.body)
                            }
                            "\n"
                        }
                    }
                    footer {
                        p { (w.f(head.footer, &[("version", head.version)])) }
                    }
                }
            }
            "\n"
        }
        "\n"
    };
    markup.into_string()
}
