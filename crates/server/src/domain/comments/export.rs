//! A file's comments as a file to take elsewhere: a CSV for a spreadsheet, or an EDL of markers
//! that DaVinci Resolve imports onto a timeline (Timelines → Import → Timeline Markers from
//! EDL). Both place comments by SMPTE timecode, counted from the file's start timecode at its
//! frame rate, so the notes land on the same frames in the edit as in review.

use std::path::Path;

use chrono::SecondsFormat;
use rushes_api::comments::{Comment, ExportFormat};

use crate::db::comments::CommentRow;
use crate::db::{comments, technical, Pool, Window};
use crate::error::{ApiError, FieldErrors};
use crate::media::TimecodeClock;

use super::on_file;

const NO_RATE: &str =
    "edl places markers by timecode, and this file has no frame rate (it is not a probed video)";

/// What an export answers: the file's name, its media type and its text.
#[derive(Debug)]
pub struct Export {
    pub filename: String,
    pub content_type: &'static str,
    pub body: String,
}

/// Every thread on file `file_id` (named `name`) in timeline order, written as `format`.
pub async fn export(
    pool: &Pool,
    file_id: rushes_api::Id,
    name: &str,
    format: ExportFormat,
) -> Result<Export, ApiError> {
    let total = comments::count_threads(pool, file_id).await?;
    let window = Window {
        limit: total.max(1),
        offset: 0,
    };
    let (threads, _) = on_file::list(pool, file_id, window, CommentRow::to_api).await?;
    let media = technical::by_file(pool, file_id).await?;
    let clock = media.as_ref().and_then(|m| {
        let rate = m.frame_rate.as_deref()?;
        // A start timecode that does not fit the rate is ignored rather than failing the
        // export: the frames are still right, counted from zero.
        TimecodeClock::new(rate, m.start_timecode.as_deref())
            .or_else(|| TimecodeClock::new(rate, None))
    });
    let stem = stem(name);
    match format {
        ExportFormat::Csv => Ok(Export {
            filename: format!("{stem}_comments.csv"),
            content_type: "text/csv; charset=utf-8",
            body: csv(&threads, clock),
        }),
        ExportFormat::Edl => {
            let Some(clock) = clock else {
                let problem = ("format".to_owned(), vec![NO_RATE.to_owned()]);
                return Err(ApiError::Validation(FieldErrors::from([problem])));
            };
            Ok(Export {
                filename: format!("{stem}_comments.edl"),
                content_type: "text/plain; charset=utf-8",
                body: edl(&stem, &threads, clock),
            })
        }
    }
}

/// The file's name without its extension (`A001_C002.mov` → `A001_C002`).
fn stem(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("comments")
        .to_owned()
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 12] = [
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
    "Drawing",
];

/// RFC 4180 CSV (CRLF line ends, UTF-8, a header row): a row per comment and per reply, in
/// timeline order with each thread's replies after it, numbered from 1; a reply names the
/// number of the comment it answers. A single-frame comment has the same frame in and out;
/// timecodes name those frames (the out frame inclusive) and stay empty when the file has no
/// frame rate.
pub fn csv(threads: &[Comment], clock: Option<TimecodeClock>) -> String {
    let mut out = String::new();
    row(&mut out, CSV_HEADER.iter().map(|s| (*s).to_owned()));
    let mut number = 0;
    for thread in threads {
        number += 1;
        let parent = number;
        row(&mut out, csv_cells(thread, number, None, clock));
        for reply in &thread.replies {
            number += 1;
            row(&mut out, csv_cells(reply, number, Some(parent), clock));
        }
    }
    out
}

