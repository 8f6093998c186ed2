//! What-ifs: a request's parameter changes laid on the base scenario (validated by the
//! registry exactly as `--set`), warm-ups kept per warm-up identity, answers computed a
//! few replications at a time through the one comparison pipeline
//! ([`crate::comparison::simulate`] and [`crate::comparison::analyse`]), cancelled when
//! the same page asks something newer, and cached: runs are deterministic, so an
//! answer for the same warm-up and parameters is the answer.
//!
//! Nothing here knows HTTP; [`super::api`] turns it into routes.

use super::fair::{Asker, Lane};
use super::warmfile::{self, Warmed};
use super::ServeError;
use crate::comparison::{self, CompareOptions, Comparison};
use crate::model::{LinkageModel, Municipality};
use crate::runner::WarmUps;
use crate::scenario::{self, registry, Override, Scenario};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

/// What a what-if may ask for. Requests beyond these are refused with a message,
/// never queued: a workshop needs an answer or a reason, not a spinner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Households over all municipalities.
    pub max_households: u64,
    /// Replications per model.
    pub max_replications: u32,
    /// Weeks after the switch (`run.horizon_weeks`).
    pub max_horizon_weeks: u32,
    /// Weeks of warm-up (`run.warmup_weeks`).
    pub max_warmup_weeks: u32,
    /// Household-weeks of one what-if: replications x households x (warm-up + 3 x
    /// horizon). The default scenario (7.5 years of warm-up, 15 years after the switch)
    /// is 2.05 billion; twice it is still allowed.
    pub max_household_weeks: u64,
    /// Households x replications of one what-if: every replication's warmed-up
    /// municipality is kept in memory (up to [`WARM_SETS`] worlds of them), so this
    /// bounds the server's memory, not only its time. The default scenario is 0.75
    /// million; 2.5 million keeps three world sets and the running jobs under about
    /// 1.5 GB.
    pub max_household_replications: u64,
    /// Parameters changed in one request.
    pub max_changes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_households: 250_000,
            max_replications: 50,
            max_horizon_weeks: 1_040,
            max_warmup_weeks: 780,
            max_household_weeks: 4_500_000_000,
            max_household_replications: 2_500_000,
            max_changes: 64,
        }
    }
}

/// Units (a few replications of one what-if) running at once in each lane; more wait
/// for a turn (see [`super::fair`]). The machine has few cores, and each unit already
/// uses all of them.
pub const RUNNING: usize = 2;

/// What-ifs waiting for a slot at most; beyond this a request is refused as busy.
pub const MAX_WAITING: usize = 32;

/// Warm-up sets kept (one per warm-up identity: the base, and recent world changes).
pub const WARM_SETS: usize = 3;

/// Answers kept.
pub const ANSWERS: usize = 64;

/// Jobs remembered (so a page that reconnects finds its job).
pub const JOBS: usize = 64;

/// Longest client id a page may send.
pub const MAX_CLIENT_ID: usize = 64;

/// Longest text value of a parameter in a request.
pub const MAX_TEXT: usize = 200;

/// Longest team list in a request.
pub const MAX_LIST: usize = 300;

/// The warmed-up municipalities of one warm-up identity, filled as replications warm
/// up (or from a warm-up file).
#[derive(Debug)]
pub struct WarmStore {
    identity: String,
    from_file: bool,
    items: Mutex<HashMap<(u32, usize), Arc<Municipality>>>,
}

impl WarmStore {
    fn new(identity: String) -> Self {
        WarmStore {
            identity,
            from_file: false,
            items: Mutex::new(HashMap::new()),
        }
    }

    fn items(&self) -> MutexGuard<'_, HashMap<(u32, usize), Arc<Municipality>>> {
        // A panic elsewhere while holding the lock leaves plain data behind: use it.
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many of replications `0..reps` of `parts` municipalities are kept.
    pub fn kept(&self, reps: u32, parts: usize) -> usize {
        let items = self.items();
        (0..reps)
            .flat_map(|r| (0..parts).map(move |p| (r, p)))
            .filter(|k| items.contains_key(k))
            .count()
    }

