//! One copy of each user agent among the events of one source (a trail folder, a trail
//! bucket, LookupEvents), shared as its files' results are merged.
//!
//! The user agent is most events' longest text (an SDK's names the SDK, the tool, the
//! language and the OS: 200–300 bytes for Terraform's), and a trail repeats a handful of
//! them, so events that agree share one copy.

use super::Event;
use std::collections::HashSet;
use std::sync::Arc;

/// The user agents seen so far, one copy each.
#[derive(Clone, Debug, Default)]
pub struct Agents(HashSet<Arc<str>>);

impl Agents {
    /// Points each event's user agent at the copy kept here, keeping the first of each.
    pub fn share(&mut self, events: &mut [Event]) {
        for agent in events.iter_mut().filter_map(|e| e.user_agent.as_mut()) {
            match self.0.get(&**agent) {
                Some(kept) => *agent = Arc::clone(kept),
                None => {
                    self.0.insert(Arc::clone(agent));
                }
            }
        }
    }
}
