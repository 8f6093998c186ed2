//! The sections of the report, one file each, in reading order:
//!
//! 1. [`answer`]: the recommendation, the headline numbers, what could change
//!    the choice;
//! 2. [`money`]: who pays and who gains (needs `mkba_summary.csv`);
//! 3. [`time`]: weekly series (needs `timeseries.csv`);
//! 4. [`sensitivity`]: tornado of prices and behaviour, value of information
//!    (needs `mkba_sensitivity.csv`, `evppi.csv`);
//! 5. [`municipalities`]: one table per municipality (needs
//!    `municipalities.csv`);
//! 6. [`method`]: scenario, changed parameters, simplifications;
//! 7. [`reproduce`]: version, command, the resolved scenario;
//! 8. [`method::parameters`]: every parameter, at the end.
//!
//! Each is a function from [`Ctx`] to `Option<Section>`: `None` when its data
//! is not in the run folder, so the section is cleanly absent.
//!
//! A sweep folder has a report of its own, with its own sections in
//! [`sweep`]; both kinds share the [`Wording`] of a language, the
//! [`Section`] and the page around them.

mod answer;
mod method;
mod money;
mod municipalities;
mod reproduce;
mod sensitivity;
pub(crate) mod sweep;
mod time;

use maud::{html, Markup, PreEscaped};

use super::data::RunData;
use super::derived::Money;
use super::i18n::{self, T};
use crate::format::{self, Lang, NumberFormat};
use crate::model::LinkageModel;
use crate::report::charts::ChartOptions;

/// One section: its anchor, heading and body.
pub(crate) struct Section {
    /// The `id` of the `<section>` (fixed words, so links stay stable).
    pub id: &'static str,
    /// The heading.
    pub title: String,
    /// The content under the heading.
    pub body: Markup,
}

/// Builds the sections of the report, in order, leaving out those without
/// data.
pub(crate) fn all(cx: &Ctx<'_>) -> Vec<Section> {
    let mut out = Vec::new();
    out.extend(answer::section(cx));
    out.extend(money::section(cx));
    out.extend(time::section(cx));
    out.extend(sensitivity::section(cx));
    out.extend(municipalities::section(cx));
    out.extend(method::section(cx));
    out.extend(reproduce::section(cx));
    out.extend(method::parameters(cx));
    out
}

/// The words and numbers of the report in one language: what every section
/// needs, of a run's report or a sweep's, whatever its data.
pub(crate) struct Wording {
    /// The report's language.
    pub lang: Lang,
}

/// What every section of a run's report needs: the data, the language and
/// the models. It derefs to its [`Wording`], so a section writes `cx.num(…)`.
pub(crate) struct Ctx<'a> {
    /// The report's language, with its words and number formats.
    pub words: Wording,
    /// The run's data.
    pub data: &'a RunData,
    /// Each replication's NPV against the reference, when there is an MKBA.
    pub money: Option<&'a Money>,
    /// Whether the reference was run with at least one other model: the
    /// report then shows paired differences from it.
    pub paired: bool,
    /// The models shown against the reference (every model but the
    /// reference), or every model when not paired.
    pub compared: Vec<LinkageModel>,
    /// Replications (simulated futures) per model.
    pub n: usize,
}

impl<'a> Ctx<'a> {
    /// The context of `data` in `lang`.
    pub fn new(data: &'a RunData, money: Option<&'a Money>, lang: Lang) -> Self {
        let models = data.outcomes.model_list();
        let paired = models.len() > 1 && models.contains(&data.reference);
        let compared = if paired {
            models
                .iter()
                .copied()
                .filter(|&m| m != data.reference)
                .collect()
        } else {
            models.clone()
        };
        let n = data
            .outcomes
            .models
            .iter()
            .map(|m| m.replications.len())
            .max()
            .unwrap_or(0);
        Ctx {
            words: Wording { lang },
            data,
            money,
            paired,
            compared,
            n,
        }
    }

    /// The reference model's name.
    pub fn reference(&self) -> &'static str {
        self.model(self.data.reference)
    }

    /// Whether there are ranges to show: with one replication every range
    /// is a single value, which the report leaves out rather than print as
    /// `[x, x]`.
    pub fn ranges(&self) -> bool {
        self.n > 1
    }

    /// "10 simulated futures per model" / "one simulated future per model".
    pub fn futures_per_model(&self) -> String {
        if self.n == 1 {
            self.t(T::OneFuturePerModel).to_string()
        } else {
            self.f(T::FuturesPerModel, &[("n", &self.count(self.n as u64))])
        }
    }
}

impl Wording {
    /// A model's name, tagged "(reference)" when it is `reference`.
    pub fn model_name(&self, m: LinkageModel, reference: LinkageModel) -> String {
        if m == reference {
            format!("{} ({})", self.model(m), self.t(T::ReferenceTag))
        } else {
            self.model(m).to_string()
        }
    }

