//! The permission matrix: every endpoint, called by every kind of caller, against targets where
//! the caller has a role, inherits one, only passes through, or has nothing; the answer's class
//! (allowed, 401, 403, 404) must be what the role model says.
//!
//! # Adding an endpoint
//!
//! Add one line to `global_rows`, `project_rows` or `folder_rows`:
//!
//! ```text
//! row(Method::PATCH, "api/projects/{pid}/folders/{new}", Some(r#"{"name":"r{n}"}"#), Folder(Editor)),
//! ```
//!
//! Placeholders in the path and body:
//!
//! | placeholder | becomes |
//! |---|---|
//! | `{pid}`     | the target project: P (where the callers' roles are) or Q (where they have none) |
//! | `{fid}`     | the target folder: A (the folder grants are here), A/sub, its sibling B, or a folder of Q |
//! | `{new}`     | a fresh folder made inside the target folder, for rows that rename or delete one |
//! | `{file}`    | the (ready) file in the target folder |
//! | `{newfile}` | a fresh file in the target folder, for rows that change or delete one |
//! | `{uid}`     | a fresh user without any role |
//! | `{peer}`    | a fresh user sharing a project of their own with the caller (managers reach only people they share a project with) |
//! | `{member}`  | a fresh user with the viewer role on the target (folder, or project) |
//! | `{me}`      | the caller's own user id |
//! | `{n}`       | a number unique to the cell, for names and emails |
//!
//! A row whose path or body names a folder (`{fid}`, `{new}`, `{file}`, `{newfile}`) runs
//! against each folder target; one naming only `{pid}` against P and Q; any other once per
//! caller. The last argument says who may:
//!
//! - `SignedIn`: anyone with a token;
//! - `Admin`: server admins (everyone else 403);
//! - `SeeProject`: anyone with a role anywhere in the project (else 404);
//! - `Project(role)`: at least `role` on the whole project (403 for lower roles and for people
//!   whose roles are only folder grants, 404 outside);
//! - `SeeFolder`: anyone with a role on the folder, or who passes through it on the way to a
//!   deeper grant (else 404);
//! - `Folder(role)`: at least `role` on the folder, through the project or a grant on it or above
//!   (403 for lower roles, 404 for passing through or outside).
//!
//! Rows that destroy the fixtures themselves (deleting the project) call `.fresh()`: each of
//! their cells gets a new world. "Allowed" means any 2xx or 3xx (a download answers 302).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use reqwest::{Method, StatusCode};
use rushes_api::roles::Role::{self, Commenter, Editor, Manager, Viewer};
use serde_json::{json, Value};

use crate::common::{data, TestServer};

use Need::*;

/// Who may call an endpoint (see the module documentation).
#[derive(Debug, Clone, Copy)]
enum Need {
    SignedIn,
    Admin,
    SeeProject,
    Project(Role),
    SeeFolder,
    Folder(Role),
}

/// One endpoint.
#[derive(Debug, Clone)]
struct Row {
    method: Method,
    path: &'static str,
    body: Option<&'static str>,
    need: Need,
    fresh: bool,
}

fn row(method: Method, path: &'static str, body: Option<&'static str>, need: Need) -> Row {
    Row {
        method,
        path,
        body,
        need,
        fresh: false,
    }
}

impl Row {
    /// Each cell of this row gets a new world.
    fn fresh(mut self) -> Self {
        self.fresh = true;
        self
    }

    fn text(&self) -> String {
        format!("{}{}", self.path, self.body.unwrap_or_default())
    }

    fn names_folder(&self) -> bool {
        let t = self.text();
        ["{fid}", "{new}", "{file}", "{newfile}"]
            .iter()
            .any(|p| t.contains(p))
    }
}

