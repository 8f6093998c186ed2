//! A fair room: where the simulation work of what-ifs runs, and in which order.
//!
//! Every what-if is answered a few replications at a time ([`super::engine::chunks`]);
//! each such step is a *unit*. Units run in one of two [`Lane`]s:
//!
//! * the **quick lane** takes the units of questions no larger per replication than
//!   the largest the page's levers can ask (the server's scenario, warm-up included, at
//!   the longest horizon of the page's slider);
//! * the **long lane** takes the units of larger questions (many more households, say),
//!   on threads of the lowest operating-system priority, so that they use the cores
//!   only while the quick lane leaves them idle. A large question therefore never
//!   holds a page question up: the page's first replication runs at once, beside it,
//!   and takes the cores it needs.
//!
//! Within a lane a unit waits for a [`Turn`]. Turns go first to a question's first
//! unit (its first numbers), then to the asker whose address, and then whose page, was
//! served longest ago, then in order of asking; a question gives its turn back after
//! every unit. So two large questions share the long lane unit by unit, and one
//! address with many pages gets no more turns than another with one.
//!
//! Nothing here knows HTTP or what a unit computes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Operating-system priority (`nice`) of the long lane's threads: the lowest, so the
/// quick lane and the web server's own threads come first whenever they have work.
pub const LONG_LANE_NICE: i32 = 19;

/// Who asks, for the order of turns: the asker's network address and its page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Asker {
    /// The peer address without its port ("local" in tests without one).
    pub address: String,
    /// The page's id.
    pub page: String,
}

#[derive(Debug)]
struct Waiter {
    asker: Asker,
    first: bool,
    order: u64,
    tx: tokio::sync::oneshot::Sender<Turn>,
}

#[derive(Debug, Default)]
struct State {
    free: usize,
    waiting: Vec<Waiter>,
    /// When each address and each page last got a turn (a counter, not a clock).
    address_served: HashMap<String, u64>,
    page_served: HashMap<Asker, u64>,
    tick: u64,
}

impl State {
    fn served(&mut self, asker: &Asker) {
        self.tick += 1;
        self.address_served.insert(asker.address.clone(), self.tick);
        self.page_served.insert(asker.clone(), self.tick);
        // Bounded memory: forget askers served long ago (they sort first anyway).
        if self.page_served.len() > 4096 {
            let cut = self.tick.saturating_sub(2048);
            self.page_served.retain(|_, t| *t > cut);
            self.address_served.retain(|_, t| *t > cut);
        }
    }

    /// The waiter to serve next (removed), skipping those who stopped waiting.
    fn next(&mut self) -> Option<Waiter> {
        self.waiting.retain(|w| !w.tx.is_closed());
        let key = |w: &Waiter| {
            (
                !w.first,
                self.address_served
                    .get(&w.asker.address)
                    .copied()
                    .unwrap_or(0),
                self.page_served.get(&w.asker).copied().unwrap_or(0),
                w.order,
            )
        };
        let i = (0..self.waiting.len()).min_by_key(|&i| key(&self.waiting[i]))?;
        Some(self.waiting.swap_remove(i))
    }
}

/// Places of a lane, handed out fairly (see the module docs).
#[derive(Debug)]
pub struct Turns {
    state: Mutex<State>,
}

/// One place in a lane; given back when dropped.
#[derive(Debug)]
pub struct Turn(Option<Arc<Turns>>);

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(turns) = self.0.take() {
            turns.release();
        }
    }
}

