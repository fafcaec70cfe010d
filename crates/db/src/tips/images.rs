//! A tip's image: which file under the data directory holds it (the API writes and reads the
//! file), its type, size and text alternative. One per tip; replacing it replaces the row.

use super::schema::tip_images;
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use relais_domain::ids::Tenant;
use relais_domain::tips::TipId;
use std::collections::HashMap;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = tip_images)]
pub struct TipImageRow {
    #[diesel(deserialize_as = String)]
    pub tip_id: TipId,
    pub organisation_id: String,
    pub file_name: String,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub bytes: i32,
    pub alt: String,
    pub uploaded_at: NaiveDateTime,
}

/// What a new image is.
#[derive(Clone, Debug)]
pub struct NewTipImage<'a> {
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub width: u32,
    pub height: u32,
    pub bytes: usize,
    pub alt: &'a str,
}

impl TipImageRow {
    pub fn find(conn: &mut DbConnection, tenant: &Tenant, tip: &TipId) -> QueryResult<Option<TipImageRow>> {
        tip_images::table
            .filter(tip_images::organisation_id.eq(tenant.as_str()))
            .filter(tip_images::tip_id.eq(tip.as_str()))
            .select(TipImageRow::as_select())
            .first(conn)
            .optional()
    }

    /// The images of these tips.
    pub fn of_tips(conn: &mut DbConnection, tips: &[TipId]) -> QueryResult<HashMap<TipId, TipImageRow>> {
        let rows: Vec<TipImageRow> = tip_images::table
            .filter(tip_images::tip_id.eq_any(tips.iter().map(TipId::as_str)))
            .select(TipImageRow::as_select())
            .load(conn)?;
        Ok(rows.into_iter().map(|row| (row.tip_id.clone(), row)).collect())
    }

    /// Sets the tip's image; gives the file it replaces, if any (to remove once committed).
    pub fn set(
        conn: &mut DbConnection,
        tenant: &Tenant,
        tip: &TipId,
        image: &NewTipImage<'_>,
        now: DateTime<Utc>,
    ) -> QueryResult<Option<String>> {
        let before = Self::remove(conn, tip)?;
        diesel::insert_into(tip_images::table)
            .values((
                tip_images::tip_id.eq(tip.as_str()),
                tip_images::organisation_id.eq(tenant.as_str()),
                tip_images::file_name.eq(image.file_name),
                tip_images::content_type.eq(image.content_type),
                tip_images::width.eq(i32::try_from(image.width).unwrap_or(i32::MAX)),
                tip_images::height.eq(i32::try_from(image.height).unwrap_or(i32::MAX)),
                tip_images::bytes.eq(i32::try_from(image.bytes).unwrap_or(i32::MAX)),
                tip_images::alt.eq(image.alt),
                tip_images::uploaded_at.eq(stored(now)),
            ))
            .execute(conn)?;
        Ok(before)
    }

    /// Removes the tip's image row; gives its file, if there was one.
    pub fn remove(conn: &mut DbConnection, tip: &TipId) -> QueryResult<Option<String>> {
        let before: Option<String> = tip_images::table
            .filter(tip_images::tip_id.eq(tip.as_str()))
            .select(tip_images::file_name)
            .first(conn)
            .optional()?;
        diesel::delete(tip_images::table.filter(tip_images::tip_id.eq(tip.as_str()))).execute(conn)?;
        Ok(before)
    }
}