    /// Every kept municipality, in (replication, municipality) order.
    pub fn all(&self) -> Vec<Warmed> {
        let mut v: Vec<Warmed> = self
            .items()
            .iter()
            .map(|(&(r, p), m)| (r, p, Arc::clone(m)))
            .collect();
        v.sort_by_key(|(r, p, _)| (*r, *p));
        v
    }
}

impl WarmUps for WarmStore {
    fn get(&self, rep: u32, part: usize) -> Option<Arc<Municipality>> {
        self.items().get(&(rep, part)).cloned()
    }
    fn keep(&self, rep: u32, part: usize, warmed: &Arc<Municipality>) {
        self.items().insert((rep, part), Arc::clone(warmed));
    }
}

/// How a job came by its warm-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarmupState {
    /// All kept in memory from an earlier question.
    Reused,
    /// All loaded from the warm-up file.
    FromFile,
    /// Some or all are being computed (a world parameter changed, or the first question).
    Computing,
}

/// Where a job is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Waiting for a simulation slot.
    Queued,
    /// Simulating.
    Running,
    /// Finished: every replication is in.
    Done,
    /// Replaced by a newer question of the same page.
    Cancelled,
    /// Failed (a bug, or a rule the scenario broke only while running).
    Failed(String),
}

impl Status {
    /// Lower-case name for the API.
    pub fn name(&self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Running => "running",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
            Status::Failed(_) => "failed",
        }
    }

    /// Whether nothing more will happen.
    pub fn finished(&self) -> bool {
        matches!(self, Status::Done | Status::Cancelled | Status::Failed(_))
    }
}

/// What a job has so far.
#[derive(Debug, Clone)]
pub struct Progress {
    /// Changes each time anything changes (the server-sent event id).
    pub seq: u64,
    /// Where the job is.
    pub status: Status,
    /// The analysis of the replications done so far.
    pub latest: Option<Arc<Comparison>>,
    /// Replications done.
    pub reps_done: u32,
    /// Replications asked for.
    pub reps_total: u32,
    /// Warm-ups.
    pub warmup: WarmupState,
    /// World or run keys of this what-if that change the warm-up (so it is computed).
    pub warmup_keys: Vec<String>,
    /// Answer taken from the cache.
    pub cached: bool,
    /// Where its units run: "quick" (page-sized questions) or "long" (larger ones;
    /// [`super::fair`]); `None` for an answer from the cache.
    pub lane: Option<&'static str>,
    /// Milliseconds from the request to the first answer (the first replication).
    pub first_ms: Option<u64>,
    /// Milliseconds from the request to the final answer.
    pub final_ms: Option<u64>,
}

/// One what-if being answered.
#[derive(Debug)]
pub struct Job {
    /// Job id: this server's prefix and a number (opaque to clients). The prefix
    /// differs between server runs, so a page that reconnects after a restart cannot
    /// attach to another page's job of the same number.
    pub id: String,
    /// The page that asked.
    pub client: String,
    /// The page's number for this question (its questions count up; see
    /// [`Engine::submit`]).
    pub question: u64,
    /// The what-if's scenario.
    pub scenario: Arc<Scenario>,
    /// The changes asked for, as given (for saving and the report).
    pub overrides: Vec<Override>,
    cancel: AtomicBool,
    /// Wakes a job waiting for a slot when it is cancelled, so that replaced questions
    /// never pile up in the queue.
    cancel_wake: tokio::sync::Notify,
    started: Instant,
    state: Mutex<Progress>,
    changed: tokio::sync::watch::Sender<u64>,
    /// The latest step as the page's JSON, per language: `(language, seq, text)`.
    /// Rendering a step (statistics and four charts) costs milliseconds and hundreds of
    /// kilobytes for a large job; every page polling or streaming the job shares one.
    rendered: Mutex<Vec<(crate::format::Lang, u64, Arc<str>)>>,
}

