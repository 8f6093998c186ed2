//! Tests for all charts: determinism, well-formed and self-contained
//! markup, escaping, number format of coordinates, degenerate input.

use super::*;

const EVIL: &str = "<script>alert(\"x\")</script> & 'quote'";
const EVIL_ESCAPED: &str =
    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;";

fn opts(id: &str, title: &str, format: NumberFormat) -> ChartOptions {
    ChartOptions::new(id, title, format)
}

/// Smooth deterministic test data.
fn wave(i: usize, phase: f64) -> f64 {
    (i as f64 / 17.0 + phase).sin()
}

fn sample_line(lang: Lang, weeks: usize) -> LineBands {
    let models = ["Generalist team", "Specialist team", "Integrated W&I"];
    LineBands {
        options: opts(
            "caseload",
            "Open cases per week",
            NumberFormat::number(lang, 0),
        ),
        series: models
            .iter()
            .enumerate()
            .map(|(m, name)| {
                let mean: Vec<f64> = (0..weeks)
                    .map(|i| 120.0 + 25.0 * wave(i, m as f64) + 8.0 * m as f64 + i as f64 * 0.05)
                    .collect();
                let half: Vec<f64> = (0..weeks).map(|i| 6.0 + i as f64 / 40.0).collect();
                LineSeries {
                    name: name.to_string(),
                    lower: mean.iter().zip(&half).map(|(a, h)| a - h).collect(),
                    upper: mean.iter().zip(&half).map(|(a, h)| a + h).collect(),
                    mean,
                }
            })
            .collect(),
        first_week: 1.0,
        time_axis: TimeAxis::Years {
            weeks_per_year: 52.0,
        },
        x_label: "Year".into(),
        y_label: "Open cases".into(),
        band_label: "95% interval over 50 replications".into(),
        reference: Some(ReferenceLine {
            value: 130.0,
            label: "Capacity".into(),
        }),
        y_include_zero: false,
    }
}

fn sample_forest(lang: Lang) -> DotIntervals {
    let mut rows = Vec::new();
    for (o, outcome) in ["Evictions avoided", "Debt resolved (%)"]
        .iter()
        .enumerate()
    {
        for (m, model) in ["Generalist", "Specialist", "Integrated"]
            .iter()
            .enumerate()
        {
            let c = (o as f64 - 0.5) * 2.0 + m as f64 * 1.3 - 1.0;
            rows.push(IntervalRow {
                label: model.to_string(),
                heading: if m == 0 {
                    outcome.to_string()
                } else {
                    String::new()
                },
                series: m,
                mean: c,
                inner_low: c - 0.4,
                inner_high: c + 0.5,
                outer_low: c - 1.1,
                outer_high: c + 1.2,
                annotation: crate::format::fmt_interval(c - 1.1, c + 1.2, 1, lang),
            });
        }
    }
    DotIntervals {
        options: opts(
            "forest",
            "Difference from current practice",
            NumberFormat::number(lang, 1),
        ),
        rows,
        x_label: "Difference per 1,000 households".into(),
        series_names: vec![
            "Generalist".into(),
            "Specialist".into(),
            "Integrated".into(),
        ],
        inner_label: "50% interval".into(),
        outer_label: "95% interval".into(),
        reference: Some(ReferenceLine {
            value: 0.0,
            label: "No difference".into(),
        }),
    }
}

fn sample_diverging(lang: Lang) -> DivergingBars {
    DivergingBars {
        options: opts(
            "stakeholders",
            "Net effect by stakeholder",
            NumberFormat::eur(lang),
        ),
        categories: vec![
            "Municipality (Participation Act)".into(),
            "Households".into(),
            "Housing corporations".into(),
            "Health insurers".into(),
        ],
        groups: vec![
            "Generalist".into(),
            "Specialist".into(),
            "Integrated".into(),
        ],
        values: vec![
            vec![-2.1e6, -3.4e6, -1.2e6],
            vec![4.5e6, 5.1e6, 6.3e6],
            vec![0.8e6, 1.1e6, 0.2e6],
            vec![-0.3e6, 0.4e6, 1.5e6],
        ],
        x_label: "Present value over 5 years".into(),
        show_values: true,
    }
}

