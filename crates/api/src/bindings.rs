//! Generates the UI's TypeScript types from the Rust wire types.
//!
//! The generated file is committed at `ui/src/lib/api-types.ts`. The test
//! `bindings_are_up_to_date` fails when it drifts; run it with `UPDATE_BINDINGS=1` to rewrite it.

use ts_rs::TS;

use crate::{
    activity, annotations, approval, auth, comments, connections, envelope, error, files, folders,
    ipc, members, metadata, oauth, page, projects, renditions, review_links, roles, settings,
    transfers, usage, users, versions,
};

/// The generated TypeScript module, one `export type` per wire type.
pub fn typescript() -> String {
    let decls = [
        error::ErrorCode::decl(),
        error::ErrorEnvelope::decl(),
        envelope::Envelope::<()>::decl(),
        auth::ApiKey::decl(),
        users::User::decl(),
        usage::StorageUsage::decl(),
        projects::Project::decl(),
        projects::NewProject::decl(),
        folders::Folder::decl(),
        folders::NewFolder::decl(),
        folders::FolderUpdate::decl(),
        projects::ProjectUpdate::decl(),
        files::FileState::decl(),
        renditions::RenditionKind::decl(),
        renditions::RenditionState::decl(),
        renditions::RenditionError::decl(),
        renditions::Rendition::decl(),
        renditions::Waveform::decl(),
        approval::ApprovalStatus::decl(),
        approval::StatusUpdate::decl(),
        annotations::DrawTool::decl(),
        annotations::Shape::decl(),
        annotations::Drawing::decl(),
        files::File::decl(),
        versions::NewVersion::decl(),
        files::NewFile::decl(),
        files::FileUpdate::decl(),
        metadata::Metadata::decl(),
        metadata::TechnicalMetadata::decl(),
        // A type alias has no `decl` of its own, and ts-rs spells a map with optional values
        // (`{ [key in string]?: … }`), which lets `undefined` in: spelled as serde reads it.
        "type MetadataPatch = Record<string, string | null>;".to_owned(),
        comments::Comment::decl(),
        comments::CommentAuthor::decl(),
        comments::NewComment::decl(),
        comments::CommentUpdate::decl(),
        comments::ExportFormat::decl(),
        activity::ActivityKind::decl(),
        activity::Activity::decl(),
        roles::Role::decl(),
        page::SortKey::decl(),
        page::ListQuery::decl(),
        page::PageQuery::decl(),
        users::NewUser::decl(),
        users::UserUpdate::decl(),
        users::CreatedUser::decl(),
        members::MemberUser::decl(),
        members::FolderGrant::decl(),
        members::Member::decl(),
        members::RoleUpdate::decl(),
        members::RoleSource::decl(),
        members::FolderMember::decl(),
        members::UserGrant::decl(),
        ipc::AppErrorCode::decl(),
        ipc::AppError::decl(),
        ipc::SecretStorage::decl(),
        ipc::LibraryStatus::decl(),
        connections::SignInMethod::decl(),
        connections::ConnectionState::decl(),
        connections::ConnectionUser::decl(),
        connections::Connection::decl(),
        connections::NewConnection::decl(),
        connections::NewCredentials::decl(),
        transfers::TransferDirection::decl(),
        transfers::TransferState::decl(),
        transfers::OnConflict::decl(),
        transfers::Transfer::decl(),
        transfers::TransferProgress::decl(),
        transfers::TransferEvent::decl(),
        transfers::TransferLimits::decl(),
        transfers::UploadCandidate::decl(),
        transfers::UploadItem::decl(),
        transfers::DownloadItem::decl(),
        transfers::QueuedBatch::decl(),
        // The app's own screens: browsing pages of files, account, settings.
        page::Page::<()>::decl(),
        auth::CreatedApiKey::decl(),
        oauth::RedirectUri::decl(),
        oauth::OAuthApp::decl(),
        oauth::NewOAuthApp::decl(),
        oauth::OAuthAppUpdate::decl(),
        oauth::CreatedOAuthApp::decl(),
        oauth::Authorization::decl(),
        oauth::NewDevCode::decl(),
        oauth::DevCode::decl(),
        settings::Theme::decl(),
        settings::Settings::decl(),
        crate::session::WebSession::decl(),
        review_links::ReviewPermission::decl(),
        review_links::ReviewLinkKind::decl(),
        review_links::ReviewLink::decl(),
        review_links::NewReviewLink::decl(),
        review_links::CreatedReviewLink::decl(),
        review_links::ReviewLinkUpdate::decl(),
        review_links::NewGuestSession::decl(),
        review_links::GuestLink::decl(),
        review_links::GuestSession::decl(),
    ];
    let mut out = String::from(
        "// Generated from crates/api by `UPDATE_BINDINGS=1 cargo test -p rushes-api`. Do not edit.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    for c in constants() {
        out.push_str(&c);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The values the UI would otherwise copy by hand: limits it checks before asking, the default
/// settings, the names of the app's events.
fn constants() -> Vec<String> {
    let defaults = serde_json::to_string(&settings::Settings::default())
        .unwrap_or_else(|e| unreachable!("settings always serialise: {e}"));
    let app_codes: serde_json::Map<String, serde_json::Value> = error::ErrorCode::ALL
        .iter()
        .map(|&code| {
            let app = serde_json::to_value(ipc::AppErrorCode::from(code))
                .unwrap_or_else(|e| unreachable!("codes always serialise: {e}"));
            (code.as_str().to_owned(), app)
        })
        .collect();
    let app_codes = serde_json::Value::Object(app_codes);
    let text = |name: &str, doc: &str, value: &str| {
        format!("/** {doc} */\nexport const {name} = {value:?};")
    };
    vec![
        format!(
            "/** The longest name of a project, folder or file, in UTF-8 bytes. */\nexport const MAX_NAME_BYTES = {};",
            crate::MAX_NAME_BYTES
        ),
        format!(
            "/** The longest project description, in UTF-8 bytes. */\nexport const MAX_DESCRIPTION_BYTES = {};",
            crate::MAX_DESCRIPTION_BYTES
        ),
        format!(
            "/** The largest page a list endpoint answers. */\nexport const MAX_PER_PAGE = {};",
            page::MAX_PER_PAGE
        ),
        format!(
            "/** What the UI makes of each error code of the HTTP API (the app's client maps them the same way). */\nexport const APP_ERROR_CODES: Readonly<Record<ErrorCode, AppErrorCode>> = Object.freeze({app_codes});"
        ),
        format!(
            "/** The most transfers at once. */\nexport const MAX_CONCURRENCY = {};",
            settings::MAX_CONCURRENCY
        ),
        format!(
            "/** The lowest bandwidth limit, in bytes per second. */\nexport const MIN_BANDWIDTH_LIMIT = {};",
            settings::MIN_BANDWIDTH_LIMIT
        ),
        format!(
            "/** What the app starts with. */\nexport const DEFAULT_SETTINGS: Settings = Object.freeze({defaults});"
        ),
        text("TRANSFER_EVENT", "The event carrying a `TransferEvent`.", ipc::events::TRANSFER),
        text(
            "TRANSFERS_RESYNC",
            "The event saying events were lost: list the transfers again.",
            ipc::events::TRANSFERS_RESYNC,
        ),
        text(
            "CONNECTIONS_CHANGED",
            "The event saying a connection signed in or out or needs sign-in again.",
            ipc::events::CONNECTIONS_CHANGED,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// The name of every type in `crates/api/src` that derives `TS`: a type that crosses to the
    /// UI, so one the list in `typescript()` must not miss.
    fn derived_ts_types() -> Vec<String> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("crates/api/src").flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let mut derives_ts = false;
            for line in text.lines().map(str::trim) {
                if line.starts_with("#[derive(") {
                    derives_ts = line
                        .trim_start_matches("#[derive(")
                        .trim_end_matches(")]")
                        .split(',')
                        .any(|d| d.trim() == "TS");
                } else if let Some(rest) = line
                    .strip_prefix("pub struct ")
                    .or_else(|| line.strip_prefix("pub enum "))
                {
                    if derives_ts {
                        let name: String = rest
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        names.push(name);
                    }
                    derives_ts = false;
                }
            }
        }
        names.sort();
        names
    }

    #[test]
    fn every_type_that_derives_ts_is_exported() {
        let out = super::typescript();
        let names = derived_ts_types();
        assert!(names.len() > 40, "found {names:?}");
        let missing: Vec<&String> = names
            .iter()
            .filter(|n| {
                !out.contains(&format!("export type {n} "))
                    && !out.contains(&format!("export type {n}<"))
            })
            .collect();
        assert!(
            missing.is_empty(),
            "derive TS but are not in typescript(): {missing:?}"
        );
    }

    #[test]
    fn bindings_are_up_to_date() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/api-types.ts");
        let want = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &want).expect("write bindings");
            return;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "ui/src/lib/api-types.ts is out of date: run `UPDATE_BINDINGS=1 cargo test -p rushes-api`"
        );
    }
}
