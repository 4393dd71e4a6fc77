//! The `folders` table: folders nest inside a project through `parent_id`.

use rushes_api::folders::Folder;
use rushes_api::Id;
use sqlx::Executor;

use super::listing::Listing;
use super::time::to_timestamp;
use super::QueryBuilder;
use super::{Db, Flag};

/// A folder as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FolderRow {
    pub id: Id,
    pub project_id: Id,
    pub parent_id: Option<Id>,
    pub name: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl FolderRow {
    /// The folder as the API shows it.
    pub fn to_api(&self) -> Folder {
        Folder {
            id: self.id,
            project_id: self.project_id,
            parent_id: self.parent_id,
            name: self.name.clone(),
            created_at: to_timestamp(self.created_at),
            updated_at: to_timestamp(self.updated_at),
        }
    }
}

/// One step of a folder's way up to the top of its project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct FolderLink {
    pub id: Id,
    pub parent_id: Option<Id>,
}

const COLUMNS: &str = "id, project_id, parent_id, name, created_at, updated_at";
const ALIASED: &str = "d.id, d.project_id, d.parent_id, d.name, d.created_at, d.updated_at";

/// The value `COALESCE(parent_id, 0)` has for folders at the top of a project. Written the same
/// way as the unique index, so listing uses that index on SQLite and PostgreSQL.
fn parent_key(parent: Option<Id>) -> Id {
    parent.unwrap_or(0)
}

/// Inserts a folder. A name taken among its siblings is a unique violation.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    parent_id: Option<Id>,
    name: &str,
    now: i64,
) -> Result<FolderRow, sqlx::Error> {
    let sql = format!(
        "INSERT INTO folders (project_id, parent_id, name, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING {COLUMNS}"
    );
    sqlx::query_as(&sql)
        .bind(project_id)
        .bind(parent_id)
        .bind(name)
        .bind(now)
        .fetch_one(ex)
        .await
}

/// The folder `id` if it belongs to `project_id`; a folder of another project is not found.
pub async fn by_id<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    id: Id,
) -> Result<Option<FolderRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM folders WHERE project_id = $1 AND id = $2");
    sqlx::query_as(&sql)
        .bind(project_id)
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// Which folders of a parent a list covers: `only` restricts it to some ids (a caller who may
/// only pass through the parent), `listing` orders and filters.
#[derive(Debug, Clone, Copy)]
pub struct ChildQuery<'a> {
    pub project_id: Id,
    pub parent: Option<Id>,
    pub listing: &'a Listing,
    pub only: Option<&'a [Id]>,
}

impl ChildQuery<'_> {
    /// `WHERE ...` for this query, binding its values onto `qb`.
    fn push_where<'q>(&self, qb: &mut QueryBuilder<'q>) {
        qb.push(" WHERE d.project_id = ")
            .push_bind(self.project_id)
            .push(" AND COALESCE(d.parent_id, 0) = ")
            .push_bind(parent_key(self.parent))
            .push(" AND LOWER(d.name) LIKE ")
            .push_bind(self.listing.like_pattern())
            .push(" ESCAPE '\\'");
        if let Some(ids) = self.only {
            // An empty set matches nothing; `IN ()` is not valid SQL.
            qb.push(" AND d.id IN (NULL");
            for id in ids {
                qb.push(", ").push_bind(*id);
            }
            qb.push(")");
        }
    }
}

/// One page of the folders directly inside a parent (the top of the project when `None`).
pub async fn list_children<'c>(
    ex: impl Executor<'c, Database = Db>,
    query: ChildQuery<'_>,
    limit: i64,
    offset: i64,
) -> Result<Vec<FolderRow>, sqlx::Error> {
    let mut qb = QueryBuilder::new(format!("SELECT {ALIASED} FROM folders d"));
    query.push_where(&mut qb);
    qb.push(" ")
        .push(query.listing.order_by("d", false))
        .push(" LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    qb.build_query_as().fetch_all(ex).await
}

/// How many folders [`list_children`] would list over all pages.
pub async fn count_children<'c>(
    ex: impl Executor<'c, Database = Db>,
    query: ChildQuery<'_>,
) -> Result<i64, sqlx::Error> {
    let mut qb = QueryBuilder::new("SELECT COUNT(*) FROM folders d");
    query.push_where(&mut qb);
    qb.build_query_scalar().fetch_one(ex).await
}

/// Whether a folder named `name` is directly inside `parent` (folders and files share a
/// namespace).
pub async fn name_exists<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    parent: Option<Id>,
    name: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<_, Flag>(
        "SELECT EXISTS (SELECT 1 FROM folders \
         WHERE project_id = $1 AND COALESCE(parent_id, 0) = $2 AND name = $3)",
    )
    .bind(project_id)
    .bind(parent_key(parent))
    .bind(name)
    .fetch_one(ex)
    .await
    .map(Flag::get)
}

/// Folder `id` and every folder above it, from `id` up to the top of the project. Empty when `id`
/// is not a folder of `project_id`.
pub async fn ancestry<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    id: Id,
) -> Result<Vec<FolderLink>, sqlx::Error> {
    sqlx::query_as(
        "WITH RECURSIVE chain (id, parent_id, depth) AS ( \
             SELECT id, parent_id, 0 FROM folders WHERE project_id = $1 AND id = $2 \
             UNION ALL \
             SELECT f.id, f.parent_id, c.depth + 1 FROM folders f JOIN chain c ON f.id = c.parent_id \
         ) SELECT id, parent_id FROM chain ORDER BY depth",
    )
    .bind(project_id)
    .bind(id)
    .fetch_all(ex)
    .await
}

/// Folder `id` of `project_id` and every folder below it, each after its parent (by depth).
pub async fn subtree<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    id: Id,
) -> Result<Vec<FolderRow>, sqlx::Error> {
    let sql = format!(
        "WITH RECURSIVE tree (id, depth) AS ( \
             SELECT id, 0 FROM folders WHERE project_id = $1 AND id = $2 \
             UNION ALL \
             SELECT f.id, t.depth + 1 FROM folders f JOIN tree t ON f.parent_id = t.id \
         ) SELECT {ALIASED} FROM folders d JOIN tree t ON t.id = d.id ORDER BY t.depth, d.id"
    );
    sqlx::query_as(&sql)
        .bind(project_id)
        .bind(id)
        .fetch_all(ex)
        .await
}

/// Renames and/or moves a folder. A name taken among its new siblings is a unique violation.
pub async fn update_place<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
    parent_id: Option<Id>,
    name: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE folders SET parent_id = $2, name = $3, updated_at = $4 WHERE id = $1")
        .bind(id)
        .bind(parent_id)
        .bind(name)
        .bind(now)
        .execute(ex)
        .await
        .map(drop)
}

/// Deletes a folder; the folders and files below it go with it (foreign keys cascade).
pub async fn delete<'c>(ex: impl Executor<'c, Database = Db>, id: Id) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM folders WHERE id = $1")
        .bind(id)
        .execute(ex)
        .await
        .map(drop)
}