    /// The ways of linking W&I to the teams that `shown` keeps, in their fixed
    /// order, each with what it means in practice; `reference` is tagged.
    pub fn models_table(
        &self,
        shown: impl Fn(LinkageModel) -> bool,
        reference: LinkageModel,
    ) -> Markup {
        let rows = [
            (LinkageModel::Broad, T::ModelBroad),
            (LinkageModel::Partial, T::ModelPartial),
            (LinkageModel::Separate, T::ModelSeparate),
        ];
        html! {
            table.models {
                tbody {
                    @for (m, t) in rows {
                        @if shown(m) {
                            tr {
                                th scope="row" { (self.model_name(m, reference)) }
                                td { (self.t(t)) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A linkage model's name in this language ([`crate::text::model`]).
    pub fn model(&self, m: impl std::borrow::Borrow<LinkageModel>) -> &'static str {
        crate::text::model(*m.borrow(), self.lang)
    }

    /// A UI string.
    pub fn t(&self, t: T) -> &'static str {
        i18n::text(t, self.lang)
    }

    /// A UI string with its placeholders filled.
    pub fn f(&self, t: T, args: &[(&str, &str)]) -> String {
        i18n::fill(self.t(t), args)
    }

    /// Euros for text and tables.
    pub fn eur(&self, x: f64) -> String {
        format::fmt_eur(x, self.lang)
    }

    /// Euros with an explicit `+` on gains.
    pub fn eur_signed(&self, x: f64) -> String {
        format::fmt_eur_signed(x, self.lang)
    }

    /// A range of euros: `[€1.2 million, €3.4 million]`.
    pub fn eur_range(&self, lo: f64, hi: f64) -> String {
        format::fmt_bounds(&self.eur(lo), &self.eur(hi), self.lang)
    }

    /// A number with `d` decimals.
    pub fn num(&self, x: f64, d: usize) -> String {
        format::fmt_number(x, d, self.lang)
    }

    /// A number with `d` decimals and an explicit `+`.
    pub fn num_signed(&self, x: f64, d: usize) -> String {
        format::fmt_number_signed(x, d, self.lang)
    }

    /// A range of numbers with `d` decimals.
    pub fn range(&self, lo: f64, hi: f64, d: usize) -> String {
        format::fmt_interval(lo, hi, d, self.lang)
    }

    /// A whole number of things (households, teams).
    pub fn count(&self, x: u64) -> String {
        format::fmt_number(x as f64, 0, self.lang)
    }

    /// A parameter's short name, or its key.
    pub fn param(&self, key: &str) -> String {
        i18n::parameter(key, self.lang).map_or_else(|| key.to_string(), str::to_string)
    }

    /// "a, b and c" / "a, b en c".
    pub fn join(&self, items: &[String]) -> String {
        let and = match self.lang {
            Lang::En => " and ",
            Lang::Nl => " en ",
        };
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [head @ .., last] => format!("{}{and}{last}", head.join(", ")),
        }
    }

    /// Chart options for a chart `width` units wide, without a drawn title
    /// (the page's caption carries it).
    pub fn chart(&self, id: &str, title: &str, format: NumberFormat, width: f64) -> ChartOptions {
        ChartOptions {
            show_title: false,
            width,
            ..ChartOptions::new(id, title, format)
        }
    }
}

impl std::ops::Deref for Ctx<'_> {
    type Target = Wording;

    fn deref(&self) -> &Wording {
        &self.words
    }
}

/// Width of a chart that spans the page, in SVG units. Charts scale to the
/// page, so this sets the size of their 12–16 unit text: on a 1280-pixel
/// screen or projector the page is about 1,080 pixels wide and the text
/// grows to 15–19 pixels; on A4 (about 680 pixels) it shrinks to 7–9 pt.
pub(crate) const WIDE: f64 = 880.0;

/// Width of a chart in a two-column grid, by the same reasoning (columns of
/// about 530 pixels on screen, 330 on A4); wide enough for a forest plot's
/// annotations such as `−0.10 [−0.25, −0.02]`.
pub(crate) const HALF: f64 = 500.0;

/// The series index of a model, so that a model has the same colour, dash
/// and marker in every chart.
pub(crate) fn series_of(m: LinkageModel) -> usize {
    LinkageModel::ALL.iter().position(|&x| x == m).unwrap_or(0)
}

/// Decimals that show a quantity of this size sensibly.
pub(crate) fn decimals_for(x: f64) -> usize {
    let a = x.abs();
    if !a.is_finite() || a >= 100.0 {
        0
    } else if a >= 1.0 {
        1
    } else {
        2
    }
}

/// A chart under its caption.
pub(crate) fn figure(caption: &str, svg: String) -> Markup {
    html! {
        figure {
            figcaption { (caption) }
            // The chart module escapes every text it draws (charts::escape_xml).
            (PreEscaped(svg))
        }
    }
}

/// A model's name, with "(reference)" after the reference.
pub(crate) fn model_label(cx: &Ctx<'_>, m: LinkageModel) -> String {
    cx.model_name(m, cx.data.reference)
}
