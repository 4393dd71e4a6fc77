//! The `projects` table.

use rushes_api::projects::Project;
use rushes_api::Id;
use sqlx::Executor;

use super::listing::Listing;
use super::time::to_timestamp;
use super::Db;
use super::QueryBuilder;

/// A project as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProjectRow {
    pub id: Id,
    pub name: String,
    pub description: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ProjectRow {
    /// The project as the API shows it.
    pub fn to_api(&self) -> Project {
        Project {
            id: self.id,
            name: self.name.clone(),
            description: self.description.clone(),
            created_at: to_timestamp(self.created_at),
            updated_at: to_timestamp(self.updated_at),
        }
    }
}

const COLUMNS: &str = "p.id, p.name, p.description, p.created_at, p.updated_at";

/// Inserts a project. A taken name is a unique violation.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    name: &str,
    description: &str,
    created_by: Id,
    now: i64,
) -> Result<ProjectRow, sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO projects (name, description, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) \
         RETURNING id, name, description, created_at, updated_at",
    )
    .bind(name)
    .bind(description)
    .bind(created_by)
    .bind(now)
    .fetch_one(ex)
    .await
}

/// The project with this id.
pub async fn by_id<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
) -> Result<Option<ProjectRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM projects p WHERE p.id = $1");
    sqlx::query_as(&sql).bind(id).fetch_optional(ex).await
}

/// The projects a list covers: all of them (`member: None`, for admins) or those where a user has
/// a role on the project or on one of its folders; ordered and filtered by `listing`.
#[derive(Debug, Clone, Copy)]
pub struct ProjectQuery<'a> {
    pub member: Option<Id>,
    pub listing: &'a Listing,
}

impl ProjectQuery<'_> {
    fn push_where<'q>(&self, qb: &mut QueryBuilder<'q>) {
        qb.push(" WHERE LOWER(p.name) LIKE ")
            .push_bind(self.listing.like_pattern())
            .push(" ESCAPE '\\'");
        if let Some(user) = self.member {
            qb.push(" AND p.id IN (SELECT project_id FROM project_members WHERE user_id = ")
                .push_bind(user)
                .push(" UNION SELECT project_id FROM folder_members WHERE user_id = ")
                .push_bind(user)
                .push(")");
        }
    }
}

/// One page of the projects `query` covers.
pub async fn list<'c>(
    ex: impl Executor<'c, Database = Db>,
    query: ProjectQuery<'_>,
    limit: i64,
    offset: i64,
) -> Result<Vec<ProjectRow>, sqlx::Error> {
    let mut qb = QueryBuilder::new(format!("SELECT {COLUMNS} FROM projects p"));
    query.push_where(&mut qb);
    qb.push(" ")
        .push(query.listing.order_by("p", false))
        .push(" LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    qb.build_query_as().fetch_all(ex).await
}

/// How many projects `query` covers over all pages.
pub async fn count<'c>(
    ex: impl Executor<'c, Database = Db>,
    query: ProjectQuery<'_>,
) -> Result<i64, sqlx::Error> {
    let mut qb = QueryBuilder::new("SELECT COUNT(*) FROM projects p");
    query.push_where(&mut qb);
    qb.build_query_scalar().fetch_one(ex).await
}

/// Changes a project's name and description. A taken name is a unique violation.
pub async fn update<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
    name: &str,
    description: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE projects SET name = $2, description = $3, updated_at = $4 WHERE id = $1")
        .bind(id)
        .bind(name)
        .bind(description)
        .bind(now)
        .execute(ex)
        .await
        .map(drop)
}

/// Deletes a project with everything in it.
pub async fn delete<'c>(ex: impl Executor<'c, Database = Db>, id: Id) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM projects WHERE id = $1")
        .bind(id)
        .execute(ex)
        .await
        .map(drop)
}
