//! `GET,POST /api/projects/{pid}/folders/{fid}/files`, `GET,PATCH,DELETE .../files/{id}`, and
//! `GET .../files/{id}/download` and `.../poster`, which redirect to signed media URLs.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rushes_api::files::{FileUpdate, NewFile};
use rushes_api::Id;

use crate::domain::files;
use crate::http::respond::{created, no_content, ok};
use crate::http::{ApiError, AppState, AuthUser, Json, ListParams, Paging, Path};
use crate::media::MediaKind;

/// The file routes.
pub fn router() -> Router<AppState> {
    const FILE: &str = "/projects/{pid}/folders/{fid}/files/{id}";
    Router::new()
        .route(
            "/projects/{pid}/folders/{fid}/files",
            get(list).post(create),
        )
        .route(FILE, get(show).patch(update).delete(remove))
        .route(&format!("{FILE}/download"), get(download))
        .route(&format!("{FILE}/poster"), get(poster))
}

async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id)>,
    ListParams(listing): ListParams,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = files::list(state.pool(), &user, ids, &listing, paging.window()).await?;
    Ok(paging.respond(items, total))
}

async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id)>,
    Json(new): Json<NewFile>,
) -> Result<Response, ApiError> {
    Ok(created(
        files::create(state.pool(), &user, ids, &new).await?,
    ))
}

async fn show(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    Ok(ok(files::get(state.pool(), &user, ids).await?))
}

async fn update(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
    Json(update): Json<FileUpdate>,
) -> Result<Response, ApiError> {
    Ok(ok(files::update(state.pool(), &user, ids, &update).await?))
}

async fn remove(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    files::delete(state.pool(), state.media(), &user, ids).await?;
    Ok(no_content())
}

async fn download(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    redirect(&state, &user, ids, MediaKind::Original).await
}

async fn poster(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    redirect(&state, &user, ids, MediaKind::Poster).await
}

/// `302 Found` to the signed URL. Not cached: the URL expires.
async fn redirect(
    state: &AppState,
    user: &crate::db::users::UserRow,
    ids: (Id, Id, Id),
    kind: MediaKind,
) -> Result<Response, ApiError> {
    let url = files::media_url(
        state.pool(),
        state.media(),
        state.base_url(),
        user,
        ids,
        kind,
    )
    .await?;
    let location = HeaderValue::from_str(url.as_str())
        .map_err(|e| ApiError::Internal(format!("media URL header: {e}")))?;
    Ok((
        StatusCode::FOUND,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    )
        .into_response())
}
