//! Comment exports: a CSV a spreadsheet reads (with timecodes from the file's start timecode
//! and rate, and formulas defused) and an EDL of DaVinci Resolve markers, line by line as
//! docs/architecture/api.md describes them.

use reqwest::{header, Method, StatusCode};
use rushes_api::comments::Comment;
use serde_json::{json, Value};

use crate::common::{assert_status, data, error, Cast, TestServer};

/// A project with a folder holding `name`, probed as `frames` frames at `rate` starting at
/// `timecode`, and a caller per role.
struct Setup {
    server: TestServer,
    cast: Cast,
    comments: String,
}

impl Setup {
    async fn new(name: &str, media: Option<(&str, &str, i64)>) -> Self {
        let server = TestServer::start().await;
        let admin = server.admin_token().await;
        let project = server.project(&admin, "P").await;
        let folder = server.folder(&admin, project, None, "Day 1").await;
        let file = server.file(&admin, project, folder, name).await;
        if let Some((rate, timecode, frames)) = media {
            let pool = server.db().await;
            sqlx::query(
                "INSERT INTO file_media (file_id, frame_rate, frames, width, height, \
                 start_timecode, probed_at) VALUES ($1, $2, $3, 1920, 1080, $4, 0)",
            )
            .bind(file)
            .bind(rate)
            .bind(frames)
            .bind(timecode)
            .execute(&pool)
            .await
            .unwrap();
            pool.close().await;
        }
        let cast = server.cast(project).await;
        let comments = format!("api/projects/{project}/folders/{folder}/files/{file}/comments");
        Self {
            server,
            cast,
            comments,
        }
    }

    async fn post(&self, token: &str, path: &str, body: Value) -> Comment {
        let res = self
            .server
            .send(Method::POST, token, path, Some(body))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        data(res).await
    }

    async fn export(&self, token: &str, format: &str) -> reqwest::Response {
        self.server
            .get(token, &format!("{}/export?format={format}", self.comments))
            .await
    }
}

fn arrow() -> Value {
    json!({"shapes": [{"tool": "arrow", "color": "#ff3b30", "width": 0.005, "points": [[0.1, 0.2], [0.5, 0.5]]}]})
}

#[tokio::test]
async fn the_csv_reads_as_a_spreadsheet_with_timecodes() {
    let s = Setup::new("A001_C002.mov", Some(("25/1", "10:00:00:00", 1000))).await;
    let c = &s.cast.commenter;
    let range = s
        .post(
            c,
            &s.comments,
            json!({"body": "soft focus, \"again\"\nsecond line", "frame": 37, "frame_out": 74, "drawing": arrow()}),
        )
        .await;
    s.post(
        &s.cast.editor,
        &format!("{}/{}/comments", s.comments, range.id),
        json!({"body": "=HYPERLINK(\"http://evil.test\",\"click\")"}),
    )
    .await;
    s.post(c, &s.comments, json!({"body": "+1 great take"}))
        .await;
    s.post(c, &s.comments, json!({"body": "@cut", "frame": 999}))
        .await;

    let res = s.export(&s.cast.viewer, "csv").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let disposition = res.headers()[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"A001_C002_comments.csv\""),
        "{disposition}"
    );
    let text = res.text().await.unwrap();
    assert!(text.ends_with("\r\n"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "Number",
            "Parent",
            "Frame in",
            "Frame out",
            "Timecode in",
            "Timecode out",
            "Author",
            "Guest",
            "Resolved",
            "Created at",
            "Text",
            "Drawing"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 4, "{text}");
    // Whole-file comment first, with no frames or timecodes; its formula is defused.
    assert_eq!(
        rows[0][..9],
        ["1", "", "", "", "", "", "commenter", "no", "no"]
    );
    assert_eq!(rows[0][10], "'+1 great take");
    assert!(
        chrono::DateTime::parse_from_rfc3339(&rows[0][9]).is_ok(),
        "{}",
        rows[0][9]
    );
    // The range, at 25 fps from 10:00:00:00: frame 37 is 10:00:01:12, 74 is 10:00:02:24.
    assert_eq!(
        rows[1],
        [
            "2",
            "",
            "37",
            "74",
            "10:00:01:12",
            "10:00:02:24",
            "commenter",
            "no",
            "no",
            rows[1][9].as_str(),
            "soft focus, \"again\"\nsecond line",
            "yes"
        ]
    );
    // Its reply, numbered after it and naming it; the formula starts with an apostrophe.
    assert_eq!(rows[2][..4], ["3", "2", "", ""]);
    assert_eq!(rows[2][6], "editor");
    assert_eq!(rows[2][10], "'=HYPERLINK(\"http://evil.test\",\"click\")");
    assert_eq!(
        rows[3][..6],
        ["4", "", "999", "999", "10:00:39:24", "10:00:39:24"]
    );
    assert_eq!(rows[3][10], "'@cut");
}

