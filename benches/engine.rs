//! Engine throughput in household-weeks per second, on one core.
//!
//! Criterion's "thrpt" line is in elements per second, and an element here is one
//! household-week, so it reads directly as household-weeks per second (MODEL.md
//! section 6 sets the long-term target at 100 M per core).
//!
//! * `step_52_weeks/separate` and `/broad`: the embedded default scenario (75,000
//!   households, nine teams, every mechanism on), warmed up under the status quo,
//!   switched to the model, then 52 weeks stepped from a copy of that state. The copy is
//!   made outside the timed part.
//! * `workshop_full_run`: a whole `runner::run` of `scenarios/workshop.toml` (all three
//!   models, every replication, warm-up included) in a one-thread rayon pool, so it is
//!   single-threaded like the others. Its household-weeks are
//!   `replications x households x (warm-up + models x horizon)`: the warm-up is run once
//!   per replication and shared by the models.
//!
//! Run with `cargo bench --bench engine` (about two minutes on two cores), or
//! `cargo bench --bench engine -- --quick` for a rough figure in a few seconds.

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
    let s = scenario::load_default(&[]).expect("embedded default scenario loads");
    let households = s.warmup.population.households as u64;
    let mut g = c.benchmark_group("step_52_weeks");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .sampling_mode(SamplingMode::Flat)
        .throughput(Throughput::Elements(households * WEEKS as u64));
    for model in [LinkageModel::Separate, LinkageModel::Broad] {
        let start = switched(&s, model);
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

fn workshop_full_run(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/workshop.toml");
    let s = scenario::load_file(&path, &[]).expect("scenarios/workshop.toml loads");
    let spec = RunSpec::from_scenario(&s, LinkageModel::ALL.to_vec());
    let run = &s.policy.run;
    let household_weeks = spec.replications as u64
        * s.policy.population.households as u64
        * (run.warmup_weeks as u64 + spec.models.len() as u64 * run.horizon_weeks as u64);
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