impl Turns {
    /// `places` units at once.
    pub fn new(places: usize) -> Arc<Self> {
        Arc::new(Turns {
            state: Mutex::new(State {
                free: places.max(1),
                ..State::default()
            }),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Wait for a turn. `first`: the question's first unit (served before any other).
    /// Dropping the future stops waiting.
    pub async fn turn(self: &Arc<Self>, asker: &Asker, first: bool) -> Turn {
        let rx = {
            let mut s = self.lock();
            if s.free > 0 && s.waiting.iter().all(|w| w.tx.is_closed()) {
                s.free -= 1;
                s.served(asker);
                return Turn(Some(Arc::clone(self)));
            }
            let (tx, rx) = tokio::sync::oneshot::channel();
            s.tick += 1;
            let order = s.tick;
            s.waiting.push(Waiter {
                asker: asker.clone(),
                first,
                order,
                tx,
            });
            rx
        };
        match rx.await {
            Ok(t) => t,
            // The sender is only dropped unsent when the waiter was pruned as closed,
            // which cannot happen while this future waits: wait again to be safe.
            Err(_) => Box::pin(self.turn(asker, first)).await,
        }
    }

    /// Units waiting for a turn.
    pub fn waiting(&self) -> usize {
        self.lock()
            .waiting
            .iter()
            .filter(|w| !w.tx.is_closed())
            .count()
    }

    fn release(self: &Arc<Self>) {
        loop {
            let w = {
                let mut s = self.lock();
                match s.next() {
                    Some(w) => {
                        s.served(&w.asker);
                        w
                    }
                    None => {
                        s.free += 1;
                        return;
                    }
                }
            };
            // Sent outside the lock: a turn that cannot be delivered (its waiter just
            // gave up) is disarmed and the next waiter is tried.
            match w.tx.send(Turn(Some(Arc::clone(self)))) {
                Ok(()) => return,
                Err(mut t) => {
                    t.0 = None;
                }
            }
        }
    }
}

/// A lane: its turns and the threads its units run on.
#[derive(Debug)]
pub struct Lane {
    /// Who runs next.
    pub turns: Arc<Turns>,
    pool: rayon::ThreadPool,
}

impl Lane {
    /// A lane of `places` units at once on `threads` threads, at operating-system
    /// priority `nice` (0: normal; higher: yields to normal threads). Priority is
    /// best effort: where it cannot be set the lane runs at normal priority.
    pub fn new(
        name: &'static str,
        places: usize,
        threads: usize,
        nice: i32,
    ) -> Result<Self, rayon::ThreadPoolBuildError> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .thread_name(move |i| format!("wijksim-{name}-{i}"))
            .start_handler(move |_| set_nice(nice))
            .build()?;
        Ok(Lane {
            turns: Turns::new(places),
            pool,
        })
    }

    /// Run `f` on the lane's threads (blocking: call off the async threads).
    pub fn run<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        self.pool.install(f)
    }
}

/// Lower the calling thread's priority to `nice` (Linux: nice values are per thread).
fn set_nice(nice: i32) {
    if nice == 0 {
        return;
    }
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; `who = 0` is the calling thread on
    // Linux, whose nice value is per thread (setpriority(2), NOTES).
    unsafe {
        let _ = libc::setpriority(libc::PRIO_PROCESS, 0, nice);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asker(a: &str, p: &str) -> Asker {
        Asker {
            address: a.into(),
            page: p.into(),
        }
    }

    #[test]
    fn first_units_then_the_least_recently_served_address() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let turns = Turns::new(1);
            let held = turns.turn(&asker("a", "1"), false).await;
            // Waiting, in this order: a's second page (a later unit), b (a later
            // unit), c's first unit.
            let order = Arc::new(Mutex::new(Vec::new()));
            let mut tasks = Vec::new();
            for (who, first) in [
                (asker("a", "2"), false),
                (asker("b", "1"), false),
                (asker("c", "1"), true),
            ] {
                let (turns, order) = (Arc::clone(&turns), Arc::clone(&order));
                tasks.push(tokio::spawn(async move {
                    let t = turns.turn(&who, first).await;
                    order.lock().unwrap().push(who.address.clone());
                    drop(t);
                }));
                tokio::task::yield_now().await;
            }
            assert_eq!(turns.waiting(), 3);
            drop(held);
            for t in tasks {
                t.await.unwrap();
            }
            // c's first numbers first; then b (never served) before a (served last).
            assert_eq!(*order.lock().unwrap(), ["c", "b", "a"]);
        });
    }

    #[test]
    fn a_waiter_that_gives_up_does_not_lose_the_place() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let turns = Turns::new(1);
            let held = turns.turn(&asker("a", "1"), false).await;
            let t2 = Arc::clone(&turns);
            let gave_up = tokio::spawn(async move { t2.turn(&asker("b", "1"), true).await });
            tokio::task::yield_now().await;
            gave_up.abort();
            let _ = gave_up.await;
            drop(held);
            // The place came back: a new asker gets it at once.
            let t = tokio::time::timeout(
                std::time::Duration::from_secs(5),
                turns.turn(&asker("c", "1"), false),
            )
            .await;
            assert!(t.is_ok(), "the place was lost");
        });
    }
}
