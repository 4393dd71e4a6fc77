//! Reading a boolean the same way from both engines.
//!
//! Through sqlx's `Any` driver a PostgreSQL `BOOLEAN` arrives as a boolean, but SQLite has no
//! boolean storage: its values are the integers 0 and 1, and `Any` refuses to decode those as
//! `bool`. It also refuses a SQLite result column whose declared type is `BOOLEAN` outright, so
//! queries read boolean columns as an expression (`(f.head = TRUE) AS head`), which SQLite
//! gives no declared type. [`Flag`] decodes either form; rows take it with
//! `#[sqlx(try_from = "Flag")]` on a `bool` field, or `Flag::get` on a scalar.

use sqlx::any::{Any, AnyTypeInfo, AnyTypeInfoKind, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Decode, Type, ValueRef as _};

/// A boolean read from a `BOOLEAN` column or expression on either engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl Flag {
    pub fn get(self) -> bool {
        self.0
    }
}

impl From<Flag> for bool {
    fn from(flag: Flag) -> Self {
        flag.0
    }
}

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <bool as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        matches!(ty.kind(), AnyTypeInfoKind::Bool) || ty.kind().is_integer()
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        let ty = value.type_info();
        if matches!(ty.kind(), AnyTypeInfoKind::Bool) {
            return Ok(Self(<bool as Decode<Any>>::decode(value)?));
        }
        Ok(Self(<i64 as Decode<Any>>::decode(value)? != 0))
    }
}
