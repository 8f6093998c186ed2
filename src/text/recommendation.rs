//! The recommendation in plain words, from its rule value, in English and Dutch
//! at once: every sentence below is written once with both languages side by
//! side and filled with the same numbers, so neither language can drop a caveat
//! the other keeps (the tests render every rule in both and compare them).
//!
//! Numbers in brackets are always the 95% interval of the mean (paired)
//! difference: the answer to "is A better than B" (docs/ODD.md, "Which
//! interval"). How different single futures can be is said as the share of
//! futures in which each model comes out best.

use super::ui::fill;
use super::{capitalise, count, eur_interval, join, model, parameter, tr, years};
use crate::format::{self, Lang};
use crate::mkba::flows::Stakeholder;
use crate::mkba::recommendation::{
    BestPackage, Checked, ModelFacts, Recommendation, Rule, Uncertainty,
};

/// A stakeholder inside a sentence.
pub fn stakeholder(s: Stakeholder, lang: Lang) -> &'static str {
    match s {
        Stakeholder::Municipality => tr(lang, "the municipality", "de gemeente"),
        Stakeholder::HealthInsurer => tr(lang, "health insurers", "zorgverzekeraars"),
        Stakeholder::CentralGovernment => tr(lang, "central government", "de rijksoverheid"),
        Stakeholder::Creditors => tr(lang, "creditors", "schuldeisers"),
        Stakeholder::Households => tr(lang, "households", "huishoudens"),
    }
}

