//! The room: one shared state for a workshop with a projector.
//!
//! The facilitator opens the page with the presenter token `wijksim serve` prints
//! (`/?presenter=TOKEN`); every question that page asks is published here (its lever
//! changes and its job), and the projector page (`/?screen`) follows it: same levers,
//! same answer, nothing computed twice. Participants' pages can send their what-if to
//! the screen: it is queued as a proposal that the presenter may show (it then becomes
//! the presenter's question) or dismiss.
//!
//! Bounded: at most [`MAX_PROPOSALS`] proposals (the oldest dropped), one per page (a
//! page's new proposal replaces its previous one). Only the token may change what the
//! screen shows; the token is compared in constant time.

use serde_json::{json, Map, Value};
use std::collections::VecDeque;
use std::sync::Mutex;

/// Proposals kept at once.
pub const MAX_PROPOSALS: usize = 50;

/// A participant's what-if, waiting for the presenter.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// Its number (for showing or dismissing it).
    pub id: u64,
    /// The sending page.
    pub client: String,
    /// The lever changes, as the page sent them (validated on arrival).
    pub set: Map<String, Value>,
}

#[derive(Debug, Default)]
struct State {
    seq: u64,
    set: Map<String, Value>,
    job: Option<String>,
    proposals: VecDeque<Proposal>,
    next_id: u64,
}

/// The shared room state (see the module docs).
#[derive(Debug)]
pub struct Room {
    token: String,
    state: Mutex<State>,
    changed: tokio::sync::watch::Sender<u64>,
}

impl Room {
    /// A room whose presenter holds `token`.
    pub fn new(token: String) -> Self {
        Room {
            token,
            state: Mutex::default(),
            changed: tokio::sync::watch::channel(0).0,
        }
    }

    /// A room with a fresh random token (16 hex digits from the operating system's
    /// random source).
    pub fn with_random_token() -> Self {
        use rand::RngCore;
        let mut bytes = [0u8; 8];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Room::new(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The presenter token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Whether `given` is the presenter token (constant time in its length).
    pub fn is_presenter(&self, given: &str) -> bool {
        let (a, b) = (self.token.as_bytes(), given.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn bump(&self, s: &mut State) {
        s.seq += 1;
        self.changed.send_replace(s.seq);
    }

    /// Wakes when the room changes.
    pub fn watch(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// What the screen shows: the presenter's lever changes and job, and how many
    /// proposals wait.
    pub fn public_json(&self) -> Value {
        let s = self.lock();
        json!({
            "seq": s.seq,
            "set": s.set,
            "job": s.job,
            "proposals": s.proposals.len(),
        })
    }

    /// Change count (the event id of [`Room::public_json`]).
    pub fn seq(&self) -> u64 {
        self.lock().seq
    }

    /// The presenter asked `set` (its job `job`).
    pub fn present(&self, set: Map<String, Value>, job: Option<String>) {
        let mut s = self.lock();
        s.set = set;
        s.job = job;
        self.bump(&mut s);
    }

    /// Queue a participant's what-if; returns its id.
    pub fn propose(&self, client: &str, set: Map<String, Value>) -> u64 {
        let mut s = self.lock();
        s.proposals.retain(|p| p.client != client);
        s.next_id += 1;
        let id = s.next_id;
        s.proposals.push_back(Proposal {
            id,
            client: client.to_string(),
            set,
        });
        while s.proposals.len() > MAX_PROPOSALS {
            s.proposals.pop_front();
        }
        self.bump(&mut s);
        id
    }

    /// The waiting proposals, oldest first.
    pub fn proposals_json(&self) -> Value {
        let s = self.lock();
        Value::Array(
            s.proposals
                .iter()
                .map(|p| json!({"id": p.id, "set": p.set}))
                .collect(),
        )
    }

    /// Remove proposal `id`; whether it was there.
    pub fn dismiss(&self, id: u64) -> bool {
        let mut s = self.lock();
        let before = s.proposals.len();
        s.proposals.retain(|p| p.id != id);
        let found = s.proposals.len() != before;
        if found {
            self.bump(&mut s);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_proposal_per_page_and_bounded() {
        let r = Room::new("t".into());
        let set = |v: i64| {
            let mut m = Map::new();
            m.insert("team.caseload_cap".into(), json!(v));
            m
        };
        r.propose("a", set(30));
        r.propose("a", set(31));
        assert_eq!(r.proposals_json().as_array().unwrap().len(), 1);
        for i in 0..(MAX_PROPOSALS + 10) {
            r.propose(&format!("p{i}"), set(30));
        }
        assert_eq!(r.proposals_json().as_array().unwrap().len(), MAX_PROPOSALS);
        assert!(r.is_presenter("t") && !r.is_presenter("u") && !r.is_presenter(""));
    }
}
