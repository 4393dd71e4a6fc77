//! `rushes ls`.

use rushes_api::page::ListQuery;
use rushes_client::{ApiClient, ClientError};

use crate::output::Output;
use crate::remote::{self, Target};

pub async fn ls(api: &ApiClient, path: Option<String>, out: &Output) -> Result<(), ClientError> {
    let Some(path) = path else {
        for p in api.list_projects().await? {
            out.line(
                &format!("{}/", p.name),
                &serde_json::json!({ "project": p }),
            );
        }
        return Ok(());
    };
    let (project, parent) = match remote::resolve(api, &path).await? {
        Target::Project(p) => (p.id, None),
        Target::Folder(p, f) => (p, Some(f.id)),
        Target::File(_, f) => {
            out.line(&file_line(&f), &serde_json::json!({ "file": f }));
            return Ok(());
        }
    };
    for f in api.list_folders(project, parent).await? {
        out.line(&format!("{}/", f.name), &serde_json::json!({ "folder": f }));
    }
    if let Some(folder) = parent {
        for f in api
            .list_files(project, folder, &ListQuery::default())
            .await?
        {
            out.line(&file_line(&f), &serde_json::json!({ "file": f }));
        }
    }
    Ok(())
}

fn file_line(f: &rushes_api::files::File) -> String {
    let size = f.size.map_or_else(|| "-".to_owned(), |s| s.to_string());
    format!("{}\t{size}\t{:?}", f.name, f.state).to_lowercase()
}
