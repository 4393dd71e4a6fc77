//! Who did something, as stored beside comments, statuses and activity: a member (the account's
//! id, joined with its name and email) or a guest of a review link (the name they gave and the
//! link). One reading of those columns, so every resource shows people the same way.

use rushes_api::comments::CommentAuthor;
use rushes_api::Id;

/// The stored columns naming who did it.
#[derive(Debug, Clone, Copy)]
pub struct ActorColumns<'a> {
    /// The member's account; `None` for a guest, or once the account is gone.
    pub user_id: Option<Id>,
    pub user_name: Option<&'a str>,
    pub user_email: Option<&'a str>,
    /// The name a guest gave.
    pub guest_name: Option<&'a str>,
    /// The review link the guest came through.
    pub link_id: Option<Id>,
}

impl ActorColumns<'_> {
    /// The person as the API shows them; `with_email: false` for what guests are shown (members
    /// by name only). `None` once a member's account is gone.
    pub fn to_api(self, with_email: bool) -> Option<CommentAuthor> {
        match (self.user_id, self.user_name, self.guest_name) {
            (Some(id), Some(name), _) => Some(CommentAuthor {
                id: Some(id),
                name: name.to_owned(),
                email: self.user_email.filter(|_| with_email).map(str::to_owned),
                guest: false,
                link_id: None,
            }),
            (None, _, Some(name)) => Some(CommentAuthor {
                id: None,
                name: name.to_owned(),
                email: None,
                guest: true,
                link_id: self.link_id,
            }),
            _ => None,
        }
    }
}