#[tokio::test]
async fn a_file_without_a_frame_rate_exports_csv_without_timecodes_but_no_edl() {
    let s = Setup::new("notes.pdf", None).await;
    s.post(
        &s.cast.commenter,
        &s.comments,
        json!({"body": "page 2", "frame": 2}),
    )
    .await;
    let text = s.export(&s.cast.viewer, "csv").await.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!((&row[2], &row[4], &row[5]), ("2", "", ""));
    let res = s.export(&s.cast.viewer, "edl").await;
    let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(err.error.contains_key("format"), "{err:?}");
}

#[tokio::test]
async fn the_edl_is_resolve_markers_line_by_line() {
    // 29.97 drop-frame, starting two frames before a minute, where ;00 and ;01 are skipped.
    let s = Setup::new("B002.mov", Some(("30000/1001", "00:00:59;28", 5000))).await;
    let c = &s.cast.commenter;
    let range = s
        .post(
            c,
            &s.comments,
            json!({"body": "too dark |\r\n here", "frame": 4, "frame_out": 33}),
        )
        .await;
    s.post(
        &s.cast.editor,
        &format!("{}/{}/comments", s.comments, range.id),
        json!({"body": "agreed"}),
    )
    .await;
    s.post(c, &s.comments, json!({"body": "nice", "frame": 0}))
        .await;
    s.post(c, &s.comments, json!({"body": "overall fine"}))
        .await;

    let res = s.export(&s.cast.viewer, "edl").await;
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"B002_comments.edl\""),
        "{disposition}"
    );
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines,
        [
            "TITLE: B002",
            "FCM: DROP FRAME",
            "",
            "001  001      V     C        00:00:59;28 00:00:59;29 00:00:59;28 00:00:59;29",
            " |C:ResolveColorBlue |M:commenter: overall fine |D:1",
            "",
            "002  001      V     C        00:00:59;28 00:00:59;29 00:00:59;28 00:00:59;29",
            " |C:ResolveColorBlue |M:commenter: nice |D:1",
            "",
            // Frame 4 is 00:01:00;04 (;00 and ;01 skipped); the 30 frames end after frame 33.
            "003  001      V     C        00:01:00;04 00:01:01;04 00:01:00;04 00:01:01;04",
            " |C:ResolveColorBlue |M:commenter: too dark / here [editor: agreed] |D:30",
            "",
        ],
        "{text}"
    );
}

#[tokio::test]
async fn non_drop_rates_say_so() {
    let s = Setup::new("C003.mxf", Some(("24000/1001", "01:00:00:00", 100))).await;
    s.post(
        &s.cast.commenter,
        &s.comments,
        json!({"body": "x", "frame": 24}),
    )
    .await;
    let text = s.export(&s.cast.viewer, "edl").await.text().await.unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[1], "FCM: NON-DROP FRAME");
    assert_eq!(
        lines[3],
        "001  001      V     C        01:00:01:00 01:00:01:01 01:00:01:00 01:00:01:01"
    );
}

#[tokio::test]
async fn viewers_and_up_export_and_the_format_is_required() {
    let s = Setup::new("A001.mov", Some(("25/1", "00:00:00:00", 100))).await;
    for (who, token, want) in s.cast.expect("viewer") {
        let res = s.export(token, "csv").await;
        assert_status(who, res.status(), want);
    }
    for query in ["", "?format=", "?format=xml"] {
        let res = s
            .server
            .get(&s.cast.viewer, &format!("{}/export{query}", s.comments))
            .await;
        error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
}