/// The recommendation in plain words.
pub fn render(r: &Recommendation, lang: Lang) -> String {
    let l = lang;
    let m = |x| model(x, l);
    let eur = |x: f64| format::fmt_eur(x, l);
    let of = |x| r.models.iter().find(|f: &&ModelFacts| f.model == x);
    let reference = m(r.reference);
    let y = years(r.years, l);
    let mut t = String::new();
    let mut say = |s: String| {
        if !t.is_empty() {
            t.push(' ');
        }
        t.push_str(&capitalise(&s));
    };
    match &r.rule {
        Rule::Pilot {
            model: best,
            cheapest_too,
        } => {
            let f = of(*best);
            say(fill(
                tr(
                    l,
                    "Pilot {model}. Against {reference} over {years}: {facts}; it is the best model in {share} of the simulated futures.",
                    "Start een pilot met {model}. Vergeleken met {reference} over {years}: {facts}; het is het beste model in {share} van de gesimuleerde toekomsten.",
                ),
                &[
                    ("model", m(*best)),
                    ("reference", reference),
                    ("years", &y),
                    ("facts", &f.map(|f| describe(f, l)).unwrap_or_default()),
                    ("share", &f.map(|f| format::fmt_share(f.probability_best, l)).unwrap_or_default()),
                ],
            ));
            if *cheapest_too {
                say(tr(
                    l,
                    "It is also the cheapest of the better models to introduce.",
                    "Het is ook het goedkoopste van de betere modellen om in te voeren.",
                )
                .to_string());
            }
        }
        Rule::Tied { models, cheapest } => {
            let names: Vec<&str> = models.iter().map(|x| m(*x)).collect();
            say(fill(
                tr(
                    l,
                    "{models} {all} beat {reference} over {years}, but cannot be told apart from each other.",
                    "{models} doen het over {years} {all} beter dan {reference}, maar zijn onderling niet te onderscheiden.",
                ),
                &[
                    ("models", &join(&names, l)),
                    (
                        "all",
                        if names.len() == 2 {
                            tr(l, "both", "allebei")
                        } else {
                            tr(l, "all", "alle")
                        },
                    ),
                    ("reference", reference),
                    ("years", &y),
                ],
            ));
            for f in models.iter().filter_map(|x| of(*x)) {
                say(format!("{}.", describe(f, l)));
            }
            let cost = |x| eur(of(x).map_or(0.0, |f| f.introduction));
            if *cheapest == models[0] {
                say(fill(
                    tr(
                        l,
                        "Pilot {model}: it has the highest mean value and also costs least to introduce ({cost}).",
                        "Start een pilot met {model}: het heeft de hoogste gemiddelde waarde en kost ook het minst om in te voeren ({cost}).",
                    ),
                    &[("model", m(*cheapest)), ("cost", &cost(*cheapest))],
                ));
            } else {
                say(fill(
                    tr(
                        l,
                        "{first} has the highest mean value; {cheapest} costs least to introduce ({cost} against {cost_first}). Pilot {cheapest} unless the higher mean value of {first}, which the simulations cannot confirm, justifies its larger reorganisation.",
                        "{first} heeft de hoogste gemiddelde waarde; {cheapest} kost het minst om in te voeren ({cost} tegen {cost_first}). Start een pilot met {cheapest}, tenzij de hogere gemiddelde waarde van {first}, die de simulaties niet kunnen bevestigen, de grotere reorganisatie rechtvaardigt.",
                    ),
                    &[
                        ("first", m(models[0])),
                        ("cheapest", m(*cheapest)),
                        ("cost", &cost(*cheapest)),
                        ("cost_first", &cost(models[0])),
                    ],
                ));
            }
        }
        Rule::Keep => say(fill(
            tr(
                l,
                "Keep {reference}: every alternative has a reliably lower societal value over {years}.",
                "Houd {reference}: elk alternatief heeft over {years} aantoonbaar een lagere maatschappelijke waarde.",
            ),
            &[("reference", reference), ("years", &y)],
        )),
        Rule::NoneBetter if r.reliable.is_empty() => say(fill(
            tr(
                l,
                "The models cannot be told apart on societal value over {years}: every difference lies within the noise. Base the choice of pilot on other grounds (feasibility, what the teams want), or simulate more futures.",
                "De modellen zijn over {years} niet te onderscheiden op maatschappelijke waarde: elk verschil valt binnen de ruis. Kies de pilot op andere gronden (haalbaarheid, wat de teams willen) of simuleer meer toekomsten.",
            ),
            &[("years", &y)],
        )),
        Rule::NoneBetter => say(fill(
            tr(
                l,
                "No model reliably beats {reference} on societal value over {years}.",
                "Geen model doet het over {years} aantoonbaar beter dan {reference} op maatschappelijke waarde.",
            ),
            &[("reference", reference), ("years", &y)],
        )),
    }
    for p in &r.reliable {
        if matches!(r.rule, Rule::Pilot { model, .. } if model == p.better)
            && p.worse == r.reference
        {
            continue; // already said
        }
        say(fill(
            tr(
                l,
                "{better} is reliably better than {worse} (difference {difference}).",
                "{better} is aantoonbaar beter dan {worse} (verschil {difference}).",
            ),
            &[
                ("better", m(p.better)),
                ("worse", m(p.worse)),
                (
                    "difference",
                    &eur_interval(p.difference.mean, p.difference.lo, p.difference.hi, l),
                ),
            ],
        ));
    }
    let focus = match &r.rule {
        Rule::Pilot { model, .. } => Some(*model),
        Rule::Tied { models, .. } => Some(models[0]),
        _ => None,
    };
    if let Some(f) = focus.and_then(of) {
        let names = |v: &[Stakeholder]| v.iter().map(|s| stakeholder(*s, l)).collect::<Vec<_>>();
        if !f.gainers.is_empty() {
            say(fill(
                tr(
                    l,
                    "Under {model}, who gains: {who}.",
                    "Bij {model} winnen: {who}.",
                ),
                &[("model", m(f.model)), ("who", &join(&names(&f.gainers), l))],
            ));
        }
        if !f.payers.is_empty() {
            say(fill(
                tr(l, "Who pays: {who}.", "Wie betaalt: {who}."),
                &[("who", &join(&names(&f.payers), l))],
            ));
        }
    }
    match r.uncertainty {
        Uncertainty::SimulationOnly { replications } => say(fill(
            tr(
                l,
                "The numbers in brackets are 95% intervals of the mean difference over {futures}: they show simulation noise only. What we do not know about the assumptions is not included, so the real uncertainty is larger.",
                "De getallen tussen haken zijn 95%-intervallen van het gemiddelde verschil over {futures}: ze tonen alleen de simulatieruis. Wat we over de aannames niet weten, is niet meegenomen; de werkelijke onzekerheid is dus groter.",
            ),
            &[(
                "futures",
                &count(
                    replications as u64,
                    tr(l, "simulated future", "gesimuleerde toekomst"),
                    tr(l, "simulated futures", "gesimuleerde toekomsten"),
                    l,
                ),
            )],
        )),
        Uncertainty::WithParameters { replications } => {
            let mut by: Vec<&ModelFacts> = r.models.iter().collect();
            by.sort_by(|a, b| {
                b.probability_best
                    .total_cmp(&a.probability_best)
                    .then(a.model.cmp(&b.model))
            });
            let rest: Vec<String> = by[1..]
                .iter()
                .map(|f| format!("{} {}", m(f.model), format::fmt_share(f.probability_best, l)))
                .collect();
            say(fill(
                tr(
                    l,
                    "The numbers in brackets are 95% intervals of the mean difference over {futures}, each a possible future that drew the uncertain assumptions from their plausible ranges, so they include what we do not know about the assumptions. How different single futures can be: {best} comes out best in {share} of them ({rest}).",
                    "De getallen tussen haken zijn 95%-intervallen van het gemiddelde verschil over {futures}, elk een mogelijke toekomst die de onzekere aannames uit hun plausibele bereik trok; ze bevatten dus ook wat we over de aannames niet weten. Hoe verschillend afzonderlijke toekomsten kunnen zijn: {best} komt in {share} ervan als beste uit ({rest}).",
                ),
                &[
                    (
                        "futures",
                        &count(
                            replications as u64,
                            tr(l, "simulated future", "gesimuleerde toekomst"),
                            tr(l, "simulated futures", "gesimuleerde toekomsten"),
                            l,
                        ),
                    ),
                    ("best", m(by[0].model)),
                    ("share", &format::fmt_share(by[0].probability_best, l)),
                    ("rest", &rest.join(", ")),
                ],
            ));
        }
    }
    let end = |key: &str, high: bool| {
        let name = parameter(key, l);
        // Prices are named "Price: …" in tables; in a sentence, "a high price of …".
        let (price, name) = match name
            .strip_prefix("Price: ")
            .or_else(|| name.strip_prefix("Prijs: "))
        {
            Some(rest) => (true, rest.to_string()),
            None => (false, lower(&name)),
        };
        let template = match (price, high) {
            (true, true) => tr(l, "a high price of {name}", "een hoge prijs van {name}"),
            (true, false) => tr(l, "a low price of {name}", "een lage prijs van {name}"),
            (false, true) => tr(l, "a high value of {name}", "een hoge waarde van {name}"),
            (false, false) => tr(l, "a low value of {name}", "een lage waarde van {name}"),
        };
        fill(template, &[("name", &name)])
    };
    let what = match r.checked {
        Checked::Nothing => None,
        Checked::Prices => Some(tr(l, "prices", "prijzen")),
        Checked::PricesAndBehaviour => Some(tr(
            l,
            "prices and behavioural assumptions",
            "prijzen en gedragsaannames",
        )),
    };
    if let Some(what) = what {
        if r.flips.is_empty() {
            let narrowing: Vec<String> = r.narrowing.iter().map(|(k, h)| end(k, *h)).collect();
            let tail = if narrowing.is_empty() {
                ".".to_string()
            } else {
                fill(
                    tr(
                        l,
                        "; those that narrow the margin most are {list}.",
                        "; het verschil wordt het kleinst bij {list}.",
                    ),
                    &[("list", &join(&narrowing, l))],
                )
            };
            say(fill(
                tr(
                    l,
                    "Of the {what} varied one at a time over their plausible ranges, none changes which model scores highest{tail}",
                    "Van de {what}, één voor één gevarieerd over hun plausibele bereik, verandert geen enkele welk model het hoogst scoort{tail}",
                ),
                &[("what", what), ("tail", &tail)],
            ));
        } else {
            let items: Vec<String> = r
                .flips
                .iter()
                .map(|(k, h, best)| {
                    fill(
                        tr(
                            l,
                            "{end} ({model} then scores highest)",
                            "{end} ({model} scoort dan het hoogst)",
                        ),
                        &[("end", &end(k, *h)), ("model", m(*best))],
                    )
                })
                .collect();
            say(fill(
                tr(
                    l,
                    "Which model scores highest changes when one of the {what} is set to the end of its plausible range: {list}.",
                    "Welk model het hoogst scoort, verandert als één van de {what} aan de rand van haar plausibele bereik ligt: {list}.",
                ),
                &[("what", what), ("list", &items.join("; "))],
            ));
        }
        if r.checked == Checked::Prices {
            say(tr(
                l,
                "Behavioural assumptions (how households and staff act) were not varied one at a time.",
                "Gedragsaannames (hoe huishoudens en medewerkers handelen) zijn niet één voor één gevarieerd.",
            )
            .to_string());
        }
    }
    if let Some(evpi) = r.evpi {
        if r.measure.iter().any(|x| x.value > 0.0) {
            let items: Vec<String> = r
                .measure
                .iter()
                .filter(|x| x.value > 0.0)
                .map(|x| {
                    let mut s = fill(
                        tr(l, "{name} (worth {value})", "{name} (waarde {value})"),
                        &[
                            ("name", &lower(&parameter(x.key, l))),
                            ("value", &eur(x.value)),
                        ],
                    );
                    if let Some((at, below, above)) = x.switch {
                        s.push_str(&fill(
                            tr(
                                l,
                                ": below {at} {below} scores highest, above it {above}",
                                ": onder {at} scoort {below} het hoogst, erboven {above}",
                            ),
                            &[
                                ("at", &format::fmt_auto(at, l)),
                                ("below", m(below)),
                                ("above", m(above)),
                            ],
                        ));
                    }
                    s
                })
                .collect();
            say(fill(
                tr(
                    l,
                    "What the pilot should measure, as the assumptions whose true value would most likely change the choice: {list}.",
                    "Wat de pilot zou moeten meten, omdat de ware waarde van deze aannames de keuze het eerst zou veranderen: {list}.",
                ),
                &[("list", &items.join("; "))],
            ));
        } else {
            say(fill(
                tr(
                    l,
                    "No assumption is worth measuring before deciding: none has a value of information above what the simulation noise of the draws alone gives (knowing every assumption exactly would be worth at most {evpi}, noise included).",
                    "Geen enkele aanname is het waard om vóór de keuze te meten: geen heeft een informatiewaarde boven wat de simulatieruis van de trekkingen alleen al geeft (alle aannames precies kennen is hoogstens {evpi} waard, ruis inbegrepen).",
                ),
                &[("evpi", &eur(evpi))],
            ));
            if !r.measure.is_empty() {
                let items: Vec<String> = r
                    .measure
                    .iter()
                    .map(|x| {
                        fill(
                            tr(
                                l,
                                "{name} ({share} of its variation)",
                                "{name} ({share} van de spreiding)",
                            ),
                            &[
                                ("name", &lower(&parameter(x.key, l))),
                                ("share", &format::fmt_share(x.explained, l)),
                            ],
                        )
                    })
                    .collect();
                say(fill(
                    tr(
                        l,
                        "What a pilot would still have to confirm, as what moves the margin between the two leading models most: {list}.",
                        "Wat een pilot nog zou moeten bevestigen, als wat het verschil tussen de twee beste modellen het meest bepaalt: {list}.",
                    ),
                    &[("list", &join(&items, l))],
                ));
            }
        }
    }
    if let Some(p) = &r.package {
        say(package(p, l));
    }
    t
}

