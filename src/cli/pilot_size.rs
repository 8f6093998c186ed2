//! `wijksim pilot-size`: how many teams and months a pilot needs (80% power).

use super::output::{emit, header, out_dir, write_set};
use super::RunArgs;
use anyhow::Context;
use std::fmt::Write as _;
use wijksim::model::LinkageModel;
use wijksim::pilot::{power_table, smallest, PilotOutcome};
use wijksim::runner::{self, RunSpec};
use wijksim::scenario::Override;

/// Options of `pilot-size`.
pub struct PilotArgs<'a> {
    pub run: &'a RunArgs,
    pub model: LinkageModel,
    pub against: Option<LinkageModel>,
    pub outcome: PilotOutcome,
    pub outcome_name: String,
    pub months: u32,
    pub max_teams: usize,
    pub trials: u32,
}

/// Simulate both arms, resample pilots, print and write the power table.
pub fn pilot_size(a: &PilotArgs) -> anyhow::Result<()> {
    let weeks = (a.months as f64 * 52.0 / 12.0).round() as u32;
    let extra = [Override {
        key: "run.horizon_weeks".into(),
        value: weeks.to_string(),
    }];
    let s = a.run.load_with(&extra)?;
    let mut spec = RunSpec::from_scenario(&s, Vec::new());
    let control = a.against.unwrap_or(spec.reference);
    if control == a.model {
        anyhow::bail!(super::CliError::SameModels {
            model: a.model.name()
        });
    }
    spec.models = vec![a.model, control];
    spec.snapshot_weeks = 26;
    let results = runner::run(&s, &spec, &|| {});
    let cells = power_table(&results, a.model, control, a.outcome, a.max_teams, a.trials);

    let mut text = String::new();
    let _ = writeln!(
        text,
        "Pilot sizing: {} in pilot teams against {} in control teams, outcome '{}'.\n\
         Unpaired design clustered by team; teams drawn from {} replication(s) x {} team(s) per arm; \
         {} resampled pilots per cell; Welch t-test at 5%.\n",
        a.model.name(),
        control.name(),
        a.outcome_name,
        spec.replications,
        s.teams(),
        a.trials
    );
    let ks: Vec<usize> = (2..=a.max_teams).collect();
    let _ = writeln!(
        text,
        "power by teams per arm (columns) and pilot length (rows)"
    );
    let _ = writeln!(
        text,
        "{:>8}{}",
        "months",
        ks.iter().map(|k| format!("{k:>6}")).collect::<String>()
    );
    let mut weeks_seen: Vec<u16> = cells.iter().map(|c| c.weeks).collect();
    weeks_seen.dedup();
    for w in &weeks_seen {
        let row: String = ks
            .iter()
            .map(|&k| {
                cells
                    .iter()
                    .find(|c| c.weeks == *w && c.teams_per_arm == k)
                    .map_or("     -".into(), |c| format!("{:>5.0}%", c.power * 100.0))
            })
            .collect();
        let _ = writeln!(text, "{:>8}{row}", (*w as f64 * 12.0 / 52.0).round());
    }
    match smallest(&cells, 0.8) {
        Some(c) => {
            let _ = writeln!(
                text,
                "\nSmallest pilot with 80% power: {} teams per arm ({} in all) for {} months (difference in team means {:+.4}).",
                c.teams_per_arm,
                2 * c.teams_per_arm,
                (c.weeks as f64 * 12.0 / 52.0).round(),
                c.difference
            );
        }
        None => {
            let _ = writeln!(
                text,
                "\nNo pilot up to {} teams per arm and {} months reaches 80% power: the difference is too small to \
                 detect in a team pilot of this size; consider another outcome, a longer pilot or more teams.",
                a.max_teams, a.months
            );
        }
    }

    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "pilot_model",
        "control_model",
        "outcome",
        "months",
        "teams_per_arm",
        "power",
        "difference",
    ])?;
    for c in &cells {
        w.write_record([
            a.model.name().to_string(),
            control.name().to_string(),
            a.outcome_name.clone(),
            format!("{}", (c.weeks as f64 * 12.0 / 52.0).round()),
            c.teams_per_arm.to_string(),
            format!("{}", c.power),
            format!("{}", c.difference),
        ])?;
    }
    let bytes = w.into_inner().context("formatting pilot_power.csv")?;
    let out_dir = out_dir(a.run.out.as_deref(), &s);
    write_set(
        &out_dir,
        header(&s, s.policy.run.seed),
        vec![("pilot_power.csv", bytes)],
    )?;
    emit(&text)?;
    eprintln!("wrote pilot_power.csv to {}", out_dir.display());
    Ok(())
}
