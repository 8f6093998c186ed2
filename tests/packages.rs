//! Packages, not labels (docs/ODD.md section 8): a linkage model with what comes with
//! it, compared with common random numbers against the plain reference model.

use wijksim::comparison::{self, CompareOptions};
use wijksim::export;
use wijksim::model::LinkageModel;
use wijksim::scenario::{self, Scenario};

/// A small municipality (two years after the switch, four replications) with
/// `packages` appended to its scenario text.
fn small(packages: &str) -> Scenario {
    let text = format!(
        "[scenario]\nname = \"small\"\n[population]\nhouseholds = 6000\n[districts]\nteams = 3\n\
         [run]\nreplications = 4\nwarmup_weeks = 52\nhorizon_weeks = 156\n{packages}"
    );
    scenario::load_str(&text, "small.toml", &[]).unwrap()
}

fn compare(s: &Scenario) -> comparison::Comparison {
    let opts = CompareOptions {
        models: LinkageModel::ALL.to_vec(),
        ..CompareOptions::default()
    };
    comparison::compare(s, &opts, &|_| {}).unwrap()
}

const PLAIN: &str = "[[package]]\nname = \"broad\"\nmodel = \"broad\"\n\
                     [[package]]\nname = \"partial\"\nmodel = \"partial\"\n\
                     [[package]]\nname = \"separate\"\nmodel = \"separate\"\n";

#[test]
fn the_three_plain_packages_are_the_scenario_without_packages() {
    // Existing scenario files keep working unchanged: the same bytes in every file.
    let (none, plain) = (small(""), small(PLAIN));
    let (a, b) = (compare(&none), compare(&plain));
    assert!(a.packages.is_none() && b.packages.is_none());
    let files = |c: &comparison::Comparison, s: &Scenario| export::run_files(c, s).unwrap();
    let (fa, fb) = (files(&a, &none), files(&b, &plain));
    assert_eq!(
        fa.iter().map(|f| f.0).collect::<Vec<_>>(),
        fb.iter().map(|f| f.0).collect::<Vec<_>>()
    );
    for ((name, x), (_, y)) in fa.iter().zip(&fb) {
        if *name == "scenario.resolved.toml" {
            // Its header records the input's SHA-256, which differs with the text;
            // every value below it must not.
            let body = |b: &[u8]| {
                String::from_utf8_lossy(b)
                    .lines()
                    .filter(|l| !l.starts_with("# input sha256:"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert_eq!(body(x), body(y));
            continue;
        }
        assert!(x == y, "{name} differs");
    }
}

#[test]
fn six_packages_share_the_dice_and_a_package_that_adds_nothing_is_its_model() {
    // The default set: the three models, each also with a credit bank that follows
    // demand; and a package whose value is the default anyway ("fixed"), which must
    // give its plain model's numbers exactly: common random numbers, and no label.
    let demand = |m: &str| {
        format!(
            "[[package]]\nname = \"{m}_demand\"\nmodel = \"{m}\"\n[package.set]\n\"debt_help.capacity_rule\" = \"follows_demand\"\n"
        )
    };
    let text = format!(
        "{PLAIN}{}{}{}[[package]]\nname = \"partial_fixed\"\nmodel = \"partial\"\n[package.set]\n\"debt_help.capacity_rule\" = \"fixed\"\n",
        demand("broad"),
        demand("partial"),
        demand("separate")
    );
    let s = small(&text);
    let c = compare(&s);
    let p = c.packages.as_ref().expect("packages compared");
    let names: Vec<&str> = p.packages.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "broad",
            "partial",
            "separate",
            "broad_demand",
            "partial_demand",
            "separate_demand",
            "partial_fixed"
        ]
    );
    let of = |n: &str| p.packages.iter().find(|x| x.name == n).unwrap();
    for (h, (a, b)) in of("partial")
        .horizons
        .iter()
        .zip(&of("partial_fixed").horizons)
        .enumerate()
    {
        assert_eq!(a.npv.mean, b.npv.mean, "horizon {h}");
        assert_eq!(a.npv.lo, b.npv.lo, "horizon {h}");
    }
    // The plain packages' NPVs are the model comparison's.
    let main = c.mkba.as_ref().unwrap();
    for m in LinkageModel::ALL {
        let model_npv = main
            .summaries()
            .iter()
            .find(|x| x.model == m)
            .unwrap()
            .npv
            .mean;
        assert!((of(m.name()).horizons[p.main].npv.mean - model_npv).abs() < 1e-6);
    }
    // The capacity rule is a real mechanism: the demand package runs another bank.
    assert_ne!(
        of("partial_demand").counsellor_posts,
        of("partial").counsellor_posts
    );
    // Probabilities of being best add up to one over the packages.
    let total: f64 = p
        .packages
        .iter()
        .map(|x| x.horizons[p.main].probability_best)
        .sum();
    assert!((total - 1.0).abs() < 1e-9);
    // The recommendation names the best package and what comes with it.
    let text = c
        .recommendation
        .as_ref()
        .unwrap()
        .render(wijksim::format::Lang::En);
    assert!(
        text.contains(&format!("{} scores highest", p.best().name)),
        "{text}"
    );
    // And the resolved scenario gives the same packages back.
    let resolved = scenario::resolved_toml(&s, "test", 1, 4);
    let again = scenario::load_str(&resolved, "resolved", &[]).unwrap();
    assert_eq!(again.packages, s.packages);
}

#[test]
fn compare_writes_the_packages_and_the_report_shows_them_in_both_languages() {
    let tmp = tempfile::TempDir::new().unwrap();
    let file = tmp.path().join("small.toml");
    std::fs::write(
        &file,
        "[scenario]\nname = \"small\"\n[population]\nhouseholds = 3000\n[districts]\nteams = 2\n\
         [run]\nreplications = 2\nwarmup_weeks = 26\nhorizon_weeks = 104\n\
         [[package]]\nname = \"separate\"\nmodel = \"separate\"\n\
         [[package]]\nname = \"partial_demand\"\nmodel = \"partial\"\n\
         description = \"partial, with a bank that follows demand\"\n\
         [package.set]\n\"debt_help.capacity_rule\" = \"follows_demand\"\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin("wijksim");
    std::process::Command::new(&bin)
        .args(["compare", file.to_str().unwrap(), "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let csv = std::fs::read_to_string(out.join("packages.csv")).unwrap();
    assert!(csv
        .lines()
        .any(|l| l.starts_with("partial_demand,partial,")));
    assert!(out.join("packages_detail.csv").exists());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Packages: a model with what comes with it"));
    // The answer box names the best package, not only the best model.
    assert!(html.contains("Of the 2 packages compared (a model with what comes with it)"));
    assert!(
        html.contains("partial_demand")
            && html.contains("partial, with a bank that follows demand")
    );
    let status = std::process::Command::new(&bin)
        .args(["report", out.to_str().unwrap(), "--lang", "nl"])
        .status()
        .unwrap();
    assert!(status.success());
    let nl = std::fs::read_to_string(out.join("report.nl.html")).unwrap();
    assert!(
        nl.contains("Pakketten: een model met wat erbij hoort") && nl.contains("partial_demand")
    );
    assert!(nl.contains("Van de 2 vergeleken pakketten"));
}