impl Job {
    /// What the job has now.
    pub fn progress(&self) -> Progress {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Wakes when the job changes; the value is [`Progress::seq`].
    pub fn watch(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// Ask the job to stop at its next replication boundary.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
        // `notify_one` keeps the wake-up if nobody waits yet.
        self.cancel_wake.notify_one();
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }

    fn update(&self, f: impl FnOnce(&mut Progress)) {
        let seq = {
            let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut s);
            s.seq += 1;
            s.seq
        };
        self.changed.send_replace(seq);
    }

    /// The job's latest step and its rendering by `render` in `lang`, rendered once
    /// per step and language and shared. Blocking (it may render): call off the async
    /// threads. The lock is held while rendering, so that pages asking at once wait
    /// for the one rendering instead of each doing it.
    pub fn rendered(
        &self,
        lang: crate::format::Lang,
        render: impl FnOnce(&Job, &Progress) -> String,
    ) -> (Progress, Arc<str>) {
        let mut cache = self.rendered.lock().unwrap_or_else(|e| e.into_inner());
        let p = self.progress();
        if let Some((_, _, text)) = cache.iter().find(|(l, seq, _)| *l == lang && *seq == p.seq) {
            return (p, Arc::clone(text));
        }
        let text: Arc<str> = render(self, &p).into();
        cache.retain(|(l, _, _)| *l != lang);
        cache.push((lang, p.seq, Arc::clone(&text)));
        (p, text)
    }

    fn elapsed_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }
}

/// The jobs, the newest per page, in order of age.
#[derive(Debug, Default)]
struct Jobs {
    by_id: HashMap<String, Arc<Job>>,
    order: VecDeque<String>,
    /// Per page: its highest question number and that question's job.
    latest: HashMap<String, (u64, String)>,
}

impl Jobs {
    /// Forget one job to keep at most [`JOBS`]: the oldest that is no page's latest
    /// question (a page's latest is what it shows or waits for); failing that, the
    /// oldest finished one; failing that, the oldest.
    fn evict_one(&mut self) {
        let is_latest = |jobs: &Jobs, id: &str| {
            jobs.by_id
                .get(id)
                .and_then(|j| jobs.latest.get(&j.client))
                .is_some_and(|(_, l)| l == id)
        };
        let pick = (0..self.order.len())
            .find(|&i| !is_latest(self, &self.order[i]))
            .or_else(|| {
                (0..self.order.len()).find(|&i| {
                    self.by_id
                        .get(&self.order[i])
                        .is_none_or(|j| j.progress().status.finished())
                })
            })
            .unwrap_or(0);
        let Some(old) = self.order.remove(pick) else {
            return;
        };
        if let Some(j) = self.by_id.remove(&old) {
            j.cancel();
            if self.latest.get(&j.client).is_some_and(|(_, l)| *l == old) {
                self.latest.remove(&j.client);
            }
        }
    }
}

/// A finished answer.
#[derive(Debug, Clone)]
struct Answer {
    key: String,
    comparison: Arc<Comparison>,
}

/// The what-if engine: the base scenario, the kept warm-ups and answers, the jobs.
#[derive(Debug)]
pub struct Engine {
    base_text: String,
    base_origin: String,
    /// The scenario the server was started with.
    pub base: Arc<Scenario>,
    /// What a what-if may ask.
    pub limits: Limits,
    warm: Mutex<VecDeque<Arc<WarmStore>>>,
    answers: Mutex<VecDeque<Answer>>,
    jobs: Mutex<Jobs>,
    /// The first part of every job id of this engine (see [`Job::id`]).
    id_prefix: String,
    next_id: AtomicU64,
    waiting: AtomicUsize,
    /// Where the units of questions no larger than the page's run.
    quick: Arc<Lane>,
    /// Where the units of larger questions run, yielding the cores to the quick lane.
    long: Arc<Lane>,
    /// Household-weeks of a replication of the largest question the page's levers can
    /// ask: the server's scenario, warm-up included, at the longest horizon of the
    /// page's slider. Questions up to this run in the quick lane.
    quick_replication: u64,
}

