//! Where the engine gets a signed-in API client for a transfer's connection. A trait of its
//! own so that the app (many connections, keychain, token refresh) and the command line or tests
//! (one connection) drive the same engine.

use futures_util::future::BoxFuture;

use crate::{ApiClient, ClientError};

/// Gives the engine a signed-in API client for a connection id. The app resolves its
/// connections (keychain, token refresh); the command line has just one.
pub trait Connections: Send + Sync + 'static {
    fn client(&self, connection: &str) -> BoxFuture<'_, Result<ApiClient, ClientError>>;
}

/// The one signed-in connection of the command line and of tests.
pub struct OneConnection(pub ApiClient);

impl Connections for OneConnection {
    fn client(&self, _connection: &str) -> BoxFuture<'_, Result<ApiClient, ClientError>> {
        Box::pin(async move { Ok(self.0.clone()) })
    }
}
