//! A region's limit on requests in flight, enforced with a semaphore that follows the
//! limit, and the [`Gate`] every attempt of [`super::Retry::run`] waits at.

use super::{Aimd, Class};
use std::future::Future;
use std::sync::Mutex;
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

/// The in-flight limit of one region, enforced: a semaphore whose size follows [`Aimd`].
/// Shrinking takes back free permits at once and the rest as they are released, so no
/// request in flight is interrupted and the limit is never below 1.
pub struct Pacer {
    permits: Semaphore,
    state: Mutex<PacerState>,
}

struct PacerState {
    aimd: Aimd,
    /// Permits that exist, free or held.
    issued: usize,
    /// Permits to retire when they are released.
    debt: usize,
}

/// A slot in a [`Pacer`], released on drop.
pub struct Slot<'a> {
    pacer: &'a Pacer,
    permit: Option<SemaphorePermit<'a>>,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let Some(permit) = self.permit.take() else {
            return;
        };
        let mut state = self.pacer.lock();
        if state.debt > 0 {
            state.debt -= 1;
            state.issued -= 1;
            permit.forget();
        }
    }
}

/// Where each attempt of [`Retry::run`] waits before it is sent, and what learns from its
/// outcome: the policy's one seam between "how many, how fast" and "how often, how long".
pub trait Gate {
    /// Held while the attempt is in flight.
    type Slot<'a>
    where
        Self: 'a;
    /// Waits until an attempt may be sent.
    fn slot(&self) -> impl Future<Output = Self::Slot<'_>> + Send;
    /// Learns from an attempt's outcome: `None` for a success.
    fn record(&self, class: Option<Class>);
}

impl Gate for Pacer {
    type Slot<'a> = Slot<'a>;

    fn slot(&self) -> impl Future<Output = Slot<'_>> + Send {
        Pacer::slot(self)
    }

    fn record(&self, class: Option<Class>) {
        Pacer::record(self, class)
    }
}

impl Pacer {
    /// A pacer allowing `ceiling` requests in flight until AWS throttles.
    pub fn new(ceiling: usize) -> Pacer {
        let aimd = Aimd::new(ceiling);
        let issued = aimd.limit();
        Pacer {
            permits: Semaphore::new(issued),
            state: Mutex::new(PacerState {
                aimd,
                issued,
                debt: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, PacerState> {
        // The state is a few numbers, valid after any panic elsewhere.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits for a slot.
    pub async fn slot(&self) -> Slot<'_> {
        // The semaphore is never closed, so acquiring only waits.
        let permit = self.permits.acquire().await.ok();
        Slot {
            pacer: self,
            permit,
        }
    }

    /// The current limit.
    pub fn limit(&self) -> usize {
        self.lock().aimd.limit()
    }

    /// Records an attempt's outcome and resizes the semaphore to the new limit.
    fn record(&self, class: Option<Class>) {
        let mut state = self.lock();
        match class {
            None => state.aimd.on_success(),
            Some(Class::Throttle) => {
                state.aimd.on_throttle(Instant::now());
            }
            Some(_) => return,
        }
        let target = state.aimd.limit();
        let effective = state.issued - state.debt;
        if target > effective {
            let mut need = target - effective;
            let repaid = need.min(state.debt);
            state.debt -= repaid;
            need -= repaid;
            state.issued += need;
            self.permits.add_permits(need);
        } else if target < effective {
            let excess = effective - target;
            let taken = self.permits.forget_permits(excess);
            state.issued -= taken;
            state.debt += excess - taken;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_pacer_shrinks_to_the_limit_and_grows_back() {
        let pacer = Pacer::new(8);
        let held: Vec<_> = futures::future::join_all((0..8).map(|_| pacer.slot())).await;
        // Cut while all eight are held: the excess is retired as they come back.
        pacer.record(Some(Class::Throttle));
        assert_eq!(pacer.limit(), 6);
        drop(held);
        assert_eq!(pacer.permits.available_permits(), 6);
        for _ in 0..100 {
            pacer.record(None);
        }
        assert_eq!(pacer.limit(), 8);
        assert_eq!(pacer.permits.available_permits(), 8);
    }
}