/// A what-if request the engine refused, with the reason for the person asking.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// The changes are not valid (unknown key, wrong type, out of range, a rule
    /// between parameters).
    #[error("{0}")]
    Invalid(String),
    /// Valid, but beyond what the server answers ([`Limits`]).
    #[error("{0}")]
    TooLarge(String),
    /// Too many questions waiting already.
    #[error("the server is busy with {0} questions; ask again in a moment")]
    Busy(usize),
}

impl Engine {
    /// An engine for the scenario `text` (named `origin` in messages), with `warmed`
    /// municipalities from a warm-up file, if any.
    pub fn new(
        text: String,
        origin: String,
        limits: Limits,
        warmed: Option<Vec<Warmed>>,
    ) -> Result<Self, ServeError> {
        let base = scenario::load_str(&text, &origin, &[])?;
        check_limits(&base, &limits).map_err(|e| ServeError::Limits(e.to_string()))?;
        let mut store = WarmStore::new(warmfile::warm_identity(&base));
        if let Some(w) = warmed {
            store.from_file = true;
            let items = store.items.get_mut().unwrap_or_else(|e| e.into_inner());
            for (rep, part, m) in w {
                items.insert((rep, part), m);
            }
        }
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Engine {
            base_text: text,
            base_origin: origin,
            limits,
            warm: Mutex::new(VecDeque::from([Arc::new(store)])),
            answers: Mutex::new(VecDeque::new()),
            jobs: Mutex::new(Jobs::default()),
            id_prefix: id_prefix(),
            next_id: AtomicU64::new(1),
            waiting: AtomicUsize::new(0),
            quick_replication: page_replication_weeks(&base),
            quick: Arc::new(Lane::new("quick", RUNNING, threads, 0).map_err(lane_error)?),
            long: Arc::new(
                Lane::new("long", RUNNING, threads, super::fair::LONG_LANE_NICE)
                    .map_err(lane_error)?,
            ),
            base: Arc::new(base),
        })
    }

    /// The base scenario with `overrides`, validated as `--set` is, and within the
    /// limits.
    pub fn scenario_with(&self, overrides: &[Override]) -> Result<Scenario, RequestError> {
        if overrides.len() > self.limits.max_changes {
            return Err(RequestError::TooLarge(format!(
                "{} changes in one question; at most {}",
                overrides.len(),
                self.limits.max_changes
            )));
        }
        for o in overrides {
            if o.key.starts_with("scenario.") {
                return Err(RequestError::Invalid(format!(
                    "`{}` names the scenario; it is not a what-if",
                    o.key
                )));
            }
        }
        // The registry's own message, as for `--set`, without the "--set: " that names
        // the command line (here the changes came from the page).
        let s = scenario::load_str(&self.base_text, &self.base_origin, overrides).map_err(|e| {
            let m = e.to_string();
            RequestError::Invalid(m.strip_prefix("--set: ").unwrap_or(&m).to_string())
        })?;
        check_limits(&s, &self.limits)?;
        Ok(s)
    }

    /// The warm-up set of `identity`, made (and the oldest dropped) if new.
    fn warm_store(&self, identity: &str) -> Arc<WarmStore> {
        let mut sets = self.warm.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = sets.iter().position(|w| w.identity == identity) {
            let w = sets
                .remove(i)
                .unwrap_or_else(|| Arc::new(WarmStore::new(identity.into())));
            sets.push_front(Arc::clone(&w));
            return w;
        }
        let w = Arc::new(WarmStore::new(identity.to_string()));
        sets.push_front(Arc::clone(&w));
        // The base scenario's set (the last of the original order) is the one most
        // asked for: never dropped.
        while sets.len() > WARM_SETS {
            let base_id = warmfile::warm_identity(&self.base);
            match sets.iter().rposition(|w| w.identity != base_id) {
                Some(i) => {
                    sets.remove(i);
                }
                None => break,
            }
        }
        w
    }

    /// The base scenario's warm-up set (for `wijksim warmup` and tests).
    pub fn base_warmups(&self) -> Arc<WarmStore> {
        self.warm_store(&warmfile::warm_identity(&self.base))
    }

    /// Warm up every replication of the base scenario that is not kept yet.
    pub fn warm_base(&self) {
        let store = self.base_warmups();
        let s = &self.base;
        let units: Vec<(u32, usize)> = (0..s.policy.run.replications)
            .flat_map(|r| (0..s.parts.len()).map(move |p| (r, p)))
            .filter(|&(r, p)| store.get(r, p).is_none())
            .collect();
        use rayon::prelude::*;
        let warmed: Vec<Warmed> = units
            .par_iter()
            .map(|&(r, p)| {
                let (m, _) = crate::runner::warm_up(s, p, r, s.policy.run.seed, false);
                (r, p, Arc::new(m))
            })
            .collect();
        for (r, p, m) in warmed {
            store.keep(r, p, &m);
        }
    }

    /// Cache key of an answer: everything that decides it. Runs are deterministic, so
    /// equal keys have equal answers.
    fn answer_key(s: &Scenario) -> String {
        let mut text = warmfile::warm_identity(s);
        for (spec, v) in s.policy_values.iter() {
            text.push_str(&format!("\n{}={}", spec.key, v.to_toml()));
        }
        for (spec, v) in s.warmup_values.iter() {
            if spec.scope != registry::Scope::Policy {
                text.push_str(&format!("\nw {}={}", spec.key, v.to_toml()));
            }
        }
        crate::output::sha256_hex(text.as_bytes())
    }

    /// A job by id.
    pub fn job(&self, id: &str) -> Option<Arc<Job>> {
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .by_id
            .get(id)
            .cloned()
    }

    /// Jobs simulating or waiting.
    pub fn active(&self) -> usize {
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .by_id
            .values()
            .filter(|j| !j.progress().status.finished())
            .count()
    }

    /// Answer a what-if for page `client`: the changes are validated, the page's
    /// older questions are cancelled, and a job is returned at once. A cached answer is
    /// a finished job; otherwise the job waits for a slot and simulates, a few
    /// replications at a time. Must be called within a Tokio runtime.
    ///
    /// `question` is the page's number for the question, counting up: requests can
    /// arrive out of order (a page's quick asks travel on separate connections), so
    /// the page's questions with a lower number are cancelled, and a question that
    /// arrives after a higher-numbered one is itself cancelled at once. Equal numbers
    /// (a page asking the same question again) replace the older. A page that sends
    /// no number gets 0 every time, which is arrival order.
    pub fn submit(
        self: &Arc<Self>,
        client: &str,
        question: u64,
        overrides: Vec<Override>,
    ) -> Result<Arc<Job>, RequestError> {
        self.submit_from("local", client, question, overrides)
    }

    /// [`Engine::submit`] for a page at network `address` (its turns are shared
    /// fairly with other addresses: [`super::fair`]).
    pub fn submit_from(
        self: &Arc<Self>,
        address: &str,
        client: &str,
        question: u64,
        overrides: Vec<Override>,
    ) -> Result<Arc<Job>, RequestError> {
        let s = Arc::new(self.scenario_with(&overrides)?);
        let key = Self::answer_key(&s);
        let identity = warmfile::warm_identity(&s);
        let base_identity = warmfile::warm_identity(&self.base);
        let warmup_keys: Vec<String> = if identity == base_identity {
            Vec::new()
        } else {
            overrides
                .iter()
                .filter(|o| {
                    registry::spec(&o.key)
                        .is_some_and(|p| p.scope != registry::Scope::Policy && !warm_free(p.key))
                })
                .map(|o| o.key.clone())
                .collect()
        };
        let cached = self
            .answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|a| a.key == key)
            .map(|a| Arc::clone(&a.comparison));
        if cached.is_none() {
            let waiting = self.waiting.load(Ordering::SeqCst);
            if waiting >= MAX_WAITING {
                return Err(RequestError::Busy(waiting));
            }
        }
        let reps = s.policy.run.replications;
        let (tx, _) = tokio::sync::watch::channel(0);
        let job = Arc::new(Job {
            id: format!(
                "{}-{}",
                self.id_prefix,
                self.next_id.fetch_add(1, Ordering::SeqCst)
            ),
            client: client.to_string(),
            question,
            scenario: Arc::clone(&s),
            overrides,
            cancel: AtomicBool::new(false),
            cancel_wake: tokio::sync::Notify::new(),
            started: Instant::now(),
            state: Mutex::new(Progress {
                seq: 0,
                status: Status::Queued,
                latest: None,
                reps_done: 0,
                reps_total: reps,
                warmup: WarmupState::Reused,
                warmup_keys,
                cached: false,
                lane: None,
                first_ms: None,
                final_ms: None,
            }),
            changed: tx,
            rendered: Mutex::new(Vec::new()),
        });
        {
            let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
            match jobs.latest.get(client).cloned() {
                Some((q, _)) if q > question => job.cancel(),
                previous => {
                    if let Some(old) = previous.and_then(|(_, id)| jobs.by_id.get(&id).cloned()) {
                        old.cancel();
                    }
                    jobs.latest
                        .insert(client.to_string(), (question, job.id.clone()));
                }
            }
            jobs.by_id.insert(job.id.clone(), Arc::clone(&job));
            jobs.order.push_back(job.id.clone());
            while jobs.order.len() > JOBS {
                jobs.evict_one();
            }
        }
        if job.cancelled() && cached.is_none() {
            // An out-of-order question: never simulated.
            job.update(|p| p.status = Status::Cancelled);
            return Ok(job);
        }
        if let Some(c) = cached {
            let ms = job.elapsed_ms();
            job.update(|p| {
                p.status = Status::Done;
                p.reps_done = c.spec.replications;
                p.latest = Some(c);
                p.cached = true;
                p.first_ms = Some(ms);
                p.final_ms = Some(ms);
            });
            return Ok(job);
        }
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let engine = Arc::clone(self);
        let task_job = Arc::clone(&job);
        let asker = Asker {
            address: address.to_string(),
            page: client.to_string(),
        };
        tokio::spawn(async move {
            let job = task_job;
            let outcome = engine.run_job(&job, &asker, key, identity).await;
            if let Err(e) = outcome {
                job.update(|p| p.status = Status::Failed(format!("internal error: {e}")));
            }
        });
        Ok(job)
    }

    /// Simulate and analyse a job a unit at a time, each unit in its lane when its
    /// turn comes, publishing each step.
    async fn run_job(
        self: &Arc<Self>,
        job: &Arc<Job>,
        asker: &Asker,
        key: String,
        identity: String,
    ) -> Result<(), tokio::task::JoinError> {
        let s = Arc::clone(&job.scenario);
        let store = self.warm_store(&identity);
        let reps = s.policy.run.replications;
        let opts = CompareOptions {
            models: LinkageModel::ALL.to_vec(),
            ..CompareOptions::default()
        };
        let spec = comparison::run_spec(&s, &opts);
        let mut done: Option<crate::runner::Results> = None;
        let mut first = true;
        // The lane is the question's, decided once: its size per replication against
        // the largest the page can ask (so a page question is never in the long lane).
        let quick = replication_weeks(&s, true) <= self.quick_replication;
        let lane = Arc::clone(if quick { &self.quick } else { &self.long });
        job.update(|p| p.lane = Some(if quick { "quick" } else { "long" }));
        for range in chunks(reps) {
            let lane = Arc::clone(&lane);
            let turn = tokio::select! {
                t = lane.turns.turn(asker, first) => Some(t),
                () = job.cancel_wake.notified() => None,
            };
            if first {
                self.waiting.fetch_sub(1, Ordering::SeqCst);
            }
            let Some(turn) = turn.filter(|_| !job.cancelled()) else {
                job.update(|p| p.status = Status::Cancelled);
                return Ok(());
            };
            if first {
                let kept = store.kept(reps, s.parts.len());
                let state = if kept == reps as usize * s.parts.len() {
                    if store.from_file {
                        WarmupState::FromFile
                    } else {
                        WarmupState::Reused
                    }
                } else {
                    WarmupState::Computing
                };
                job.update(|p| {
                    p.status = Status::Running;
                    p.warmup = state;
                });
                first = false;
            }
            let (engine, j, st, sp, o) = (
                Arc::clone(self),
                Arc::clone(job),
                Arc::clone(&store),
                spec.clone(),
                opts.clone(),
            );
            let k = key.clone();
            let step = tokio::task::spawn_blocking(move || {
                let out = lane.run(|| engine.run_unit(&j, &k, &st, &sp, &o, range, done));
                drop(turn);
                out
            })
            .await?;
            match step {
                Some(all) => done = Some(all),
                None => return Ok(()),
            }
        }
        Ok(())
    }

    /// One unit of a job: simulate `range`, add it to what is `done`, analyse and
    /// publish. `None` when the job ended (finished, cancelled or failed).
    #[allow(clippy::too_many_arguments)]
    fn run_unit(
        &self,
        job: &Job,
        key: &str,
        store: &WarmStore,
        spec: &crate::runner::RunSpec,
        opts: &CompareOptions,
        range: std::ops::Range<u32>,
        done: Option<crate::runner::Results>,
    ) -> Option<crate::runner::Results> {
        let s = &job.scenario;
        let reps = s.policy.run.replications;
        let results = match comparison::simulate(s, spec, range, store, &|| job.cancelled(), &|| {})
        {
            Ok(r) => r,
            Err(comparison::ComparisonError::Cancelled(_)) => {
                job.update(|p| p.status = Status::Cancelled);
                return None;
            }
            Err(e) => {
                job.update(|p| p.status = Status::Failed(e.to_string()));
                return None;
            }
        };
        let all = match done {
            Some(mut d) => {
                d.append(results);
                d
            }
            None => results,
        };
        let n = all.spec.replications;
        let analysed = match comparison::analyse(s, opts, all.clone(), &|_| {}) {
            Ok(c) => Arc::new(c),
            Err(e) => {
                job.update(|p| p.status = Status::Failed(e.to_string()));
                return None;
            }
        };
        let ms = job.elapsed_ms();
        let last = n == reps;
        if last {
            let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
            answers.retain(|a| a.key != key);
            answers.push_front(Answer {
                key: key.to_string(),
                comparison: Arc::clone(&analysed),
            });
            answers.truncate(ANSWERS);
        }
        job.update(|p| {
            p.reps_done = n;
            p.latest = Some(analysed);
            p.first_ms.get_or_insert(ms);
            if last {
                p.final_ms = Some(ms);
                p.status = Status::Done;
            }
        });
        if last {
            return None;
        }
        if job.cancelled() {
            job.update(|p| p.status = Status::Cancelled);
            return None;
        }
        Some(all)
    }
}

