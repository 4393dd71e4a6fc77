//! Following what others do to a person's work on one server, for the app's desktop
//! notifications: new comments and replies on files they uploaded or commented on.
//!
//! The server keeps the list (`GET /api/me/activity?after=<id>`, oldest first, at most
//! [`PAGE`] a call; without `after`, the newest few); the app only remembers the last id it
//! saw, per connection, in memory.
//! The first poll after start records where the list ends and shows nothing, so opening the
//! app never floods the screen with old comments; every later poll shows what came since, at
//! most [`MAX_NOTICES`] one by one and then one line for the rest.

use std::time::Duration;

use rushes_api::activity::{Activity, ActivityKind};
use rushes_api::Id;

use crate::{ApiClient, ClientError};

/// How often the app asks each signed-in server.
pub const POLL_EVERY: Duration = Duration::from_secs(30);

/// Notifications shown one by one per poll; more are summed up in one.
pub const MAX_NOTICES: usize = 5;

/// The most entries `/api/me/activity` answers at once: a full answer means more are waiting.
pub const PAGE: usize = 100;

/// Calls one poll may make to catch up (100,000 entries), a guard against a server that never
/// stops answering full pages.
const MAX_CALLS: u32 = 1_000;

/// One desktop notification's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

/// Where one connection's activity was read up to.
#[derive(Debug, Default, Clone)]
pub struct ActivityWatch {
    /// The newest entry seen; `None` before the first entry.
    last: Option<Id>,
    /// The end of the list was reached once: from then on, new entries are news.
    primed: bool,
}

impl ActivityWatch {
    pub fn new() -> Self {
        Self::default()
    }

    /// The newest entry seen so far.
    pub fn last_seen(&self) -> Option<Id> {
        self.last
    }

    /// Asks the server for what came after the last entry seen and returns what to show. A
    /// failed call changes nothing: the next poll asks for the same entries again.
    pub async fn poll(&mut self, api: &ApiClient) -> Result<Vec<Notice>, ClientError> {
        let mut after = self.last;
        let mut entries = Vec::new();
        let mut caught_up = false;
        for _ in 0..MAX_CALLS {
            let batch = api.my_activity(after).await?;
            let full = batch.len() >= PAGE;
            if let Some(newest) = batch.iter().map(|e| e.id).max() {
                after = Some(after.map_or(newest, |a| a.max(newest)));
            }
            entries.extend(batch);
            if !full {
                caught_up = true;
                break;
            }
        }
        Ok(self.take(entries, caught_up))
    }

    /// Takes one poll's entries (oldest first) and returns what to show: nothing until the
    /// end of the list was reached once, then a notice for each of the first
    /// [`MAX_NOTICES`] and one for the rest. `caught_up` says the poll reached the end.
    pub fn take(&mut self, entries: Vec<Activity>, caught_up: bool) -> Vec<Notice> {
        // Entries at or before the last id were shown already (a server that repeats itself).
        let mut fresh: Vec<Activity> = entries
            .into_iter()
            .filter(|e| self.last.is_none_or(|l| e.id > l))
            .collect();
        // Oldest first, whatever order the answer had.
        fresh.sort_by_key(|e| e.id);
        if let Some(newest) = fresh.iter().map(|e| e.id).max() {
            self.last = Some(newest);
        }
        if !self.primed {
            self.primed = caught_up;
            return Vec::new();
        }
        notices(&fresh)
    }
}

/// The notices for `entries`: the first [`MAX_NOTICES`] one by one, then "and N more".
pub fn notices(entries: &[Activity]) -> Vec<Notice> {
    let mut out: Vec<Notice> = entries.iter().take(MAX_NOTICES).map(notice).collect();
    if entries.len() > MAX_NOTICES {
        let more = entries.len() - MAX_NOTICES;
        out.push(Notice {
            title: format!("and {more} more"),
            body: "Open the project's activity to see everything new.".into(),
        });
    }
    out
}

