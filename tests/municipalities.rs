//! Scenarios of many municipalities (issue 6): each municipality runs on its own and
//! the results add up; a list of one is the plain scenario; the bytes do not depend on
//! the number of threads (tests/cli.rs) .

use wijksim::model::LinkageModel;
use wijksim::runner::{self, Results, RunSpec};
use wijksim::scenario;

const BASE: &str = "[run]\nreplications = 3\nwarmup_weeks = 26\nhorizon_weeks = 52\n";

fn run(text: &str, by_municipality: bool) -> Results {
    let s = scenario::load_str(text, "test", &[]).unwrap();
    let mut spec = RunSpec::from_scenario(&s, LinkageModel::ALL.to_vec());
    spec.by_municipality = by_municipality;
    runner::run(&s, &spec, &|| {})
}

#[test]
fn a_list_of_one_is_the_plain_scenario() {
    let plain = run(
        &format!("{BASE}[population]\nhouseholds = 6000\n[districts]\nteams = 2\n"),
        false,
    );
    let listed = run(
        &format!("{BASE}[[municipality]]\nname = \"Aa\"\nhouseholds = 6000\nteams = 2\n"),
        false,
    );
    assert_eq!(plain.runs.len(), listed.runs.len());
    for (a, b) in plain.runs.iter().zip(&listed.runs) {
        assert_eq!(a.outcomes, b.outcomes);
        assert_eq!(a.series, b.series);
        assert_eq!(a.years, b.years);
    }
}

#[test]
fn municipalities_add_up() {
    let text = format!(
        "{BASE}[[municipality]]\nname = \"Aa\"\nhouseholds = 6000\n\n\
         [[municipality]]\nname = \"Bee\"\nhouseholds = 2500\nteams = 1\n\n\
         [[municipality]]\nname = \"Cee\"\nhouseholds = 4000\n"
    );
    let r = run(&text, true);
    assert_eq!(r.runs.len(), 3 * 3);
    assert_eq!(r.by_municipality.len(), 3 * 3 * 3);
    // Counts (not rates) add up exactly over the municipalities of a run.
    let counts = [
        "households",
        "unresolved_debt_households",
        "arrangement_households",
        "reintakes",
        "dropouts",
        "sanctions",
        "arrangements_completed",
        "vacancy_weeks",
        "waiting_list_end",
        "debt_help_dropouts",
    ];
    for run in &r.runs {
        let parts: Vec<_> = r
            .by_municipality
            .iter()
            .filter(|m| m.model == run.model && m.replication == run.replication)
            .collect();
        assert_eq!(
            parts
                .iter()
                .map(|m| m.municipality.as_str())
                .collect::<Vec<_>>(),
            ["Aa", "Bee", "Cee"]
        );
        for name in counts {
            let total: f64 = parts.iter().map(|m| m.outcomes.get(name).unwrap()).sum();
            assert_eq!(run.outcomes.get(name).unwrap(), total, "{name}");
        }
        assert_eq!(run.outcomes.get("households").unwrap(), 12_500.0);
        // Teams are counted over all municipalities: 6000 and 4000 households at the
        // default 8,333 per team give 1 and 1 (rounded, at least one), plus Bee's 1.
        assert_eq!(run.teams_by_model.iter().sum::<u32>(), 3);
    }
    // Municipalities differ from one another: they are not copies.
    let of = |name: &str| {
        &r.by_municipality
            .iter()
            .find(|m| m.municipality == name && m.model == LinkageModel::Separate)
            .unwrap()
            .outcomes
    };
    let (aa, cee) = (of("Aa"), of("Cee"));
    assert_ne!(aa.get("reintakes"), cee.get("reintakes"));
}

#[test]
fn team_lists_count_the_teams_of_each_municipality() {
    // Team 3 exists in both municipalities, though the scenario's own districts.teams
    // (used only for the default team size) is 2.
    let ok = "[districts]\nteams = 2\n[policy]\npilot_teams = [3]\n\
              [[municipality]]\nname = \"Aa\"\nhouseholds = 6000\nteams = 3\n\
              [[municipality]]\nname = \"Bee\"\nhouseholds = 9000\nteams = 4\n";
    assert!(scenario::load_str(ok, "test", &[]).is_ok());
    // ... and not in a municipality of two teams: the error names it.
    let bad = ok.replace("teams = 4", "teams = 2");
    let e = scenario::load_str(&bad, "test", &[])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("municipality \"Bee\"") && e.contains("pilot_teams"),
        "{e}"
    );
}
