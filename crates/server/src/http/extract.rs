//! axum's extractors, with their rejections rendered as the error envelope instead of plain text.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body. Malformed JSON is a 400, JSON of the wrong shape a 422, a missing
/// `Content-Type: application/json` a 415, too large a body a 413; all in the envelope.
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::Rejected {
                status: rejection.status().as_u16(),
                message: rejection.body_text(),
            }),
        }
    }
}

/// A JSON body that is the caller's input to be judged, like a comment: anything that does not
/// read as the expected value, malformed JSON included (a `NaN` literal, a cut-off body), is a
/// 422 `validation_failed` naming the problem, the same answer as a value that breaks a rule.
/// A missing `Content-Type` stays a 415 and too large a body a 413.
pub struct InputJson<T>(pub T);

impl<S, T> FromRequest<S> for InputJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(JsonRejection::JsonSyntaxError(e)) => Err(ApiError::Rejected {
                status: StatusCode::UNPROCESSABLE_ENTITY.as_u16(),
                message: format!("the body is not valid JSON: {}", e.body_text()),
            }),
            Err(rejection) => Err(ApiError::Rejected {
                status: rejection.status().as_u16(),
                message: rejection.body_text(),
            }),
        }
    }
}

/// Path parameters. An id that does not even parse cannot exist: 404, like any unknown id.
pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(ApiError::NotFound),
            Err(other) => Err(ApiError::Internal(format!("path parameters: {other}"))),
        }
    }
}

/// Query parameters. Values that do not parse are a 422, like any other invalid input.
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::Rejected {
                status: StatusCode::UNPROCESSABLE_ENTITY.as_u16(),
                message: rejection.body_text(),
            }),
        }
    }
}

/// An optional JSON body: absent (no `Content-Type`) is `None`; present, it must be valid like
/// any [`Json`] body.
impl<S, T> axum::extract::OptionalFromRequest<S> for Json<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Self::Rejection> {
        if !req.headers().contains_key(axum::http::header::CONTENT_TYPE) {
            return Ok(None);
        }
        <Self as FromRequest<S>>::from_request(req, state)
            .await
            .map(Some)
    }
}
