//! What a comment may say and point at. Every problem of a request is collected, so one answer
//! lists all of them.

use rushes_api::annotations::Drawing;
use rushes_api::comments::{CommentUpdate, NewComment};

use crate::db::comments::{CommentChange, CommentRow};
use crate::error::{ApiError, Problems};

/// The longest body, in UTF-8 bytes after trimming: a long note, not a document.
pub const MAX_BODY_BYTES: usize = 10_000;

const REPLY_FRAMES: &str =
    "can't be set on a reply: it is about the frames of the comment it answers";

/// A comment body as stored (without surrounding whitespace), or why it is refused.
pub fn body(raw: &str) -> Result<&str, &'static str> {
    let body = raw.trim();
    if body.is_empty() {
        return Err("can't be blank");
    }
    if body.len() > MAX_BODY_BYTES {
        return Err("is too long (maximum is 10000 bytes)");
    }
    if body.contains('\0') {
        return Err("can't contain NUL characters");
    }
    Ok(body)
}

/// Records the problems of `frame..=frame_out` on a file with `total` frames (when counted):
/// frames count from 0, a range needs its start, and cannot end before it starts.
pub fn frames(
    problems: &mut Problems,
    frame: Option<i64>,
    frame_out: Option<i64>,
    total: Option<i64>,
) {
    let beyond = |f: i64| total.filter(|&n| f >= n);
    if let Some(f) = frame {
        if f < 0 {
            problems.check("frame", Err("must be 0 or more"));
        } else if let Some(n) = beyond(f) {
            problems.check("frame", Err(past_end(n).as_str()));
        }
    }
    match (frame, frame_out) {
        (None, Some(_)) => problems.check("frame_out", Err("can't be set without frame")),
        (Some(f), Some(out)) if out < f => {
            problems.check("frame_out", Err("must not be before frame"));
        }
        (Some(_), Some(out)) => {
            if let Some(n) = beyond(out) {
                problems.check("frame_out", Err(past_end(n).as_str()));
            }
        }
        _ => {}
    }
}

const REPLY_DRAWING: &str =
    "can't be set on a reply: a drawing is made on the frame of the comment that starts a thread";
const DRAWING_FRAME: &str =
    "needs a frame: a drawing is made on a frame, so a comment on the whole file has none";

/// Records the problems of `drawing` (within [`Drawing::validate`]'s limits, on a comment with
/// a frame, never on a reply) and answers its JSON as stored.
fn drawing(
    problems: &mut Problems,
    drawing: Option<&Drawing>,
    frame: Option<i64>,
    reply: bool,
) -> Option<String> {
    let drawing = drawing?;
    if reply {
        problems.check("drawing", Err(REPLY_DRAWING));
        return None;
    }
    if frame.is_none() {
        problems.check("drawing", Err(DRAWING_FRAME));
    }
    if let Err(e) = drawing.validate() {
        problems.check("drawing", Err(e.to_string().as_str()));
        return None;
    }
    // A validated drawing holds finite numbers and strings only: it always serialises.
    match serde_json::to_string(drawing) {
        Ok(json) => Some(json),
        Err(e) => {
            problems.check("drawing", Err(e.to_string().as_str()));
            None
        }
    }
}

fn past_end(total: i64) -> String {
    format!("is after the last frame ({})", total - 1)
}

/// A new top-level comment, checked.
#[derive(Debug)]
pub struct ValidComment<'a> {
    pub body: &'a str,
    pub frame: Option<i64>,
    pub frame_out: Option<i64>,
    /// The drawing's JSON.
    pub drawing: Option<String>,
}

/// Checks a new comment (`reply`: an answer to another comment, which takes no frames) on a
/// file with `total` frames.
pub fn new_comment(
    new: &NewComment,
    total: Option<i64>,
    reply: bool,
) -> Result<ValidComment<'_>, ApiError> {
    let mut problems = Problems::default();
    let body = checked_body(&mut problems, &new.body);
    if reply {
        if new.frame.is_some() {
            problems.check("frame", Err(REPLY_FRAMES));
        }
        if new.frame_out.is_some() {
            problems.check("frame_out", Err(REPLY_FRAMES));
        }
    } else {
        frames(&mut problems, new.frame, new.frame_out, total);
    }
    let drawing = drawing(&mut problems, new.drawing.as_ref(), new.frame, reply);
    problems.finish()?;
    Ok(ValidComment {
        body,
        frame: new.frame,
        frame_out: new.frame_out,
        drawing,
    })
}