fn csv_cells(
    c: &Comment,
    number: usize,
    parent: Option<usize>,
    clock: Option<TimecodeClock>,
) -> impl Iterator<Item = String> {
    let frame_in = c.frame;
    let frame_out = c.frame.map(|f| c.frame_out.unwrap_or(f));
    let tc = |f: Option<i64>| match (clock, f.and_then(|f| u64::try_from(f).ok())) {
        (Some(clock), Some(f)) => clock.at(f),
        _ => String::new(),
    };
    let num = |f: Option<i64>| f.map(|f| f.to_string()).unwrap_or_default();
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
    let author = c.author.as_ref();
    [
        number.to_string(),
        parent.map(|p| p.to_string()).unwrap_or_default(),
        num(frame_in),
        num(frame_out),
        tc(frame_in),
        tc(frame_out),
        author.map(|a| a.name.clone()).unwrap_or_default(),
        yes_no(author.is_some_and(|a| a.guest)),
        yes_no(c.resolved),
        c.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        c.body.clone(),
        yes_no(c.drawing.is_some()),
    ]
    .into_iter()
}

/// Appends one CSV record.
fn row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_cell(&cell));
    }
    out.push_str("\r\n");
}

/// One cell, guarded and quoted. A spreadsheet runs a cell that starts with `=`, `+`, `-` or
/// `@` (or a tab or carriage return before one) as a formula, so a comment could make the
/// reviewer's spreadsheet fetch a URL or run a command: such a cell gets a leading apostrophe,
/// which spreadsheets show as text. A cell with a comma, quote or line break is quoted, its
/// quotes doubled.
pub fn csv_cell(cell: &str) -> String {
    let guarded = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// The marker colour of every comment.
const MARKER_COLOUR: &str = "ResolveColorBlue";

/// A CMX 3600 EDL of markers as DaVinci Resolve writes and reads them: a `TITLE:` and an `FCM:`
/// line, then per top-level comment an event whose source and record timecodes are the
/// comment's first frame and the frame after its last, followed by a line of Resolve's marker
/// fields: `|C:` colour, `|M:` name (author and text, replies folded in) and `|D:` duration in
/// frames. Whole-file comments are markers on the first frame. Lines end CRLF.
pub fn edl(title: &str, threads: &[Comment], clock: TimecodeClock) -> String {
    let fcm = if clock.drop {
        "DROP FRAME"
    } else {
        "NON-DROP FRAME"
    };
    let mut out = format!("TITLE: {}\r\nFCM: {fcm}\r\n", one_line(title));
    for (i, thread) in threads.iter().enumerate() {
        let first = thread
            .frame
            .and_then(|f| u64::try_from(f).ok())
            .unwrap_or(0);
        let last = thread
            .frame_out
            .and_then(|f| u64::try_from(f).ok())
            .unwrap_or(first)
            .max(first);
        let duration = last - first + 1;
        let (tc_in, tc_out) = (clock.at(first), clock.at(last + 1));
        out.push_str(&format!(
            "\r\n{:03}  001      V     C        {tc_in} {tc_out} {tc_in} {tc_out}\r\n",
            i + 1
        ));
        out.push_str(&format!(
            " |C:{MARKER_COLOUR} |M:{} |D:{duration}\r\n",
            marker_name(thread)
        ));
    }
    out
}

/// `Author: text`, then each reply as ` [Author: text]`, on one line.
fn marker_name(thread: &Comment) -> String {
    let said = |c: &Comment| {
        let who = c.author.as_ref().map_or("Someone", |a| a.name.as_str());
        format!("{}: {}", one_line(who), one_line(&c.body))
    };
    let mut name = said(thread);
    for reply in &thread.replies {
        name.push_str(&format!(" [{}]", said(reply)));
    }
    name
}

/// `text` on one line for an EDL: every run of whitespace or control characters becomes one
/// space, and `|`, which separates Resolve's marker fields, becomes `/`.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_cells_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("1"), "1");
    }

    #[test]
    fn marker_text_is_one_line_without_field_separators() {
        assert_eq!(one_line("  too\r\ndark |\there  "), "too dark / here");
    }

    #[test]
    fn the_stem_drops_the_extension() {
        assert_eq!(stem("A001_C002.mov"), "A001_C002");
        assert_eq!(stem("take.final.mxf"), "take.final");
        assert_eq!(stem("README"), "README");
    }
}