#[rustfmt::skip]
fn global_rows() -> Vec<Row> {
    vec![
        row(Method::GET, "api/me", None, SignedIn),
        row(Method::GET, "api/projects", None, SignedIn),
        row(Method::POST, "api/projects", Some(r#"{"name":"m{n}"}"#), SignedIn),
        row(Method::GET, "api/api-keys", None, SignedIn),
        row(Method::GET, "api/authorizations", None, SignedIn),
        row(Method::GET, "api/oauth-apps", None, SignedIn),
        row(Method::GET, "api/users", None, Admin),
        row(Method::POST, "api/users", Some(r#"{"email":"u{n}@rushes.test"}"#), Admin),
        row(Method::GET, "api/users/{uid}", None, Admin),
        row(Method::GET, "api/users/{me}", None, SignedIn),
        row(Method::PATCH, "api/users/{uid}", Some(r#"{"name":"R {n}"}"#), Admin),
        row(Method::POST, "api/users/{uid}/invitation", None, Admin),
        row(Method::GET, "api/users/{uid}/roles", None, Admin),
        row(Method::GET, "api/users/{me}/roles", None, SignedIn),
        row(Method::GET, "api/me/activity", None, SignedIn),
        row(Method::PUT, "api/users/{uid}/roles", Some("[]"), Admin),
    ]
}

#[rustfmt::skip]
fn project_rows() -> Vec<Row> {
    vec![
        row(Method::GET, "api/projects/{pid}", None, SeeProject),
        row(Method::PATCH, "api/projects/{pid}", Some(r#"{"description":"d{n}"}"#), Project(Manager)),
        row(Method::DELETE, "api/projects/{pid}", None, Project(Manager)).fresh(),
        row(Method::GET, "api/projects/{pid}/folders", None, SeeProject),
        row(Method::POST, "api/projects/{pid}/folders", Some(r#"{"name":"f{n}"}"#), Project(Editor)),
        row(Method::GET, "api/projects/{pid}/members", None, SeeProject),
        row(Method::GET, "api/projects/{pid}/activity", None, SeeProject),
        row(Method::PUT, "api/projects/{pid}/members/{peer}", Some(r#"{"role":"viewer"}"#), Project(Manager)),
        row(Method::PUT, "api/projects/{pid}/members/{member}", Some(r#"{"role":null}"#), Project(Manager)),
        row(Method::DELETE, "api/projects/{pid}/members/{member}", None, Project(Manager)),
    ]
}

#[rustfmt::skip]
fn folder_rows() -> Vec<Row> {
    vec![
        row(Method::GET, "api/projects/{pid}/folders/{fid}", None, SeeFolder),
        row(Method::GET, "api/projects/{pid}/folders/{fid}/children", None, SeeFolder),
        row(Method::GET, "api/projects/{pid}/folders?parent_id={fid}", None, SeeFolder),
        row(Method::POST, "api/projects/{pid}/folders", Some(r#"{"name":"f{n}","parent_id":{fid}}"#), Folder(Editor)),
        row(Method::PATCH, "api/projects/{pid}/folders/{new}", Some(r#"{"name":"r{n}"}"#), Folder(Editor)),
        row(Method::DELETE, "api/projects/{pid}/folders/{new}", None, Folder(Editor)),
        row(Method::GET, "api/projects/{pid}/folders/{fid}/files", None, SeeFolder),
        row(Method::POST, "api/projects/{pid}/folders/{fid}/files", Some(r#"{"name":"c{n}.mov"}"#), Folder(Editor)),
        row(Method::GET, "api/projects/{pid}/folders/{fid}/files/{file}", None, Folder(Viewer)),
        row(Method::GET, "api/projects/{pid}/folders/{fid}/files/{file}/download", None, Folder(Viewer)),
        row(Method::PATCH, "api/projects/{pid}/folders/{fid}/files/{newfile}", Some(r#"{"name":"r{n}.mov"}"#), Folder(Editor)),
        row(Method::DELETE, "api/projects/{pid}/folders/{fid}/files/{newfile}", None, Folder(Editor)),
        row(Method::GET, "api/projects/{pid}/folders/{fid}/metadata", None, Folder(Viewer)),
        row(Method::PUT, "api/projects/{pid}/folders/{fid}/metadata", Some(r#"{"scene":"{n}"}"#), Folder(Editor)),
        row(Method::PATCH, "api/projects/{pid}/folders/{fid}/metadata", Some(r#"{"take":"{n}"}"#), Folder(Editor)),
        row(Method::GET, "api/projects/{pid}/folders/{fid}/files/{file}/metadata", None, Folder(Viewer)),
        row(Method::PUT, "api/projects/{pid}/folders/{fid}/files/{file}/metadata", Some(r#"{"reel":"A{n}"}"#), Folder(Editor)),
        row(Method::PATCH, "api/projects/{pid}/folders/{fid}/files/{file}/metadata", Some(r#"{"shot":"{n}"}"#), Folder(Editor)),
        row(Method::GET, "api/projects/{pid}/folders/{fid}/files/{file}/comments", None, Folder(Viewer)),
        row(Method::POST, "api/projects/{pid}/folders/{fid}/files/{file}/comments", Some(r#"{"body":"note {n}","frame":1}"#), Folder(Commenter)),
        row(Method::GET, "api/projects/{pid}/folders/{fid}/files/{file}/versions", None, Folder(Viewer)),
        row(Method::POST, "api/projects/{pid}/folders/{fid}/files/{file}/versions", Some("{}"), Folder(Editor)),
        row(Method::PUT, "api/projects/{pid}/folders/{fid}/files/{file}/status", Some(r#"{"status":"approved"}"#), Folder(Commenter)),
        row(Method::POST, "api/projects/{pid}/folders/{fid}/files/{file}/seen", None, Folder(Viewer)),
        row(Method::GET, "api/projects/{pid}/folders/{fid}/members", None, Folder(Viewer)),
        row(Method::PUT, "api/projects/{pid}/folders/{fid}/members/{peer}", Some(r#"{"role":"viewer"}"#), Folder(Manager)),
        row(Method::DELETE, "api/projects/{pid}/folders/{fid}/members/{member}", None, Folder(Manager)),
    ]
}

/// The kinds of caller. Project roles are on P; folder grants on A; `Deep` is an editor on
/// A/sub only, so A is a folder they pass through; `Deactivated` had a role until it was taken
/// away, which switched the account off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Caller {
    Anonymous,
    Outsider,
    OnProject(Role),
    OnFolderA(Role),
    Deep,
    Admin,
    Deactivated,
}

fn callers() -> Vec<Caller> {
    let mut all = vec![Caller::Anonymous, Caller::Outsider];
    all.extend(Role::ALL.map(Caller::OnProject));
    all.extend(Role::ALL.map(Caller::OnFolderA));
    all.extend([Caller::Deep, Caller::Admin, Caller::Deactivated]);
    all
}

/// Where a folder target is: one of the fixed folders, or a fresh folder made inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Base {
    A,
    Sub,
    B,
    InQ,
}

#[derive(Debug, Clone, Copy)]
enum Target {
    None,
    Project { in_p: bool },
    Folder { base: Base, child: bool },
}

/// The answer classes the matrix tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Allowed,
    Unauthorized,
    Forbidden,
    NotFound,
    Other(u16),
}

fn class_of(status: StatusCode) -> Class {
    match status.as_u16() {
        200..=399 => Class::Allowed,
        401 => Class::Unauthorized,
        403 => Class::Forbidden,
        404 => Class::NotFound,
        s => Class::Other(s),
    }
}

/// `role` is enough for `min`: allowed; a lower role: 403.
fn enough(role: Role, min: Role) -> Class {
    if role >= min {
        Class::Allowed
    } else {
        Class::Forbidden
    }
}

/// What the role model says `caller` gets from a row needing `need` on `target`.
fn expected(need: Need, caller: Caller, target: Target) -> Class {
    use Caller::*;
    match caller {
        Anonymous | Deactivated => return Class::Unauthorized,
        Admin => return Class::Allowed,
        _ => {}
    }
    let in_p = match target {
        Target::None => true,
        Target::Project { in_p } => in_p,
        Target::Folder { base, .. } => base != Base::InQ,
    };
    let project_role = match caller {
        OnProject(r) if in_p => Some(r),
        _ => None,
    };
    // Anyone with any role in P sees P; nobody but the admin has anything in Q.
    let sees_project = in_p && caller != Outsider;
    let (folder_role, passes) = match target {
        Target::Folder { base, child } => {
            let role = match caller {
                OnProject(r) if in_p => Some(r),
                OnFolderA(r) if matches!(base, Base::A | Base::Sub) => Some(r),
                Deep if base == Base::Sub => Some(Editor),
                _ => None,
            };
            (role, caller == Deep && base == Base::A && !child)
        }
        _ => (None, false),
    };
    match need {
        SignedIn => Class::Allowed,
        Need::Admin => Class::Forbidden,
        SeeProject if sees_project => Class::Allowed,
        Project(min) => match project_role {
            Some(r) => enough(r, min),
            None if sees_project => Class::Forbidden,
            None => Class::NotFound,
        },
        SeeFolder if folder_role.is_some() || passes => Class::Allowed,
        Folder(min) => folder_role.map_or(Class::NotFound, |r| enough(r, min)),
        SeeProject | SeeFolder => Class::NotFound,
    }
}

/// The fixtures: P { A { sub }, B } and Q { QF }, a ready file in each folder, and the callers'
/// grants.
struct World {
    p: i64,
    q: i64,
    folders: HashMap<Base, i64>,
    files: HashMap<Base, i64>,
}

/// A server with one signed-in user per kind of caller.
struct Matrix {
    server: TestServer,
    http: reqwest::Client,
    admin: String,
    tokens: HashMap<Caller, (i64, String)>,
    counter: AtomicU64,
    db: sqlx::AnyPool,
}

impl Matrix {
    async fn start() -> Self {
        let server = TestServer::start().await;
        let admin = server.admin_token().await;
        let db = server.db().await;
        let mut m = Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            server,
            admin,
            tokens: HashMap::new(),
            counter: AtomicU64::new(0),
            db,
        };
        let me: Value = data(m.server.get(&m.admin, "api/me").await).await;
        let admin_id = me["id"].as_i64().unwrap();
        m.tokens.insert(Caller::Admin, (admin_id, m.admin.clone()));
        for caller in callers() {
            if matches!(caller, Caller::Anonymous | Caller::Admin) {
                continue;
            }
            let email = format!("{caller:?}@matrix.test")
                .to_lowercase()
                .replace(['(', ')'], "-");
            let id = m.new_user(&email).await;
            let token = m.server.token_for(&email).await;
            m.tokens.insert(caller, (id, token));
        }
        m
    }

    fn n(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    async fn admin_send(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let res = self.server.send(method, &self.admin, path, body).await;
        assert!(res.status().is_success(), "setup {path}: {}", res.status());
        if res.status() == StatusCode::NO_CONTENT {
            return Value::Null;
        }
        data(res).await
    }

    async fn new_user(&self, email: &str) -> i64 {
        let made = self
            .admin_send(Method::POST, "api/users", Some(json!({ "email": email })))
            .await;
        made["user"]["id"].as_i64().unwrap()
    }

    async fn folder_in(&self, project: i64, parent: Option<i64>) -> i64 {
        let name = format!("F{}", self.n());
        let made = self
            .admin_send(
                Method::POST,
                &format!("api/projects/{project}/folders"),
                Some(json!({ "name": name, "parent_id": parent })),
            )
            .await;
        made["id"].as_i64().unwrap()
    }

    async fn file_in(&self, project: i64, folder: i64) -> i64 {
        let name = format!("clip{}.mov", self.n());
        let made = self
            .admin_send(
                Method::POST,
                &format!("api/projects/{project}/folders/{folder}/files"),
                Some(json!({ "name": name })),
            )
            .await;
        made["id"].as_i64().unwrap()
    }

    async fn grant(&self, project: i64, folder: Option<i64>, user: i64, role: Role) {
        let path = match folder {
            None => format!("api/projects/{project}/members/{user}"),
            Some(f) => format!("api/projects/{project}/folders/{f}/members/{user}"),
        };
        self.admin_send(Method::PUT, &path, Some(json!({ "role": role })))
            .await;
    }

    async fn build_world(&self) -> World {
        let p = self.project().await;
        let q = self.project().await;
        let a = self.folder_in(p, None).await;
        let sub = self.folder_in(p, Some(a)).await;
        let b = self.folder_in(p, None).await;
        let in_q = self.folder_in(q, None).await;
        let folders = HashMap::from([
            (Base::A, a),
            (Base::Sub, sub),
            (Base::B, b),
            (Base::InQ, in_q),
        ]);
        let mut files = HashMap::new();
        for (base, folder) in &folders {
            let project = if *base == Base::InQ { q } else { p };
            let file = self.file_in(project, *folder).await;
            // Ready without an upload, so the download row gets its redirect.
            sqlx::query(
                "UPDATE files SET state = 'ready', size = 1, sha256 = 'x', storage_key = 'x' \
                 WHERE id = $1",
            )
            .bind(file)
            .execute(&self.db)
            .await
            .unwrap();
            files.insert(*base, file);
        }
        for (caller, (id, _)) in &self.tokens {
            match caller {
                Caller::OnProject(r) => self.grant(p, None, *id, *r).await,
                Caller::OnFolderA(r) => self.grant(p, Some(a), *id, *r).await,
                Caller::Deep => self.grant(p, Some(sub), *id, Editor).await,
                _ => {}
            }
        }
        World {
            p,
            q,
            folders,
            files,
        }
    }

    async fn project(&self) -> i64 {
        let name = format!("P{}", self.n());
        let made = self
            .admin_send(Method::POST, "api/projects", Some(json!({ "name": name })))
            .await;
        made["id"].as_i64().unwrap()
    }

    /// Switches the `Deactivated` caller off the way people are: by taking away their roles.
    async fn deactivate_caller(&self, world: &World) {
        let (id, _) = self.tokens[&Caller::Deactivated];
        self.grant(world.p, None, id, Viewer).await;
        self.admin_send(
            Method::PUT,
            &format!("api/users/{id}/roles"),
            Some(json!([])),
        )
        .await;
    }

    /// Fills the placeholders of one cell, making the fresh fixtures it names.
    async fn fill(&self, text: &str, world: &World, caller: Caller, target: Target) -> String {
        let (pid, folder) = match target {
            Target::None => (world.p, None),
            Target::Project { in_p } => (if in_p { world.p } else { world.q }, None),
            Target::Folder { base, .. } => {
                let pid = if base == Base::InQ { world.q } else { world.p };
                (pid, Some(base))
            }
        };
        let fid = folder.map(|b| world.folders[&b]);
        let mut out = text.replace("{pid}", &pid.to_string()).replace(
            "{me}",
            &self.tokens.get(&caller).map_or(0, |t| t.0).to_string(),
        );
        if let Some(fid) = fid {
            out = out.replace("{fid}", &fid.to_string());
        }
        if let Some(base) = folder {
            out = out.replace("{file}", &world.files[&base].to_string());
        }
        if out.contains("{new}") {
            let new = self.folder_in(pid, fid).await;
            out = out.replace("{new}", &new.to_string());
        }
        if out.contains("{newfile}") {
            let file = self.file_in(pid, fid.unwrap()).await;
            out = out.replace("{newfile}", &file.to_string());
        }
        if out.contains("{uid}") {
            let uid = self
                .new_user(&format!("fresh{}@matrix.test", self.n()))
                .await;
            out = out.replace("{uid}", &uid.to_string());
        }
        if out.contains("{peer}") {
            let uid = self
                .new_user(&format!("peer{}@matrix.test", self.n()))
                .await;
            let side = self.project().await;
            self.grant(side, None, uid, Viewer).await;
            // Not for the switched-off caller: a role from an admin would switch it back on.
            if let Some((id, _)) = self
                .tokens
                .get(&caller)
                .filter(|_| caller != Caller::Deactivated)
            {
                self.grant(side, None, *id, Viewer).await;
            }
            out = out.replace("{peer}", &uid.to_string());
        }
        if out.contains("{member}") {
            let uid = self
                .new_user(&format!("member{}@matrix.test", self.n()))
                .await;
            self.grant(pid, fid, uid, Viewer).await;
            out = out.replace("{member}", &uid.to_string());
        }
        out.replace("{n}", &self.n().to_string())
    }

    /// Runs every cell of `rows`; returns how many ran and the ones that disagreed.
    async fn run(&self, rows: &[Row]) -> (usize, Vec<String>) {
        let shared = self.build_world().await;
        self.deactivate_caller(&shared).await;
        let mut cells = 0;
        let mut wrong = Vec::new();
        for row in rows {
            let targets: Vec<Target> = if row.names_folder() {
                let child = row.text().contains("{new}");
                [Base::A, Base::Sub, Base::B, Base::InQ]
                    .map(|base| Target::Folder { base, child })
                    .to_vec()
            } else if row.text().contains("{pid}") {
                vec![
                    Target::Project { in_p: true },
                    Target::Project { in_p: false },
                ]
            } else {
                vec![Target::None]
            };
            for target in targets {
                for caller in callers() {
                    let fresh;
                    let world = if row.fresh {
                        fresh = self.build_world().await;
                        &fresh
                    } else {
                        &shared
                    };
                    let path = self.fill(row.path, world, caller, target).await;
                    let body = match row.body {
                        Some(b) => Some(self.fill(b, world, caller, target).await),
                        None => None,
                    };
                    let mut req = self
                        .http
                        .request(row.method.clone(), self.server.url(&path));
                    if let Some((_, token)) = self.tokens.get(&caller) {
                        if caller != Caller::Anonymous {
                            req = req.bearer_auth(token);
                        }
                    }
                    if let Some(body) = body {
                        req = req.header("content-type", "application/json").body(body);
                    }
                    let got = class_of(req.send().await.unwrap().status());
                    let want = expected(row.need, caller, target);
                    cells += 1;
                    if got != want {
                        wrong.push(format!(
                            "{} {} as {caller:?} on {target:?}: got {got:?}, want {want:?}",
                            row.method, row.path
                        ));
                    }
                }
            }
        }
        (cells, wrong)
    }
}

async fn check(rows: Vec<Row>) {
    let matrix = Matrix::start().await;
    let (cells, wrong) = matrix.run(&rows).await;
    assert!(
        wrong.is_empty(),
        "{} of {cells} cells wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // Printed with --nocapture, to keep an eye on the matrix's size.
    println!("{cells} cells");
}

#[tokio::test]
async fn server_wide_endpoints_follow_the_role_model() {
    check(global_rows()).await;
}

#[tokio::test]
async fn project_endpoints_follow_the_role_model() {
    check(project_rows()).await;
}

#[tokio::test]
async fn folder_and_file_endpoints_follow_the_role_model() {
    check(folder_rows()).await;
}

#[test]
fn the_model_itself_reads_as_documented() {
    let a = Target::Folder {
        base: Base::A,
        child: false,
    };
    let b = Target::Folder {
        base: Base::B,
        child: false,
    };
    let sub = Target::Folder {
        base: Base::Sub,
        child: false,
    };
    let q = Target::Project { in_p: false };
    let editor_on_a = Caller::OnFolderA(Editor);
    assert_eq!(expected(Folder(Editor), editor_on_a, a), Class::Allowed);
    assert_eq!(expected(Folder(Editor), editor_on_a, sub), Class::Allowed);
    assert_eq!(expected(Folder(Viewer), editor_on_a, b), Class::NotFound);
    assert_eq!(expected(SeeProject, editor_on_a, q), Class::NotFound);
    assert_eq!(
        expected(
            Project(Manager),
            Caller::OnFolderA(Manager),
            Target::Project { in_p: true }
        ),
        Class::Forbidden
    );
    assert_eq!(expected(SeeFolder, Caller::Deep, a), Class::Allowed);
    assert_eq!(expected(Folder(Viewer), Caller::Deep, a), Class::NotFound);
    assert_eq!(
        expected(Folder(Manager), Caller::OnProject(Commenter), b),
        Class::Forbidden
    );
    assert_eq!(
        expected(SignedIn, Caller::Deactivated, Target::None),
        Class::Unauthorized
    );
}