/// `current` with `change` applied, checked as a whole (a new `frame_out` must fit the
/// `frame` already there; a drawing kept or set needs the frame the comment ends up with).
/// Replies keep no frames or drawings and are never resolved on their own.
pub fn updated<'a>(
    current: &'a CommentRow,
    change: &'a CommentUpdate,
    total: Option<i64>,
) -> Result<CommentChange<'a>, ApiError> {
    let mut problems = Problems::default();
    let body = match &change.body {
        Some(raw) => checked_body(&mut problems, raw),
        None => current.body.as_str(),
    };
    let frame = change.frame.unwrap_or(current.frame);
    let frame_out = change.frame_out.unwrap_or(current.frame_out);
    if current.is_reply() {
        if frame.is_some() {
            problems.check("frame", Err(REPLY_FRAMES));
        }
        if frame_out.is_some() {
            problems.check("frame_out", Err(REPLY_FRAMES));
        }
        if change.resolved == Some(true) {
            problems.check(
                "resolved",
                Err("can't be set on a reply: resolve the thread"),
            );
        }
    } else if change.frame.is_some() || change.frame_out.is_some() {
        frames(&mut problems, frame, frame_out, total);
    }
    let drawing = match &change.drawing {
        Some(new) => drawing(&mut problems, new.as_ref(), frame, current.is_reply()),
        None => {
            if current.drawing.is_some() && frame.is_none() {
                problems.check("frame", Err("can't be cleared while the comment has a drawing: remove the drawing too (drawing: null)"));
            }
            current.drawing.clone()
        }
    };
    problems.finish()?;
    Ok(CommentChange {
        body,
        frame,
        frame_out,
        resolved: change.resolved.unwrap_or(current.resolved),
        drawing,
    })
}

