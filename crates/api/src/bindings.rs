//! Generates the UI's TypeScript types from the Rust wire types.
//!
//! The generated file is committed at `ui/src/lib/api-types.ts`. The test
//! `bindings_are_up_to_date` fails when it drifts; run it with `UPDATE_BINDINGS=1` to rewrite it.

use ts_rs::TS;

use crate::{
    auth, comments, connections, error, files, folders, ipc, members, metadata, oauth, page,
    projects, roles, settings, transfers, usage, users,
};

/// The generated TypeScript module, one `export type` per wire type.
pub fn typescript() -> String {
    let decls = [
        error::ErrorCode::decl(),
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
        files::File::decl(),
        files::NewFile::decl(),
        files::FileUpdate::decl(),
        metadata::Metadata::decl(),
        metadata::TechnicalMetadata::decl(),
        comments::Comment::decl(),
        comments::CommentAuthor::decl(),
        comments::NewComment::decl(),
        comments::CommentUpdate::decl(),
        roles::Role::decl(),
        page::SortKey::decl(),
        page::ListQuery::decl(),
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
    ];
    let mut out = String::from(
        "// Generated from crates/api by `UPDATE_BINDINGS=1 cargo test -p rushes-api`. Do not edit.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

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