/// One entry's words: what happened to which file and version, and who said what.
fn notice(e: &Activity) -> Notice {
    let file = format!("{} (v{})", e.file_name, e.version);
    let who = e.actor.as_ref().map_or("Someone", |a| a.name.as_str());
    let said = |what: &str| match e.excerpt.as_deref().filter(|x| !x.is_empty()) {
        Some(excerpt) => format!("{who}: {excerpt}"),
        None => format!("{who} {what}"),
    };
    match e.kind {
        ActivityKind::Comment => Notice {
            title: format!("New comment on {file}"),
            body: said("commented"),
        },
        ActivityKind::Reply => Notice {
            title: format!("New reply on {file}"),
            body: said("replied"),
        },
        ActivityKind::NewVersion => Notice {
            title: format!("New version of {file}"),
            body: format!("Uploaded by {who}"),
        },
        ActivityKind::Upload => Notice {
            title: format!("New file {}", e.file_name),
            body: format!("Uploaded by {who}"),
        },
        ActivityKind::StatusChange => Notice {
            title: format!("{file}: {}", e.status.unwrap_or_default().label()),
            body: format!("Set by {who}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use rushes_api::comments::CommentAuthor;

    use super::*;

    fn comment(id: Id, excerpt: &str) -> Activity {
        Activity {
            id,
            project_id: 1,
            kind: ActivityKind::Comment,
            actor: Some(CommentAuthor {
                id: Some(7),
                name: "Ana".into(),
                email: None,
                guest: false,
                link_id: None,
            }),
            file_id: 3,
            folder_id: 2,
            file_name: "A001.mov".into(),
            version: 2,
            comment_id: Some(id),
            excerpt: Some(excerpt.into()),
            status: None,
            at: chrono::Utc::now(),
        }
    }

    fn comments(ids: std::ops::RangeInclusive<Id>) -> Vec<Activity> {
        ids.map(|id| comment(id, &format!("note {id}"))).collect()
    }

    #[test]
    fn the_first_poll_records_where_the_list_ends_and_shows_nothing() {
        let mut watch = ActivityWatch::new();
        assert!(watch.take(comments(1..=40), true).is_empty());
        assert_eq!(watch.last_seen(), Some(40));
        // Nothing new: nothing shown.
        assert!(watch.take(Vec::new(), true).is_empty());
        assert_eq!(watch.last_seen(), Some(40));
    }

    #[test]
    fn an_empty_list_at_first_still_makes_later_entries_news() {
        let mut watch = ActivityWatch::new();
        assert!(watch.take(Vec::new(), true).is_empty());
        assert_eq!(watch.last_seen(), None);
        let shown = watch.take(vec![comment(1, "Too dark")], true);
        assert_eq!(
            shown,
            [Notice {
                title: "New comment on A001.mov (v2)".into(),
                body: "Ana: Too dark".into(),
            }]
        );
    }

    #[test]
    fn later_polls_show_each_new_entry_up_to_five_then_a_summary() {
        let mut watch = ActivityWatch::new();
        watch.take(comments(1..=3), true);

        let shown = watch.take(comments(4..=5), true);
        assert_eq!(shown.len(), 2);
        assert_eq!(shown[0].body, "Ana: note 4");
        assert_eq!(shown[1].body, "Ana: note 5");

        let shown = watch.take(comments(6..=22), true);
        assert_eq!(shown.len(), MAX_NOTICES + 1, "{shown:?}");
        assert_eq!(shown[0].body, "Ana: note 6", "oldest first");
        assert_eq!(shown[4].body, "Ana: note 10");
        assert_eq!(shown[5].title, "and 12 more");
        assert_eq!(watch.last_seen(), Some(22));

        // Exactly five: no summary.
        assert_eq!(watch.take(comments(23..=27), true).len(), MAX_NOTICES);
    }

    #[test]
    fn entries_already_seen_are_not_shown_again() {
        let mut watch = ActivityWatch::new();
        watch.take(comments(1..=3), true);
        let shown = watch.take(comments(2..=4), true);
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].body, "Ana: note 4");
    }

    #[test]
    fn a_first_poll_that_did_not_reach_the_end_keeps_recording() {
        let mut watch = ActivityWatch::new();
        assert!(watch.take(comments(1..=100), false).is_empty());
        // The rest of the old list is still old.
        assert!(watch.take(comments(101..=150), true).is_empty());
        assert_eq!(watch.take(comments(151..=151), true).len(), 1);
    }

    #[test]
    fn entries_in_any_order_are_shown_oldest_first() {
        let mut watch = ActivityWatch::new();
        watch.take(Vec::new(), true);
        let mut newest_first = comments(1..=3);
        newest_first.reverse();
        let shown: Vec<String> = watch
            .take(newest_first, true)
            .into_iter()
            .map(|n| n.body)
            .collect();
        assert_eq!(shown, ["Ana: note 1", "Ana: note 2", "Ana: note 3"]);
        assert_eq!(watch.last_seen(), Some(3));
    }

    #[test]
    fn replies_and_entries_without_text_or_author_read_well() {
        let mut reply = comment(1, "");
        reply.kind = ActivityKind::Reply;
        reply.actor = None;
        assert_eq!(
            notice(&reply),
            Notice {
                title: "New reply on A001.mov (v2)".into(),
                body: "Someone replied".into(),
            }
        );
    }
}