/// The checked body, or `""` with the problem recorded (so `finish` refuses the request).
fn checked_body<'a>(problems: &mut Problems, raw: &'a str) -> &'a str {
    match body(raw) {
        Ok(body) => body,
        Err(message) => {
            problems.check("body", Err(message));
            ""
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: ApiError) -> Vec<String> {
        match e {
            ApiError::Validation(f) => f.into_keys().collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    fn problems_of(frame: Option<i64>, frame_out: Option<i64>, total: Option<i64>) -> Vec<String> {
        let mut problems = Problems::default();
        frames(&mut problems, frame, frame_out, total);
        problems.finish().err().map(fields).unwrap_or_default()
    }

    fn row(parent_id: Option<i64>) -> CommentRow {
        CommentRow {
            id: 2,
            file_id: 1,
            parent_id,
            author_id: Some(1),
            body: "old".into(),
            frame: parent_id.is_none().then_some(10),
            frame_out: None,
            resolved: false,
            drawing: None,
            created_at: 0,
            updated_at: 0,
            author_name: None,
            author_email: None,
            guest_name: None,
            link_id: None,
        }
    }

    #[test]
    fn bodies_are_trimmed_bounded_and_never_nul() {
        assert_eq!(body("  looks soft  \n"), Ok("looks soft"));
        assert_eq!(body(" \n\t "), Err("can't be blank"));
        let padded = format!("  {}  ", "x".repeat(MAX_BODY_BYTES));
        assert_eq!(body(&padded).map(str::len), Ok(MAX_BODY_BYTES));
        assert!(body(&"x".repeat(MAX_BODY_BYTES + 1)).is_err());
        assert!(body("a\0b").is_err());
    }

    #[test]
    fn frames_count_from_zero_and_ranges_run_forwards() {
        assert!(problems_of(None, None, None).is_empty());
        assert!(problems_of(Some(0), None, None).is_empty());
        assert!(problems_of(Some(5), Some(5), None).is_empty());
        assert_eq!(problems_of(Some(-1), None, None), ["frame"]);
        assert_eq!(problems_of(None, Some(3), None), ["frame_out"]);
        assert_eq!(problems_of(Some(5), Some(4), None), ["frame_out"]);
    }

    #[test]
    fn frames_stay_inside_a_counted_file() {
        assert!(problems_of(Some(0), Some(99), Some(100)).is_empty());
        assert_eq!(problems_of(Some(100), None, Some(100)), ["frame"]);
        assert_eq!(problems_of(Some(10), Some(100), Some(100)), ["frame_out"]);
    }

    #[test]
    fn replies_take_no_frames() {
        let new = NewComment {
            body: "agreed".into(),
            frame: Some(1),
            frame_out: Some(2),
            drawing: None,
        };
        assert_eq!(
            fields(new_comment(&new, None, true).unwrap_err()),
            ["frame", "frame_out"]
        );
        let plain = NewComment {
            body: "agreed".into(),
            ..NewComment::default()
        };
        assert!(new_comment(&plain, None, true).is_ok());
    }

    #[test]
    fn updates_are_checked_against_what_is_stored() {
        let top = row(None);
        // A range ending before the stored frame 10.
        let change = CommentUpdate {
            frame_out: Some(Some(5)),
            ..CommentUpdate::default()
        };
        assert_eq!(
            fields(updated(&top, &change, None).unwrap_err()),
            ["frame_out"]
        );
        let clear = CommentUpdate {
            frame: Some(None),
            resolved: Some(true),
            ..CommentUpdate::default()
        };
        let applied = updated(&top, &clear, None).unwrap();
        assert_eq!(
            (applied.body, applied.frame, applied.resolved),
            ("old", None, true)
        );
    }

    fn sketch() -> Drawing {
        serde_json::from_str(
            r##"{"shapes":[{"tool":"arrow","color":"#ff3b30","width":0.005,"points":[[0.1,0.2],[0.5,0.5]]}]}"##,
        )
        .unwrap()
    }

    #[test]
    fn a_drawing_needs_a_frame_and_never_goes_on_a_reply() {
        let on_frame = NewComment {
            body: "here".into(),
            frame: Some(3),
            drawing: Some(sketch()),
            ..NewComment::default()
        };
        let valid = new_comment(&on_frame, None, false).unwrap();
        assert!(valid.drawing.unwrap().contains("\"arrow\""));
        let whole_file = NewComment {
            frame: None,
            ..on_frame.clone()
        };
        assert_eq!(
            fields(new_comment(&whole_file, None, false).unwrap_err()),
            ["drawing"]
        );
        let reply = NewComment {
            frame: None,
            ..on_frame
        };
        assert_eq!(
            fields(new_comment(&reply, None, true).unwrap_err()),
            ["drawing"]
        );
    }

    #[test]
    fn a_kept_drawing_keeps_its_frame() {
        let mut top = row(None);
        top.drawing = Some("{}".into());
        let clear = CommentUpdate {
            frame: Some(None),
            ..CommentUpdate::default()
        };
        assert_eq!(fields(updated(&top, &clear, None).unwrap_err()), ["frame"]);
        let both = CommentUpdate {
            frame: Some(None),
            drawing: Some(None),
            ..CommentUpdate::default()
        };
        assert_eq!(updated(&top, &both, None).unwrap().drawing, None);
    }

    #[test]
    fn replies_are_not_resolved_or_framed_on_their_own() {
        let reply = row(Some(1));
        let change = CommentUpdate {
            frame: Some(Some(3)),
            resolved: Some(true),
            ..CommentUpdate::default()
        };
        assert_eq!(
            fields(updated(&reply, &change, None).unwrap_err()),
            ["frame", "resolved"]
        );
        let body = CommentUpdate {
            body: Some(" new ".into()),
            resolved: Some(false),
            ..CommentUpdate::default()
        };
        assert_eq!(updated(&reply, &body, None).unwrap().body, "new");
    }
}