/// A lane's threads could not be started.
fn lane_error(e: rayon::ThreadPoolBuildError) -> ServeError {
    ServeError::Io(std::io::Error::other(format!(
        "cannot start the simulation threads: {e}"
    )))
}

/// Household-weeks of a replication of the largest question the page's levers can ask
/// of `base`: its households and warm-up at the longest horizon of the page's slider.
fn page_replication_weeks(base: &Scenario) -> u64 {
    let longest = super::levers::slider_max("run.horizon_weeks").unwrap_or(0.0) as u64;
    let horizon = (base.policy.run.horizon_weeks as u64).max(longest);
    base.households().max(1) * (base.warmup.run.warmup_weeks as u64 + 3 * horizon).max(1)
}

/// Household-weeks of one replication of `s`: the years after the switch for each of
/// the three models, and the warm-up when it is to be computed.
fn replication_weeks(s: &Scenario, warm_up: bool) -> u64 {
    let weeks = 3 * s.policy.run.horizon_weeks as u64
        + if warm_up {
            s.warmup.run.warmup_weeks as u64
        } else {
            0
        };
    s.households().max(1) * weeks.max(1)
}

/// A prefix for job ids that differs between server runs: the start time's
/// nanoseconds and the process id, hashed, eight hex digits. Not a secret: it only
/// keeps ids of different runs apart.
fn id_prefix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let seed = format!("{nanos}-{}", std::process::id());
    crate::output::sha256_hex(seed.as_bytes())[..8].to_string()
}