fn sample_waterfall(lang: Lang) -> Waterfall {
    let steps = [
        ("Staff costs", -4.2e6),
        ("Training", -0.6e6),
        ("Avoided evictions", 3.1e6),
        ("Avoided debt enforcement", 2.2e6),
        ("Benefits to households", 1.4e6),
    ];
    Waterfall {
        options: opts(
            "waterfall-integrated",
            "Integrated: costs to NPV",
            NumberFormat::eur(lang),
        ),
        steps: steps
            .iter()
            .map(|(l, v)| WaterfallStep {
                label: l.to_string(),
                value: *v,
            })
            .collect(),
        total_label: "NPV".into(),
        x_label: "Present value".into(),
        benefit_label: "Benefit".into(),
        cost_label: "Cost".into(),
        domain: None,
    }
}

fn sample_tornado(lang: Lang) -> Tornado {
    let bars = [
        ("Discount rate (2–4%)", 5.9e6, 6.8e6),
        ("Caseload per worker (20–40)", 8.1e6, 3.9e6),
        ("Take-up of debt help (30–60%)", 5.2e6, 7.6e6),
        ("Eviction cost (€5k–€15k)", 6.4e6, 6.6e6),
        ("Staff wage (±10%)", 6.9e6, 7.2e6),
    ];
    Tornado {
        options: opts(
            "tornado",
            "One-way sensitivity of NPV",
            NumberFormat::eur(lang),
        ),
        bars: bars
            .iter()
            .map(|(p, l, h)| TornadoBar {
                parameter: p.to_string(),
                low: *l,
                high: *h,
            })
            .collect(),
        base: 6.3e6,
        base_label: String::new(),
        low_label: String::new(),
        high_label: String::new(),
        x_label: "NPV".into(),
        max_bars: 0,
    }
}

fn sample_heatmap(lang: Lang) -> CategoricalHeatmap {
    let cells = (0..6)
        .map(|r| {
            (0..8)
                .map(|c| match (r + c) % 7 {
                    0 => None,
                    k => Some(k % 3),
                })
                .collect()
        })
        .collect();
    CategoricalHeatmap {
        options: opts(
            "best-model",
            "Best model by caseload and take-up",
            NumberFormat::number(lang, 0),
        ),
        categories: vec![
            HeatCategory {
                name: "Generalist".into(),
                short: "G".into(),
            },
            HeatCategory {
                name: "Specialist".into(),
                short: "S".into(),
            },
            HeatCategory {
                name: "Integrated".into(),
                short: "I".into(),
            },
        ],
        cells,
        x_ticks: (0..8).map(|c| format!("{}%", 20 + c * 10)).collect(),
        y_ticks: (0..6).map(|r| format!("{} cases", 20 + r * 5)).collect(),
        x_label: "Take-up of debt help".into(),
        y_label: "Caseload per worker".into(),
        missing_label: "No clear winner".into(),
    }
}

fn sample_scatter(lang: Lang) -> Scatter {
    let names = [
        "caseload",
        "take_up",
        "discount",
        "wage",
        "eviction_cost",
        "referral_delay",
        "staff",
        "debt_level",
    ];
    Scatter {
        options: opts("morris", "Morris screening", NumberFormat::number(lang, 2)),
        points: names
            .iter()
            .enumerate()
            .map(|(i, n)| ScatterPoint {
                x: 0.1 + (i as f64 * 1.7).sin().abs() * 2.0,
                y: 0.05 + (i as f64 * 0.9).cos().abs() * 1.2,
                label: n.to_string(),
                series: i % 2,
                x_interval: None,
            })
            .collect(),
        series_names: vec!["Costs".into(), "Outcomes".into()],
        x_label: "μ*".into(),
        y_label: "σ".into(),
        include_zero: true,
        ratio_lines: vec![
            ReferenceLine {
                value: 0.1,
                label: "σ/μ* = 0.1".into(),
            },
            ReferenceLine {
                value: 0.5,
                label: "σ/μ* = 0.5".into(),
            },
            ReferenceLine {
                value: 1.0,
                label: "σ/μ* = 1".into(),
            },
        ],
    }
}

