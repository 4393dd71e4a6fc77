//! Hands callbacks to the sign-in that is waiting for them. Deep links and loopback requests
//! both end here; only a callback whose `state` equals a pending request's is used, once, and
//! everything else is dropped with a log line.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

use super::CallbackParams;
use crate::Secret;

/// What a matched callback carries: the code, or the error the server sent back.
pub type Outcome = Result<Secret, String>;

/// The pending sign-ins of the app, by `state`. Cheap to clone.
#[derive(Clone, Default)]
pub struct CallbackRouter {
    pending: Arc<Mutex<HashMap<String, oneshot::Sender<Outcome>>>>,
}

impl CallbackRouter {
    /// A router with nothing pending.
    pub fn new() -> Self {
        Self::default()
    }

    /// Waits for the callback with `state`. Dropping the receiver (or [`Self::cancel`]) ends
    /// the wait; a later callback with that state is then ignored.
    pub fn register(&self, state: &Secret) -> oneshot::Receiver<Outcome> {
        let (tx, rx) = oneshot::channel();
        self.lock().insert(state.expose().to_owned(), tx);
        rx
    }

    /// Forgets the pending request with `state`.
    pub fn cancel(&self, state: &Secret) {
        self.lock().remove(state.expose());
    }

    /// Delivers a raw callback URL from outside. Returns true when it completed a pending
    /// sign-in.
    pub fn deliver(&self, raw: &str) -> bool {
        let params = match CallbackParams::parse(raw) {
            Ok(p) => p,
            Err(e) => {
                tracing::warn!(error = %e, "ignoring a sign-in callback");
                return false;
            }
        };
        let Some(tx) = self.lock().remove(&params.state) else {
            tracing::warn!("ignoring a sign-in callback that matches no pending sign-in");
            return false;
        };
        tx.send(params.outcome.map(Secret::new)).is_ok()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, oneshot::Sender<Outcome>>> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_the_matching_state_completes_and_only_once() {
        let router = CallbackRouter::new();
        let state = Secret::new("s-1");
        let rx = router.register(&state);
        assert!(!router.deliver("rushes://oauth/callback?state=other&code=c"));
        assert!(!router.deliver("rushes://evil?state=s-1&code=c"));
        assert!(router.deliver("rushes://oauth/callback?state=s-1&code=good"));
        assert!(!router.deliver("http://127.0.0.1:9/oauth/callback?state=s-1&code=late"));
        assert_eq!(rx.await.unwrap().unwrap().expose(), "good");
    }

    #[tokio::test]
    async fn a_cancelled_request_takes_no_callback() {
        let router = CallbackRouter::new();
        let state = Secret::new("s-2");
        let rx = router.register(&state);
        router.cancel(&state);
        assert!(!router.deliver("rushes://oauth/callback?state=s-2&code=c"));
        assert!(rx.await.is_err());
    }
}
