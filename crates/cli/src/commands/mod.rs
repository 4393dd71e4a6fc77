//! One module per subcommand.

pub mod login;
pub mod ls;
pub mod transfer;