/// Every chart with sample data.
fn all_charts(lang: Lang) -> Vec<(&'static str, String)> {
    vec![
        ("line_bands", line_bands(&sample_line(lang, 260))),
        ("dot_intervals", dot_intervals(&sample_forest(lang))),
        ("diverging_bars", diverging_bars(&sample_diverging(lang))),
        ("waterfall", waterfall(&sample_waterfall(lang))),
        ("tornado", tornado(&sample_tornado(lang))),
        (
            "heatmap_categorical",
            heatmap_categorical(&sample_heatmap(lang)),
        ),
        ("scatter", scatter(&sample_scatter(lang))),
    ]
}

/// A minimal XML check: tags nest and close, attribute values are quoted,
/// every `&` starts one of the entities we write, and nothing follows the
/// root element.
fn assert_well_formed(name: &str, svg: &str) {
    assert!(svg.starts_with("<svg "), "{name}: does not start with <svg");
    assert!(svg.ends_with("</svg>"), "{name}: does not end with </svg>");
    for (i, _) in svg.match_indices('&') {
        let rest = &svg[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                .iter()
                .any(|e| rest.starts_with(e)),
            "{name}: bare & at {i}"
        );
    }
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = svg;
    while let Some(lt) = rest.find('<') {
        assert!(
            !rest[..lt].contains('>'),
            "{name}: stray > in text {:?}",
            &rest[..lt]
        );
        let gt = rest[lt..].find('>').expect("unclosed tag") + lt;
        let tag = &rest[lt + 1..gt];
        assert!(!tag.contains('<'), "{name}: < inside tag {tag}");
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "{name}: odd quotes in {tag}"
        );
        if let Some(closing) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop(),
                Some(closing),
                "{name}: mismatched </{closing}>"
            );
        } else {
            let tag_name = tag
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("");
            assert!(!tag_name.is_empty(), "{name}: empty tag name");
            if !tag.ends_with('/') {
                stack.push(tag_name);
            }
        }
        rest = &rest[gt + 1..];
        if stack.is_empty() {
            assert!(rest.is_empty(), "{name}: content after the root element");
        }
    }
    assert!(stack.is_empty(), "{name}: unclosed {stack:?}");
}

/// `(attribute, value)` pairs of all tags.
fn attributes(svg: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for tag in svg.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let parts: Vec<&str> = tag.split('"').collect();
        for pair in parts.chunks(2) {
            if let [name, value] = pair {
                let name = name.trim().trim_end_matches('=');
                let name = name.rsplit(' ').next().unwrap_or("");
                out.push((name.to_string(), value.to_string()));
            }
        }
    }
    out
}

const NUMERIC: &[&str] = &[
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "width",
    "height",
    "font-size",
    "stroke-width",
    "fill-opacity",
    "viewBox",
    "d",
    "stroke-dasharray",
];

fn assert_numbers_clean(name: &str, svg: &str) {
    for (attr, value) in attributes(svg) {
        if !NUMERIC.contains(&attr.as_str()) || value == "100%" {
            continue;
        }
        for token in value.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')) {
            if token.is_empty() {
                continue;
            }
            let parsed: f64 = token
                .parse()
                .unwrap_or_else(|_| panic!("{name}: {attr}={value:?} has bad number {token:?}"));
            assert!(parsed.is_finite(), "{name}: {attr}={value:?}");
            assert!(
                !(token.starts_with('-') && parsed == 0.0),
                "{name}: negative zero in {attr}={value:?}"
            );
            let decimals = token.split('.').nth(1).map_or(0, str::len);
            assert!(decimals <= 2, "{name}: {attr}={value:?} has >2 decimals");
            assert!(!token.ends_with('.'), "{name}: {attr}={value:?}");
            if token.contains('.') {
                assert!(!token.ends_with('0'), "{name}: untrimmed {attr}={value:?}");
            }
        }
        let allowed = if attr == "d" { " .-MLZ" } else { " .-," };
        assert!(
            value
                .chars()
                .all(|c| c.is_ascii_digit() || allowed.contains(c)),
            "{name}: {attr}={value:?}"
        );
    }
}

