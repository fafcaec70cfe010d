//! Cursor pagination: bounded pages and opaque cursors (the last item's id).

use crate::errors::FieldError;
use crate::ids::is_valid_id;
use serde::{Deserialize, Serialize};

pub const DEFAULT_PAGE_SIZE: u32 = 20;
pub const MAX_PAGE_SIZE: u32 = 100;

/// One page of a list, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Query of a plain paginated list.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Page size, 1–100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[cfg_attr(feature = "openapi", param(max_length = 36))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// A checked page request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u32,
    /// Items strictly older than this id.
    pub after: Option<String>,
}

impl PageRequest {
    pub fn parse(limit: Option<u32>, cursor: Option<&str>) -> Result<PageRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE_SIZE).contains(&limit) {
            errors.push(FieldError::new(
                "limit",
                "out_of_range",
                format!("limit must be between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        if let Some(cursor) = cursor {
            if !is_valid_id(cursor) {
                errors.push(FieldError::new(
                    "cursor",
                    "invalid_cursor",
                    "cursor is not one this API gave",
                ));
            }
        }
        if errors.is_empty() {
            Ok(PageRequest {
                limit,
                after: cursor.map(str::to_owned),
            })
        } else {
            Err(errors)
        }
    }

    /// The cursor as the id type of the listed items.
    pub fn after_id<I: From<String>>(&self) -> Option<I> {
        self.after.clone().map(I::from)
    }

    /// Builds the page from up to `limit + 1` rows fetched newest first.
    pub fn page<T>(&self, mut rows: Vec<T>, id_of: impl Fn(&T) -> String) -> Page<T> {
        let has_more = rows.len() > self.limit as usize;
        rows.truncate(self.limit as usize);
        let next_cursor = if has_more { rows.last().map(id_of) } else { None };
        Page {
            items: rows,
            next_cursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_bounded_and_cursors_checked() {
        assert_eq!(PageRequest::parse(None, None).map(|p| p.limit), Ok(DEFAULT_PAGE_SIZE));
        assert!(PageRequest::parse(Some(0), None).is_err());
        assert!(PageRequest::parse(Some(101), None).is_err());
        assert!(PageRequest::parse(Some(5), Some("' OR 1=1 --")).is_err());
    }

    #[test]
    fn next_cursor_only_when_more_rows() {
        let request = PageRequest { limit: 2, after: None };
        let page = request.page(vec!["c", "b", "a"], |s| s.to_string());
        assert_eq!(page.items, ["c", "b"]);
        assert_eq!(page.next_cursor.as_deref(), Some("b"));
        let last = request.page(vec!["a"], |s| s.to_string());
        assert_eq!(last.next_cursor, None);
    }
}
