//! What a ZIP download holds: a folder with everything below it, or a selection of files and
//! folders of one project. Only what the caller may download goes in (the rule of a file's
//! `download`: any role on its folder), and only files whose bytes are complete; what they
//! cannot see is left out as if it did not exist, so neither its name nor its number shows.
//! Naming something they cannot see in a selection is a 404, like any other id.
//!
//! The entries are planned here, before a byte is sent, so that a 404 or a 422 (too many
//! entries) is still an ordinary answer; the bytes are streamed by `media::zip`.

use std::collections::{HashMap, HashSet};

use rushes_api::Id;

use crate::access::{FolderAccess, ProjectAccess, Role};
use crate::db::folders::FolderRow;
use crate::db::users::UserRow;
use crate::db::{files, folders, Pool};
use crate::error::ApiError;
use crate::media::zip::{Entry, EntryKind};

/// Files read from the database per query while walking a tree.
const PAGE: i64 = 1000;

/// An archive to stream: the name it downloads under (without `.zip`) and its entries.
#[derive(Debug)]
pub struct Archive {
    pub name: String,
    pub entries: Vec<Entry>,
}

/// Files and folders of one project chosen together.
#[derive(Debug, Default)]
pub struct Selection<'a> {
    pub files: &'a [Id],
    pub folders: &'a [Id],
}

/// Folder `folder_id` and everything below it the caller may download, with paths relative
/// to it. Someone who only passes through the folder gets the way to their grants and what
/// is inside those.
pub async fn of_folder(
    pool: &Pool,
    caller: &UserRow,
    (project_id, folder_id): (Id, Id),
    max_entries: usize,
) -> Result<Archive, ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    let root = access.folder(pool, folder_id).await?;
    let mut plan = Plan::new(max_entries);
    plan.tree(pool, &access, &root, "").await?;
    Ok(Archive {
        name: root.folder.name.clone(),
        entries: plan.finish(),
    })
}