fn assert_self_contained(name: &str, svg: &str) {
    let lower = svg.to_ascii_lowercase();
    for bad in [
        "href",
        "src=",
        "url(",
        "@import",
        "<script",
        "javascript:",
        "<style",
        "<image",
        "<use",
        "<foreignobject",
        "<defs",
        "onload",
    ] {
        assert!(!lower.contains(bad), "{name}: contains {bad}");
    }
    assert_eq!(
        lower.matches("http").count(),
        1,
        "{name}: only the xmlns URI"
    );
    assert!(!svg.contains("NaN"), "{name}: NaN");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
    for attr in [
        " width=\"100%\"",
        " role=\"img\"",
        " aria-label=\"",
        " font-family=\"sans-serif\"",
        "<title>",
    ] {
        assert!(svg.contains(attr), "{name}: missing {attr}");
    }
    assert!(
        svg.matches(" id=\"").count() <= 1,
        "{name}: only the root may have an id"
    );
}

fn check(name: &str, svg: &str) {
    assert_well_formed(name, svg);
    assert_self_contained(name, svg);
    assert_numbers_clean(name, svg);
}

#[test]
fn same_input_gives_same_bytes() {
    for lang in [Lang::En, Lang::Nl] {
        let a = all_charts(lang);
        let b = all_charts(lang);
        assert_eq!(a, b);
        for (name, svg) in &a {
            assert!(svg.len() > 500, "{name} too small");
        }
    }
    // And from cloned input.
    let line = sample_line(Lang::En, 260);
    assert_eq!(line_bands(&line), line_bands(&line.clone()));
}

#[test]
fn sample_charts_are_well_formed_and_self_contained() {
    for lang in [Lang::En, Lang::Nl] {
        for (name, svg) in all_charts(lang) {
            check(name, &svg);
            assert!(svg.contains(" id=\"chart-"), "{name}: root id");
        }
    }
}

#[test]
fn user_text_is_escaped_everywhere() {
    let evil = EVIL.to_string();
    let mut o = opts(EVIL, EVIL, NumberFormat::eur(Lang::En));
    o.description = evil.clone();
    o.width = 2000.0;

    let mut line = sample_line(Lang::En, 30);
    line.options = o.clone();
    line.series[0].name = evil.clone();
    line.x_label = evil.clone();
    line.y_label = evil.clone();
    line.band_label = evil.clone();
    line.reference.as_mut().unwrap().label = evil.clone();

    let mut forest = sample_forest(Lang::En);
    forest.options = o.clone();
    forest.rows[0].label = evil.clone();
    forest.rows[0].heading = evil.clone();
    forest.rows[0].annotation = evil.clone();
    forest.series_names[0] = evil.clone();
    forest.inner_label = evil.clone();
    forest.x_label = evil.clone();
    forest.reference.as_mut().unwrap().label = evil.clone();

    let mut div = sample_diverging(Lang::En);
    div.options = o.clone();
    div.categories[0] = evil.clone();
    div.groups[0] = evil.clone();
    div.x_label = evil.clone();

    let mut wf = sample_waterfall(Lang::En);
    wf.options = o.clone();
    wf.steps[0].label = evil.clone();
    wf.total_label = evil.clone();
    wf.benefit_label = evil.clone();

    let mut tor = sample_tornado(Lang::En);
    tor.options = o.clone();
    tor.bars[0].parameter = evil.clone();
    tor.base_label = evil.clone();
    tor.low_label = evil.clone();

    let mut heat = sample_heatmap(Lang::En);
    heat.options = o.clone();
    heat.categories[0].name = evil.clone();
    heat.categories[1].short = evil.clone();
    heat.x_ticks[0] = evil.clone();
    heat.y_ticks[0] = evil.clone();
    heat.x_label = evil.clone();
    heat.y_label = evil.clone();
    heat.missing_label = evil.clone();

    let mut sc = sample_scatter(Lang::En);
    sc.options = o.clone();
    sc.points[0].label = evil.clone();
    sc.series_names[0] = evil.clone();
    sc.ratio_lines[0].label = evil.clone();
    sc.x_label = evil.clone();

    let charts = [
        ("line_bands", line_bands(&line)),
        ("dot_intervals", dot_intervals(&forest)),
        ("diverging_bars", diverging_bars(&div)),
        ("waterfall", waterfall(&wf)),
        ("tornado", tornado(&tor)),
        ("heatmap_categorical", heatmap_categorical(&heat)),
        ("scatter", scatter(&sc)),
    ];
    for (name, svg) in &charts {
        check(name, svg);
        assert!(svg.contains(EVIL_ESCAPED), "{name}: escaped label missing");
        assert!(
            svg.contains("id=\"chart-script-alert-x-script-quote\""),
            "{name}"
        );
        assert!(
            svg.contains(&format!("aria-label=\"{EVIL_ESCAPED}\"")),
            "{name}"
        );
        assert!(
            svg.contains(&format!("<desc>{EVIL_ESCAPED}</desc>")),
            "{name}"
        );
    }
    // Control characters are dropped, line breaks become spaces.
    assert_eq!(escape_xml("a\u{1}b\nc\u{ffff}"), "ab c");
}

