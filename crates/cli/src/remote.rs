//! `PROJECT/FOLDER/...` paths on the server, resolved by name one step at a time.

use rushes_api::files::File;
use rushes_api::folders::{Folder, NewFolder};
use rushes_api::page::ListQuery;
use rushes_api::projects::Project;
use rushes_api::Id;
use rushes_client::{ApiClient, ClientError};

/// The parts of a remote path, refusing empty ones (`a//b`) instead of guessing.
pub fn split(path: &str) -> Result<Vec<&str>, ClientError> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(ClientError::Invalid(format!(
            "“{path}” is not a path like PROJECT/FOLDER/NAME"
        )));
    }
    Ok(parts)
}

pub async fn project(api: &ApiClient, name: &str) -> Result<Project, ClientError> {
    api.list_projects()
        .await?
        .into_iter()
        .find(|p| p.name == name)
        .ok_or_else(|| ClientError::NotFound(format!("no project called “{name}”")))
}

/// The folder called `name` directly inside `parent` (the project's top when `None`).
pub async fn child_folder(
    api: &ApiClient,
    project: Id,
    parent: Option<Id>,
    name: &str,
) -> Result<Option<Folder>, ClientError> {
    let query = ListQuery {
        name: Some(name.to_owned()),
        ..ListQuery::default()
    };
    let page = api.folders_page(project, parent, &query, 1, 500).await?;
    Ok(page.items.into_iter().find(|f| f.name == name))
}

pub async fn file_in(
    api: &ApiClient,
    project: Id,
    folder: Id,
    name: &str,
) -> Result<Option<File>, ClientError> {
    let query = ListQuery {
        name: Some(name.to_owned()),
        ..ListQuery::default()
    };
    let page = api.files_page(project, folder, &query, 1, 500).await?;
    Ok(page.items.into_iter().find(|f| f.name == name))
}

/// The folder at `PROJECT/F1/F2/...`, making the missing ones (like `mkdir -p`).
pub async fn ensure_folder(api: &ApiClient, path: &str) -> Result<(Id, Id), ClientError> {
    let parts = split(path)?;
    let project = project(api, parts[0]).await?;
    if parts.len() < 2 {
        return Err(ClientError::Invalid(
            "files live in folders: give --to PROJECT/FOLDER".into(),
        ));
    }
    let mut parent: Option<Id> = None;
    for name in &parts[1..] {
        let folder = match child_folder(api, project.id, parent, name).await? {
            Some(f) => f,
            None => {
                api.create_folder(
                    project.id,
                    &NewFolder {
                        name: (*name).to_owned(),
                        parent_id: parent,
                    },
                )
                .await?
            }
        };
        parent = Some(folder.id);
    }
    Ok((project.id, parent.unwrap_or_default()))
}

/// What a path names.
pub enum Target {
    Project(Project),
    Folder(Id, Folder),
    File(Id, Box<File>),
}

/// Resolves `PROJECT[/FOLDER/...[/FILE]]` without changing anything.
pub async fn resolve(api: &ApiClient, path: &str) -> Result<Target, ClientError> {
    let parts = split(path)?;
    let project = project(api, parts[0]).await?;
    let mut folder: Option<Folder> = None;
    for (i, name) in parts.iter().enumerate().skip(1) {
        let parent = folder.as_ref().map(|f| f.id);
        if let Some(f) = child_folder(api, project.id, parent, name).await? {
            folder = Some(f);
            continue;
        }
        let last = i + 1 == parts.len();
        if let (true, Some(parent)) = (last, parent) {
            if let Some(file) = file_in(api, project.id, parent, name).await? {
                return Ok(Target::File(project.id, Box::new(file)));
            }
        }
        return Err(ClientError::NotFound(format!(
            "nothing called “{name}” in {}",
            parts[..i].join("/")
        )));
    }
    Ok(match folder {
        Some(f) => Target::Folder(project.id, f),
        None => Target::Project(project),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_on_slashes_and_refuse_empty_parts() {
        assert_eq!(split("/Doc/Day 1/").unwrap(), ["Doc", "Day 1"]);
        assert!(split("Doc//Day").is_err());
        assert!(split("").is_err());
    }
}
