//! Step 3 — Value, tips (V1) and the creator spotlight (V2): writing and editing with
//! history (`writing`), the feed, a tip's page and one's own and saved lists (`reading`),
//! reactions, saves and comments (`reactions`), the Markdown made safe (`markdown`), and
//! the demo's tips (`demo`). Everyone shares; the author (or an admin) edits.

pub mod demo;
pub mod images;
pub mod markdown;
pub mod reactions;
pub mod reading;
pub mod writing;

use crate::errors::ApiError;
use crate::identity::Caller;
use crate::routes::Routes;
use relais_db::directory::{DomainRows, People};
use relais_db::tips::TipRow;
use relais_db::DbConnection;
use relais_domain::access::{Access, Action, Relationships};
use relais_domain::directory::{DomainId, DomainRef};
use relais_domain::ids::Tenant;
use relais_domain::tips::{TipId, TipStatus, TipSummary};
use std::collections::HashMap;

/// The tips context's routes, each with who may call it.
pub fn routes(routes: &mut Routes) {
    let share = Access::Allowed(Action::ShareTips);
    let edit = Access::Allowed(Action::EditContribution);
    routes
        .add(reading::list_tips, share)
        .add_create(writing::create_tip, share, "/summary/id")
        .add(reading::get_tip, share)
        .add(writing::update_tip, edit)
        .add(writing::delete_tip, edit)
        .add(writing::tip_revisions, share)
        .add(reactions::put_reaction, share)
        .add(reactions::delete_reaction, share)
        .add(reactions::put_save, share)
        .add(reactions::delete_save, share)
        .add(reactions::list_comments, share)
        .add_create(reactions::add_comment, share, "/id")
        .add(reactions::delete_comment, edit)
        .add(reading::my_tips, share)
        .add(reading::saved_tips, share)
        .add(writing::preview_markdown, share)
        .add(reading::creator_spotlight, share)
        .add(images::put_image, edit)
        .add(images::get_image, share)
        .add(images::delete_image, edit);
}

/// A tip the caller may see: published ones, and their own drafts. Others' drafts do not
/// exist for them.
fn visible_tip(conn: &mut DbConnection, caller: &Caller, id: &TipId) -> Result<TipRow, ApiError> {
    let row = TipRow::find(conn, caller.tenant(), id)?.ok_or(ApiError::NotFound)?;
    if row.status == TipStatus::Draft && row.author_id != caller.user_id {
        return Err(ApiError::NotFound);
    }
    Ok(row)
}

/// A published tip: what colleagues react to, save and comment on.
fn published_tip(conn: &mut DbConnection, caller: &Caller, id: &TipId) -> Result<TipRow, ApiError> {
    let row = visible_tip(conn, caller, id)?;
    if row.status != TipStatus::Published {
        return Err(ApiError::conflict("tip_not_published", "the tip is a draft"));
    }
    Ok(row)
}

/// Whether the caller may edit or delete what `author` wrote.
fn may_edit(caller: &Caller, author: &relais_domain::ids::UserId) -> bool {
    caller.may_as(
        Action::EditContribution,
        Relationships {
            owner: author == &caller.user_id,
            ..Relationships::default()
        },
    )
}

/// Lists' view of these tips, read in a few queries whatever their number.
pub(crate) fn summaries(
    conn: &mut DbConnection,
    tenant: &Tenant,
    rows: &[TipRow],
) -> Result<Vec<TipSummary>, ApiError> {
    let ids: Vec<TipId> = rows.iter().map(|r| r.id.clone()).collect();
    let mut tags = TipRow::tags(conn, &ids)?;
    let reactions = TipRow::reaction_counts(conn, &ids)?;
    let comments = TipRow::comment_counts(conn, &ids)?;
    let mut images = relais_db::tips::images::TipImageRow::of_tips(conn, &ids)?;
    let people = People::by_id(conn, tenant, rows.iter().map(|r| r.author_id.clone()))?;
    let domains: HashMap<DomainId, DomainRef> = if rows.iter().any(|r| r.domain_id.is_some()) {
        DomainRows::list(conn, tenant)?
            .into_iter()
            .map(|d| (d.id.clone(), DomainRef { id: d.id, name: d.name }))
            .collect()
    } else {
        HashMap::new()
    };
    Ok(rows
        .iter()
        .map(|row| TipSummary {
            id: row.id.clone(),
            title: row.title.clone(),
            excerpt: markdown::excerpt(&row.body),
            author: people.named(&row.author_id),
            domain: row
                .domain_id
                .as_ref()
                .and_then(|d| domains.get(&DomainId::new(d.clone())).cloned()),
            tags: tags.remove(&row.id).unwrap_or_default(),
            status: row.status,
            published_at: row.published_at.map(|t| t.and_utc()),
            updated_at: row.updated_at.and_utc(),
            reactions: reactions.get(&row.id).copied().unwrap_or_default(),
            comments: comments.get(&row.id).copied().unwrap_or(0),
            image: images.remove(&row.id).map(images::view),
        })
        .collect())
}

/// The whole tip as the caller sees it.
fn full_tip(conn: &mut DbConnection, caller: &Caller, row: &TipRow) -> Result<relais_domain::tips::Tip, ApiError> {
    let summary = summaries(conn, caller.tenant(), std::slice::from_ref(row))?
        .pop()
        .ok_or(ApiError::NotFound)?;
    Ok(relais_domain::tips::Tip {
        summary,
        body: row.body.clone(),
        body_html: row.body_html.clone(),
        my_reactions: relais_db::tips::my_reactions(conn, &row.id, &caller.user_id)?,
        saved: relais_db::tips::is_saved(conn, &row.id, &caller.user_id)?,
        can_edit: may_edit(caller, &row.author_id),
        revisions: u32::try_from(TipRow::revision_count(conn, &row.id)?).unwrap_or(u32::MAX),
    })
}