#[test]
fn a_hostile_theme_cannot_inject_markup() {
    let mut line = sample_line(Lang::En, 20);
    let mut theme = DEFAULT_THEME;
    theme.series[0] = "red\" onload=\"alert(1)";
    theme.text = "url(#x)";
    theme.dashes[1] = "4 4\"/><script>";
    theme.font_size = f64::NAN;
    theme.band_opacity = 7.0;
    line.options.theme = theme;
    let svg = line_bands(&line);
    check("line_bands", &svg);
    assert!(svg.contains(DEFAULT_THEME.series[0]));
    let t = theme.sanitized();
    assert_eq!(t.series[0], DEFAULT_THEME.series[0]);
    assert_eq!(t.text, DEFAULT_THEME.text);
    assert_eq!(t.dashes[1], DEFAULT_THEME.dashes[1]);
    assert_eq!(t.font_size, 13.0);
    assert_eq!(t.band_opacity, 0.2);
    let mut ok = DEFAULT_THEME;
    ok.series[0] = "steelblue";
    ok.text = "#000";
    assert_eq!(ok.sanitized(), ok);
}

#[test]
fn degenerate_inputs_never_panic() {
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    let weird: [&[f64]; 8] = [
        &[],
        &[nan, nan],
        &[inf, -inf, nan],
        &[3.0],
        &[5.0, 5.0, 5.0, 5.0],
        &[-4.0, -2.0, -9.0],
        &[1e300, -1e300, f64::MAX, f64::MIN_POSITIVE],
        &[0.0, -0.0, nan, 1.0, inf, 2.0],
    ];
    let mut outputs = Vec::new();
    for (k, vals) in weird.iter().enumerate() {
        let v = |i: usize| vals.get(i).copied().unwrap_or(nan);
        for (width, height) in [
            (720.0, 0.0),
            (1.0, 1.0),
            (nan, inf),
            (-5.0, 90_000.0),
            (1e9, 400.0),
        ] {
            let fmt = if k % 2 == 0 {
                NumberFormat::eur(Lang::Nl)
            } else {
                NumberFormat::share(Lang::En, 1)
            };
            let mut o = opts("degenerate", "", fmt);
            o.width = width;
            o.height = height;
            o.show_title = k % 3 != 0;

            let mut line = sample_line(Lang::Nl, 0);
            line.options = o.clone();
            line.series = vec![
                LineSeries {
                    name: "a".into(),
                    mean: vals.to_vec(),
                    lower: vals.iter().map(|x| x - 1.0).collect(),
                    upper: vals.iter().rev().copied().collect(),
                },
                LineSeries {
                    name: String::new(),
                    mean: vals.to_vec(),
                    lower: Vec::new(),
                    upper: vec![1.0],
                },
            ];
            line.first_week = v(0);
            line.time_axis = TimeAxis::Years {
                weeks_per_year: v(1),
            };
            line.reference = Some(ReferenceLine {
                value: v(2),
                label: "r".into(),
            });
            line.y_include_zero = k % 2 == 1;
            outputs.push(("line_bands", line_bands(&line)));
            line.time_axis = TimeAxis::Weeks;
            outputs.push(("line_bands weeks", line_bands(&line)));

            let rows: Vec<IntervalRow> = (0..vals.len())
                .map(|i| IntervalRow {
                    label: format!("row {i}"),
                    heading: if i == 1 { "h".into() } else { String::new() },
                    series: usize::MAX - i,
                    mean: v(i),
                    inner_low: v(i + 1),
                    inner_high: v(i),
                    outer_low: v(i + 2),
                    outer_high: v(0),
                    annotation: String::new(),
                })
                .collect();
            let forest = DotIntervals {
                options: o.clone(),
                rows,
                reference: Some(ReferenceLine {
                    value: v(1),
                    label: "0".into(),
                }),
                ..DotIntervals::default()
            };
            outputs.push(("dot_intervals", dot_intervals(&forest)));

            let div = DivergingBars {
                options: o.clone(),
                categories: (0..vals.len()).map(|i| format!("c{i}")).collect(),
                groups: vec!["g".into()],
                values: vec![vals.to_vec(), Vec::new(), vals.to_vec()],
                x_label: String::new(),
                show_values: true,
            };
            outputs.push(("diverging_bars", diverging_bars(&div)));

            let wf = Waterfall {
                options: o.clone(),
                steps: vals
                    .iter()
                    .map(|&value| WaterfallStep {
                        label: "s".into(),
                        value,
                    })
                    .collect(),
                domain: Some((v(0), v(1))),
                ..Waterfall::default()
            };
            outputs.push(("waterfall", waterfall(&wf)));

            let tor = Tornado {
                options: o.clone(),
                bars: (0..vals.len())
                    .map(|i| TornadoBar {
                        parameter: format!("p{i}"),
                        low: v(i),
                        high: v(i + 1),
                    })
                    .collect(),
                base: v(2),
                max_bars: k % 3,
                ..Tornado::default()
            };
            outputs.push(("tornado", tornado(&tor)));

            let heat = CategoricalHeatmap {
                options: o.clone(),
                categories: vec![HeatCategory {
                    name: "x".into(),
                    short: "X".into(),
                }],
                cells: (0..vals.len())
                    .map(|r| {
                        (0..r)
                            .map(|c| Some(if c % 2 == 0 { c } else { usize::MAX - c }))
                            .collect()
                    })
                    .collect(),
                x_ticks: (0..k).map(|c| format!("col {c}")).collect(),
                y_ticks: Vec::new(),
                ..CategoricalHeatmap::default()
            };
            outputs.push(("heatmap_categorical", heatmap_categorical(&heat)));

            let sc = Scatter {
                options: o.clone(),
                points: (0..vals.len())
                    .map(|i| ScatterPoint {
                        x: v(i),
                        y: v(vals.len() - 1 - i),
                        label: "pt".into(),
                        series: i,
                        x_interval: (i % 3 == 0).then(|| (v(i) - 1.0, v(i) + 1.0)),
                    })
                    .collect(),
                include_zero: k % 2 == 0,
                ratio_lines: vec![
                    ReferenceLine {
                        value: v(0),
                        label: "a".into(),
                    },
                    ReferenceLine {
                        value: 0.0,
                        label: "b".into(),
                    },
                    ReferenceLine {
                        value: -1.0,
                        label: "c".into(),
                    },
                ],
                ..Scatter::default()
            };
            outputs.push(("scatter", scatter(&sc)));
        }
    }
    for (name, svg) in &outputs {
        check(name, svg);
    }
}