/// Run keys that change no warm-up (see [`warmfile::warm_identity`]).
fn warm_free(key: &str) -> bool {
    matches!(
        key,
        "run.replications" | "run.horizon_weeks" | "run.reference_model"
    ) || key.starts_with("mkba.")
}

/// The replications in the order they are answered: the first alone (the quickest
/// first answer), then two at a time (one per core), so intervals tighten while people
/// talk.
pub fn chunks(reps: u32) -> Vec<std::ops::Range<u32>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut size = 1;
    while start < reps {
        let end = (start + size).min(reps);
        out.push(start..end);
        start = end;
        size = 2;
    }
    out
}

/// Refuse a scenario beyond `limits`, saying which limit and what it is.
pub fn check_limits(s: &Scenario, limits: &Limits) -> Result<(), RequestError> {
    let too = |what: String| Err(RequestError::TooLarge(what));
    let reps = s.policy.run.replications;
    if reps > limits.max_replications {
        return too(format!(
            "{reps} replications; the workshop server answers at most {}",
            limits.max_replications
        ));
    }
    let households = s.households();
    if households > limits.max_households {
        return too(format!(
            "{households} households; the workshop server answers at most {}",
            limits.max_households
        ));
    }
    let horizon = s.policy.run.horizon_weeks;
    if horizon > limits.max_horizon_weeks {
        return too(format!(
            "{horizon} weeks after the switch; the workshop server answers at most {} ({} years)",
            limits.max_horizon_weeks,
            limits.max_horizon_weeks / 52
        ));
    }
    let warmup = s.warmup.run.warmup_weeks;
    if warmup > limits.max_warmup_weeks {
        return too(format!(
            "{warmup} weeks of warm-up; the workshop server answers at most {}",
            limits.max_warmup_weeks
        ));
    }
    let kept = reps as u64 * households;
    if kept > limits.max_household_replications {
        return too(format!(
            "{households} households x {reps} replications = {:.2} million warmed-up households \
             to keep in memory; the workshop server keeps at most {:.2} million per what-if \
             (fewer replications or households)",
            kept as f64 / 1e6,
            limits.max_household_replications as f64 / 1e6
        ));
    }
    let weeks = reps as u64 * households * (warmup as u64 + 3 * horizon as u64);
    if weeks > limits.max_household_weeks {
        return too(format!(
            "{:.2} billion household-weeks to simulate; the workshop server answers at most {:.2} billion \
             (fewer replications, households or years)",
            weeks as f64 / 1e9,
            limits.max_household_weeks as f64 / 1e9
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_every_replication_once_in_order() {
        for reps in 1..12 {
            let c = chunks(reps);
            assert_eq!(c[0], 0..1);
            let all: Vec<u32> = c.iter().flat_map(|r| r.clone()).collect();
            assert_eq!(all, (0..reps).collect::<Vec<_>>());
        }
    }
}
