//! The server's failure vocabulary, below every other module so that code at any layer can
//! fail in it: why a request failed ([`ApiError`], with [`Problems`] collecting the field
//! errors of one request) and why starting a server or an offline task failed
//! ([`ServerError`]). Rendering a request's failure as an HTTP answer is the web layer's job;
//! nothing here depends on the rest of the server.

mod library;
mod request;

pub use library::ServerError;
pub use request::{ApiError, FieldErrors, Problems};