#[test]
fn empty_input_draws_a_frame_with_a_note() {
    let en = opts("e", "Nothing yet", NumberFormat::number(Lang::En, 0));
    let nl = opts("e", "", NumberFormat::number(Lang::Nl, 0));
    let charts = [
        line_bands(&LineBands {
            options: en.clone(),
            ..LineBands::default()
        }),
        dot_intervals(&DotIntervals {
            options: en.clone(),
            ..DotIntervals::default()
        }),
        diverging_bars(&DivergingBars {
            options: en.clone(),
            ..DivergingBars::default()
        }),
        waterfall(&Waterfall {
            options: en.clone(),
            ..Waterfall::default()
        }),
        tornado(&Tornado {
            options: en.clone(),
            ..Tornado::default()
        }),
        heatmap_categorical(&CategoricalHeatmap {
            options: en.clone(),
            ..CategoricalHeatmap::default()
        }),
        scatter(&Scatter {
            options: en.clone(),
            ..Scatter::default()
        }),
    ];
    for svg in &charts {
        check("empty", svg);
        assert!(svg.contains("No data to display"));
        assert!(svg.contains("Nothing yet"));
    }
    let svg = scatter(&Scatter {
        options: nl,
        ..Scatter::default()
    });
    assert!(svg.contains("Geen gegevens om te tonen"));
    assert!(svg.contains("aria-label=\"Grafiek\""));
}

