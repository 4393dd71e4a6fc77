//! How the client gets and renews access tokens.

mod token_source;

pub use token_source::{RefreshSink, TokenSource};