/// A parameter's name inside a sentence: lower case unless it starts with an
/// abbreviation (W&I, MKBA, GGZ).
fn lower(name: &str) -> String {
    let mut c = name.chars();
    match (c.next(), c.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => a
            .to_lowercase()
            .chain(name[a.len_utf8()..].chars())
            .collect(),
        _ => name.to_string(),
    }
}

/// One model's facts: NPV with its interval, benefit/cost ratio, break-even.
fn describe(f: &ModelFacts, l: Lang) -> String {
    let mut t = fill(
        tr(
            l,
            "{model}: net present value {npv}",
            "{model}: netto contante waarde {npv}",
        ),
        &[
            ("model", model(f.model, l)),
            ("npv", &eur_interval(f.npv.mean, f.npv.lo, f.npv.hi, l)),
        ],
    );
    if let Some(bcr) = f.bcr {
        t.push_str(&fill(
            tr(
                l,
                ", {bcr} euro back per euro of extra cost",
                ", {bcr} euro terug per euro extra kosten",
            ),
            &[("bcr", &format::fmt_number(bcr, 2, l))],
        ));
    }
    match f.break_even_year {
        Some(y) => t.push_str(&fill(
            tr(
                l,
                ", breaking even in year {year}",
                ", terugverdiend in jaar {year}",
            ),
            &[("year", &(y + 1).to_string())],
        )),
        None => t.push_str(tr(
            l,
            ", not breaking even within the horizon",
            ", niet terugverdiend binnen de looptijd",
        )),
    }
    t
}

