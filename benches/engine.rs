//! Engine throughput in household-weeks per second, on one core.
//!
//! Criterion's "thrpt" line is in elements per second, and an element here is one
//! household-week, so it reads directly as household-weeks per second (issue 6 sets the
//! target at 100 M per core on the default scenario).
//!
//! * `step_52_weeks_{small,medium,large}/separate` (and `medium/broad`): a municipality
//!   of 5,000 households and 3 teams (`scenarios/workshop.toml`), of 75,000 and 9 (the
//!   embedded default) and of 480,000 and 58 (Amsterdam-sized: the default with more
//!   households and teams), every mechanism on, warmed up under the status quo,
//!   switched to the model, then 52 weeks stepped from a copy of that state. The copy is
//!   made outside the timed part.
//! * `workshop_full_run`: a whole `runner::run` of `scenarios/workshop.toml` (all three
//!   models, every replication, warm-up included) in a one-thread rayon pool, so it is
//!   single-threaded like the others. Its household-weeks are
//!   `replications x households x (warm-up + models x horizon)`: the warm-up is run once
//!   per replication and shared by the models.
//!
//! Run with `cargo bench --bench engine` (a few minutes on two cores), or
//! `cargo bench --bench engine -- --quick` for a rough figure in seconds. For a whole
//! scenario at several thread counts, with peak memory, use `wijksim bench`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;
use wijksim::model::{LinkageModel, Municipality};
use wijksim::rng::RepKey;
use wijksim::runner::{self, RunSpec};
use wijksim::scenario::{self, Scenario};

const WEEKS: u32 = 52;

/// The default scenario after its warm-up, switched to `model`.
fn switched(s: &Scenario, model: LinkageModel) -> Municipality {
    let mut m = Municipality::new(&s.warmup, RepKey::new(1, 0));
    m.run_weeks(s.warmup.run.warmup_weeks);
    m.switch(&s.policy, model);
    m
}

fn step_weeks(c: &mut Criterion) {
    let workshop = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/workshop.toml");
    let small = scenario::load_file(&workshop, &[]).expect("scenarios/workshop.toml loads");
    let medium = scenario::load_default(&[]).expect("embedded default scenario loads");
    let large = scenario::load_default(&[
        "population.households=480000".parse().expect("override"),
        "districts.teams=58".parse().expect("override"),
    ])
    .expect("default scenario with 480,000 households loads");
    for (size, s, models) in [
        ("small", &small, &[LinkageModel::Separate][..]),
        (
            "medium",
            &medium,
            &[LinkageModel::Separate, LinkageModel::Broad][..],
        ),
        ("large", &large, &[LinkageModel::Separate][..]),
    ] {
        let households = s.warmup.population.households as u64;
        let mut g = c.benchmark_group(format!("step_52_weeks_{size}"));
        g.sample_size(10)
            .measurement_time(Duration::from_secs(if size == "large" { 20 } else { 10 }))
            .sampling_mode(SamplingMode::Flat)
            .throughput(Throughput::Elements(households * WEEKS as u64));
        for &model in models {
            let start = switched(s, model);
            g.bench_function(model.name(), |b| {
                b.iter_batched(
                    || start.clone(),
                    |mut m| {
                        m.run_weeks(WEEKS);
                        black_box(m.week);
                        // Returned so the drop is not timed.
                        m
                    },
                    BatchSize::LargeInput,
                )
            });
        }
        g.finish();
    }
}

fn workshop_full_run(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/workshop.toml");
    let s = scenario::load_file(&path, &[]).expect("scenarios/workshop.toml loads");
    let spec = RunSpec::from_scenario(&s, LinkageModel::ALL.to_vec());
    let household_weeks = runner::household_weeks(&s, &spec);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("one-thread pool");
    let mut g = c.benchmark_group("workshop_full_run");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .sampling_mode(SamplingMode::Flat)
        .throughput(Throughput::Elements(household_weeks));
    g.bench_function("all_models_1_thread", |b| {
        b.iter(|| pool.install(|| black_box(runner::run(&s, &spec, &|| {}))))
    });
    g.finish();
}

criterion_group!(benches, step_weeks, workshop_full_run);
criterion_main!(benches);