#[test]
fn fmt_coord_table() {
    let cases: &[(f64, &str)] = &[
        (0.0, "0"),
        (-0.0, "0"),
        (-0.001, "0"),
        (-0.004_999, "0"),
        (-0.006, "-0.01"),
        (12.0, "12"),
        (12.5, "12.5"),
        (12.345_6, "12.35"),
        (-12.3, "-12.3"),
        (100.0, "100"),
        (0.1 + 0.2, "0.3"),
        (f64::NAN, "0"),
        (f64::INFINITY, "0"),
        (1e300, "1000000"),
        (-1e300, "-1000000"),
    ];
    for &(x, want) in cases {
        assert_eq!(fmt_coord(x), want, "{x}");
    }
}

#[test]
fn sanitize_id_table() {
    let cases = [
        ("Fig 3: Kosten & baten", "fig-3-kosten-baten"),
        ("--A--b--", "a-b"),
        ("wijk-é-team", "wijk-team"),
        ("", ""),
        ("€€€", ""),
        (EVIL, "script-alert-x-script-quote"),
    ];
    for (input, want) in cases {
        assert_eq!(sanitize_id(input), want, "{input}");
    }
    assert_eq!(sanitize_id(&"x".repeat(500)).len(), 64);
    let mut line = sample_line(Lang::En, 10);
    line.options.id = "€".into();
    assert!(!line_bands(&line).contains(" id="));
}

#[test]
fn dutch_charts_use_dutch_numbers() {
    let wf = waterfall(&sample_waterfall(Lang::Nl));
    assert!(wf.contains("−€\u{a0}4,2\u{a0}mln"), "signed cost label");
    assert!(wf.contains("+€\u{a0}3,1\u{a0}mln"), "signed benefit label");
    assert!(wf.contains(">€\u{a0}1,9\u{a0}mln<"), "total label");
    let en = waterfall(&sample_waterfall(Lang::En));
    assert!(en.contains("−€4.2\u{a0}million"));
    assert!(en.contains(">€1.9\u{a0}million<"));
    let forest = dot_intervals(&sample_forest(Lang::Nl));
    assert!(forest.contains("[−3,1; −0,8]"), "Dutch interval");
}

#[test]
fn tornado_is_sorted_by_swing() {
    let svg = tornado(&sample_tornado(Lang::En));
    let pos = |s: &str| svg.find(s).unwrap_or_else(|| panic!("{s} missing"));
    let order = [
        "Caseload per worker",
        "Take-up of debt help",
        "Discount rate",
        "Staff wage",
        "Eviction cost",
    ];
    for pair in order.windows(2) {
        assert!(
            pos(pair[0]) < pos(pair[1]),
            "{} before {}",
            pair[0],
            pair[1]
        );
    }
    let mut two = sample_tornado(Lang::En);
    two.max_bars = 2;
    let svg = tornado(&two);
    assert!(svg.contains("Take-up") && !svg.contains("Discount rate"));
    assert!(svg.contains("Base: €6.3\u{a0}million"));
}