/// The best package of a package comparison.
fn package(p: &BestPackage, l: Lang) -> String {
    let what = if p.description.is_empty() {
        model(p.model, l).to_string()
    } else {
        p.description.clone()
    };
    // The name and description are user text: filled last, so a brace in them
    // stays text.
    let t = fill(
        tr(
            l,
            "Of the {n} packages compared (a linkage model with what comes with it, the same dice for each), {{name}} scores highest over {years}: {{what}}, net present value {npv}, best in {best} of the simulated futures; its credit bank ran about {posts} counsellor posts in the last year, with a mean wait of {wait} weeks.",
            "Van de {n} vergeleken pakketten (een koppelingsmodel met wat erbij hoort, voor elk dezelfde dobbelstenen) scoort {{name}} het hoogst over {years}: {{what}}, netto contante waarde {npv}, het beste in {best} van de gesimuleerde toekomsten; de kredietbank had in het laatste jaar ongeveer {posts} schuldhulpverleners, met een gemiddelde wachttijd van {wait} weken.",
        ),
        &[
            ("n", &p.compared.to_string()),
            ("years", &years(p.years, l)),
            ("npv", &eur_interval(p.npv.mean, p.npv.lo, p.npv.hi, l)),
            ("best", &format::fmt_share(p.probability_best, l)),
            ("posts", &format::fmt_number(p.counsellor_posts, 0, l)),
            ("wait", &format::fmt_number(p.arrangement_wait, 1, l)),
        ],
    );
    t.replacen("{{name}}", &p.name, 1)
        .replacen("{{what}}", &what, 1)
}