/// The files and folders of `selection`, each at the top of the archive (a folder with
/// everything below it the caller may download). Names that meet at the top get ` (2)`,
/// ` (3)`… so nothing is overwritten on extraction.
pub async fn of_selection(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    selection: &Selection<'_>,
    max_entries: usize,
) -> Result<Archive, ApiError> {
    if selection.files.is_empty() && selection.folders.is_empty() {
        return Err(ApiError::Validation(
            [(
                "base".to_owned(),
                vec!["choose at least one file or folder".to_owned()],
            )]
            .into(),
        ));
    }
    if selection.files.len() + selection.folders.len() > max_entries {
        return Err(too_many(max_entries));
    }
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    let mut plan = Plan::new(max_entries);
    let mut single_folder = None;
    for &id in selection.folders {
        let folder = access.folder(pool, id).await?;
        let prefix = format!("{}/", plan.top_level(&folder.folder.name, true));
        plan.tree(pool, &access, &folder, &prefix).await?;
        single_folder = Some(folder.folder.name);
    }
    for &id in selection.files {
        let row = files::by_id(pool, project_id, id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let file = access.file(pool, row.folder_id, id).await?;
        file.require(Role::Viewer).map_err(|_| ApiError::NotFound)?;
        if let (true, Some(key), Some(size)) = (
            file.file.is_ready(),
            file.file.storage_key.clone(),
            file.file.size.and_then(|s| u64::try_from(s).ok()),
        ) {
            let path = plan.top_level(&file.file.name, false);
            plan.push(path, file.file.updated_at, file_kind(key, size))?;
        }
    }
    let name = match single_folder {
        Some(name) if selection.folders.len() == 1 && selection.files.is_empty() => name,
        _ => access.project.name.clone(),
    };
    Ok(Archive {
        name,
        entries: plan.finish(),
    })
}

/// Entries collected so far, under the limit.
struct Plan {
    entries: Vec<Entry>,
    /// Names already used at the top of the archive (a selection's items).
    top: HashSet<String>,
    max: usize,
}

impl Plan {
    fn new(max: usize) -> Self {
        Self {
            entries: Vec::new(),
            top: HashSet::new(),
            max,
        }
    }

    fn push(&mut self, path: String, modified_ms: i64, kind: EntryKind) -> Result<(), ApiError> {
        if self.entries.len() >= self.max {
            return Err(too_many(self.max));
        }
        self.entries.push(Entry {
            path,
            modified_ms,
            kind,
        });
        Ok(())
    }

    /// `name`, or `name (2)`, `name (3)`… (before a file's extension) when it is taken.
    fn top_level(&mut self, name: &str, is_dir: bool) -> String {
        let (stem, ext) = match name.rfind('.') {
            Some(dot) if !is_dir && dot > 0 => name.split_at(dot),
            _ => (name, ""),
        };
        let mut candidate = name.to_owned();
        let mut n = 2;
        while !self.top.insert(candidate.clone()) {
            candidate = format!("{stem} ({n}){ext}");
            n += 1;
        }
        candidate
    }

    /// The folders and ready files in and below `root` that the caller may download, their
    /// paths starting with `prefix` (a non-empty prefix is the root's own directory entry).
    async fn tree(
        &mut self,
        pool: &Pool,
        access: &ProjectAccess,
        root: &FolderAccess,
        prefix: &str,
    ) -> Result<(), ApiError> {
        let all = folders::subtree(pool, access.project.id, root.folder.id).await?;
        let tree = Tree::new(access, root, &all, prefix);
        for folder in &all {
            let Some(path) = tree.visible_path(folder.id) else {
                continue;
            };
            if !path.is_empty() {
                self.push(path.to_owned(), folder.updated_at, EntryKind::Directory)?;
            }
        }
        let mut after = 0;
        loop {
            let page = files::ready_under(pool, root.folder.id, after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            for file in page {
                if !tree.downloadable(file.folder_id) {
                    continue;
                }
                let (Some(dir), Some(key), Some(size)) = (
                    tree.visible_path(file.folder_id),
                    file.storage_key,
                    file.size.and_then(|s| u64::try_from(s).ok()),
                ) else {
                    continue;
                };
                self.push(
                    format!("{dir}{}", file.name),
                    file.updated_at,
                    file_kind(key, size),
                )?;
            }
        }
        Ok(())
    }

    /// The entries, each directory before what is in it.
    fn finish(mut self) -> Vec<Entry> {
        self.entries.sort_by(|a, b| a.path.cmp(&b.path));
        self.entries
    }
}

/// The caller's view of one folder tree: each folder's effective role and archive path.
struct Tree {
    role: HashMap<Id, Option<Role>>,
    path: HashMap<Id, String>,
    /// Folders on the way down to one of the caller's grants.
    on_the_way: HashSet<Id>,
}

impl Tree {
    /// `folders` is the subtree of `root`, each after its parent.
    fn new(
        access: &ProjectAccess,
        root: &FolderAccess,
        folders: &[FolderRow],
        prefix: &str,
    ) -> Self {
        let mut granted: HashMap<Id, Role> = HashMap::new();
        for grant in access.grants() {
            let best = granted.entry(grant.folder_id).or_insert(grant.role);
            *best = (*best).max(grant.role);
        }
        let parent: HashMap<Id, Option<Id>> = folders.iter().map(|f| (f.id, f.parent_id)).collect();
        let mut role = HashMap::from([(root.folder.id, root.role())]);
        let mut path = HashMap::from([(root.folder.id, prefix.to_owned())]);
        for folder in folders.iter().filter(|f| f.id != root.folder.id) {
            let Some(up) = folder.parent_id else { continue };
            let inherited = role.get(&up).copied().flatten();
            role.insert(folder.id, inherited.max(granted.get(&folder.id).copied()));
            if let Some(above) = path.get(&up) {
                let own = format!("{above}{}/", folder.name);
                path.insert(folder.id, own);
            }
        }
        let mut on_the_way = HashSet::new();
        for &id in granted.keys().filter(|id| parent.contains_key(id)) {
            let mut at = Some(id);
            while let Some(id) = at {
                if !on_the_way.insert(id) || id == root.folder.id {
                    break;
                }
                at = parent.get(&id).copied().flatten();
            }
        }
        Self {
            role,
            path,
            on_the_way,
        }
    }

    /// The folder's path in the archive when the caller may see it.
    fn visible_path(&self, id: Id) -> Option<&str> {
        let seen = self.role.get(&id).copied().flatten().is_some() || self.on_the_way.contains(&id);
        seen.then(|| self.path.get(&id).map(String::as_str))
            .flatten()
    }

    /// Whether the caller may download the files in the folder.
    fn downloadable(&self, id: Id) -> bool {
        self.role
            .get(&id)
            .copied()
            .flatten()
            .is_some_and(|r| r >= Role::Viewer)
    }
}

fn file_kind(storage_key: String, size: u64) -> EntryKind {
    EntryKind::File { storage_key, size }
}

/// 422 before anything is sent: the archive would be too large to plan.
fn too_many(max: usize) -> ApiError {
    ApiError::Validation(
        [(
            "base".to_owned(),
            vec![format!(
                "a ZIP download holds at most {max} files and folders; download a smaller folder or fewer files"
            )],
        )]
        .into(),
    )
}