#[test]
fn scatter_intervals_widen_the_axis_and_keep_labels_off_their_line() {
    let point = |x: f64, y: f64, interval: Option<(f64, f64)>| ScatterPoint {
        x,
        y,
        label: "Extra intake hours".into(),
        series: 0,
        x_interval: interval,
    };
    let chart = |interval| Scatter {
        options: opts("iv", "Intervals", NumberFormat::number(Lang::En, 0)),
        points: vec![point(10.0, 5.0, interval), point(2.0, 1.0, None)],
        include_zero: true,
        ..Scatter::default()
    };
    let plain = scatter(&chart(None));
    let with = scatter(&chart(Some((4.0, 31.0))));
    check("scatter-interval", &with);
    // The interval's end (31) lies beyond the points: the axis reaches 40.
    assert!(!plain.contains(">40<") && with.contains(">40<"));
    // The line and its two end ticks, on the same axes (a point at 31 too).
    let mut far = chart(None);
    far.points.push(point(31.0, 2.0, None));
    let far_plain = scatter(&far);
    far.points[0].x_interval = Some((4.0, 31.0));
    assert_eq!(
        scatter(&far).matches("<line").count(),
        far_plain.matches("<line").count() + 3
    );
    // The label of the point with an interval is not drawn beside it, on the
    // line, but centred above or below it.
    let labels: Vec<&str> = with
        .split("<text")
        .filter(|t| t.contains(">Extra intake hours<"))
        .collect();
    assert_eq!(labels.len(), 2);
    assert!(
        labels.iter().any(|t| t.contains("text-anchor=\"middle\"")),
        "{labels:?}"
    );
    // An interval with a missing end is left out, not drawn to zero.
    let nan = scatter(&chart(Some((f64::NAN, 31.0))));
    assert_eq!(nan, plain);
}

#[test]
fn lines_break_at_gaps_and_lone_points_are_dots() {
    let mut line = sample_line(Lang::En, 10);
    line.series.truncate(1);
    line.series[0].mean = vec![1.0, 2.0, f64::NAN, 3.0, 4.0, f64::INFINITY, 5.0];
    line.series[0].lower.clear();
    line.reference = None;
    let svg = line_bands(&line);
    let d = attributes(&svg)
        .into_iter()
        .filter(|(a, _)| a == "d")
        .map(|(_, v)| v)
        .next_back()
        .unwrap();
    assert_eq!(d.matches('M').count(), 2, "{d}");
    assert_eq!(svg.matches("<circle").count(), 1);
}

#[test]
fn typical_line_chart_stays_small() {
    let svg = line_bands(&sample_line(Lang::En, 260));
    eprintln!("3 models x 260 weeks: {} bytes", svg.len());
    assert!(svg.len() < 64_000, "{} bytes", svg.len());
}

/// Writes every sample chart to `$CHART_GALLERY/<name>-<lang>.svg` for a
/// look by eye; does nothing unless that variable is set.
#[test]
fn write_gallery_when_asked() {
    let Some(dir) = std::env::var_os("CHART_GALLERY") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (lang, tag) in [(Lang::En, "en"), (Lang::Nl, "nl")] {
        for (name, svg) in all_charts(lang) {
            std::fs::write(dir.join(format!("{name}-{tag}.svg")), svg).unwrap();
        }
    }
    let mut one = sample_line(Lang::En, 1);
    one.options.title = "One week only".into();
    let mut flat = sample_line(Lang::En, 30);
    flat.options.title = "All equal, one gap".into();
    for s in &mut flat.series {
        s.mean = vec![5.0; 30];
        s.mean[12] = f64::NAN;
        s.lower.clear();
    }
    flat.reference = None;
    let mut narrow = sample_forest(Lang::Nl);
    narrow.options.width = 240.0;
    let mut nodata = sample_tornado(Lang::Nl);
    nodata.bars.clear();
    for (name, svg) in [
        ("edge-one-week", line_bands(&one)),
        ("edge-flat", line_bands(&flat)),
        ("edge-narrow-forest", dot_intervals(&narrow)),
        ("edge-empty", tornado(&nodata)),
    ] {
        std::fs::write(dir.join(format!("{name}.svg")), svg).unwrap();
    }
}
