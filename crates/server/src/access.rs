//! Who may do what: the effective role of a caller on a project, a folder or a file, and the
//! checks every endpoint starts with.
//!
//! A role is granted on a project or on a folder; a folder grant covers that folder and every
//! folder below it, and the effective role is the highest that applies. A caller with no role
//! anywhere in a project is told it does not exist (404), so ids cannot be probed; a caller whose
//! role is too low is told so (403). Someone whose only grant is deep inside a project can see
//! the folders on the way there (their names, to navigate), but nothing else in them. Server
//! admins may do everything.

use rushes_api::Id;

pub use rushes_api::roles::Role;

use crate::db::files::{self, FileRow};
use crate::db::folders::{self, FolderLink, FolderRow};
use crate::db::grants::{self, Grant};
use crate::db::projects::ProjectRow;
use crate::db::users::UserRow;
use crate::db::{projects, Pool};
use crate::error::ApiError;

/// A project the caller may at least see, with their roles in it.
#[derive(Debug)]
pub struct ProjectAccess {
    pub project: ProjectRow,
    /// The role on the project itself (`Manager` for an admin).
    role: Option<Role>,
    /// The caller's folder grants in this project.
    grants: Vec<Grant>,
}

/// A folder the caller may see, and their effective role on it (`None`: they only pass through
/// it on the way to a folder they were granted).
#[derive(Debug)]
pub struct FolderAccess {
    pub folder: FolderRow,
    role: Option<Role>,
}

/// A file the caller may see, and their effective role on it (the role on its folder).
#[derive(Debug)]
pub struct FileAccess {
    pub file: FileRow,
    role: Role,
}

impl ProjectAccess {
    /// Loads project `id` for `user`: not found unless it exists and `user` has a role in it
    /// (on the project or on one of its folders) or is an admin.
    pub async fn load(pool: &Pool, user: &UserRow, id: Id) -> Result<Self, ApiError> {
        let project = projects::by_id(pool, id).await?.ok_or(ApiError::NotFound)?;
        let role = if user.is_admin {
            Some(Role::Manager)
        } else {
            grants::project_role_of(pool, id, user.id).await?
        };
        let grants = grants::folder_grants(pool, id, user.id).await?;
        if role.is_none() && grants.is_empty() {
            return Err(ApiError::NotFound);
        }
        Ok(Self {
            project,
            role,
            grants,
        })
    }

    /// The role on the project itself, if any.
    pub fn role(&self) -> Option<Role> {
        self.role
    }

    /// The caller's folder grants in this project (for walking a whole tree at once).
    pub fn grants(&self) -> &[Grant] {
        &self.grants
    }

    /// Whether the caller has at least `min` on the project or on one of its folders.
    pub fn has_somewhere(&self, min: Role) -> bool {
        self.role.is_some_and(|r| r >= min) || self.grants.iter().any(|g| g.role >= min)
    }

    /// Fails with 403 unless the caller has at least `min` on the whole project.
    pub fn require(&self, min: Role) -> Result<(), ApiError> {
        allow(self.role, min)
    }

    /// The folder `id` of this project as the caller sees it; 404 when it is in another project,
    /// does not exist, or the caller has no business there.
    pub async fn folder(&self, pool: &Pool, id: Id) -> Result<FolderAccess, ApiError> {
        let folder = folders::by_id(pool, self.project.id, id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let chain = folders::ancestry(pool, self.project.id, id).await?;
        let role = self.role_along(&chain);
        if role.is_none() && !self.passes_through(pool, id).await? {
            return Err(ApiError::NotFound);
        }
        Ok(FolderAccess { folder, role })
    }

    /// The caller's effective role inside `parent` (the top of the project when `None`).
    pub async fn role_in(&self, pool: &Pool, parent: Option<Id>) -> Result<Option<Role>, ApiError> {
        match parent {
            None => Ok(self.role),
            Some(id) => Ok(self.folder(pool, id).await?.role),
        }
    }

    /// Which folders directly inside `parent` the caller may see: `None` means all of them
    /// (they have a role on `parent`), otherwise only those on the way to their grants.
    pub async fn visible_children(
        &self,
        pool: &Pool,
        parent: Option<Id>,
    ) -> Result<Option<Vec<Id>>, ApiError> {
        if self.role_in(pool, parent).await?.is_some() {
            return Ok(None);
        }
        let mut ids = Vec::new();
        for grant in &self.grants {
            let chain = folders::ancestry(pool, self.project.id, grant.folder_id).await?;
            // The chain runs from the granted folder up to the top; the child of `parent` on it
            // is the link whose parent is `parent`.
            if let Some(link) = chain.iter().find(|l| l.parent_id == parent) {
                if !ids.contains(&link.id) {
                    ids.push(link.id);
                }
            }
        }
        Ok(Some(ids))
    }

    /// The file `id` in folder `folder_id` of this project; 404 unless it is there and the caller
    /// has a role on that folder.
    pub async fn file(&self, pool: &Pool, folder_id: Id, id: Id) -> Result<FileAccess, ApiError> {
        let folder = self.folder(pool, folder_id).await?;
        let role = folder.role.ok_or(ApiError::NotFound)?;
        let file = files::by_id(pool, self.project.id, id)
            .await?
            .filter(|f| f.folder_id == folder_id)
            .ok_or(ApiError::NotFound)?;
        Ok(FileAccess { file, role })
    }

    /// The highest of the project role and the grants on `chain`.
    fn role_along(&self, chain: &[FolderLink]) -> Option<Role> {
        let granted = self
            .grants
            .iter()
            .filter(|g| chain.iter().any(|l| l.id == g.folder_id))
            .map(|g| g.role)
            .max();
        self.role.max(granted)
    }

    /// Whether folder `id` lies above one of the caller's grants.
    async fn passes_through(&self, pool: &Pool, id: Id) -> Result<bool, ApiError> {
        for grant in &self.grants {
            let chain = folders::ancestry(pool, self.project.id, grant.folder_id).await?;
            if chain.iter().any(|l| l.id == id) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl FolderAccess {
    /// The effective role on this folder, if any.
    pub fn role(&self) -> Option<Role> {
        self.role
    }

    /// Fails unless the caller has at least `min` here: 403 when they have a lower role, 404 when
    /// they only pass through this folder (they must not learn what is in it).
    pub fn require(&self, min: Role) -> Result<(), ApiError> {
        match self.role {
            None => Err(ApiError::NotFound),
            role => allow(role, min),
        }
    }
}

impl FileAccess {
    /// Fails with 403 unless the caller has at least `min` on the file's folder.
    pub fn require(&self, min: Role) -> Result<(), ApiError> {
        allow(Some(self.role), min)
    }
}

fn allow(role: Option<Role>, min: Role) -> Result<(), ApiError> {
    if role.is_some_and(|r| r >= min) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}
