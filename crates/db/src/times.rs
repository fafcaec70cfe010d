//! Dates and times read from the database without chrono's format parser.
//!
//! On SQLite they are text, and diesel reads each one with `parse_from_str`, which parses
//! the format string again for every value: in the programme list (four per row, 21 rows)
//! that was a tenth of the request. What Relais writes has one shape (`stored`:
//! `YYYY-MM-DD HH:MM:SS[.ffffff]`, `YYYY-MM-DD` for dates), read here by hand; anything else
//! falls back to diesel's reader. PostgreSQL sends binary values, read as before.
//!
//! A row takes them with `#[diesel(deserialize_as = StoredTime)]` (or `StoredDate`).

use crate::connection::DbConnection;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::pg::Pg;
use diesel::sql_types::{Date, Timestamp};
use diesel::sqlite::Sqlite;

/// The backend of `DbConnection`, which dispatches to SQLite's or PostgreSQL's reader.
type MultiBackend = <DbConnection as diesel::Connection>::Backend;

/// A `Timestamp` column read as a `NaiveDateTime`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, FromSqlRow)]
pub struct StoredTime(pub NaiveDateTime);

/// A `Date` column read as a `NaiveDate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, FromSqlRow)]
pub struct StoredDate(pub NaiveDate);

impl From<StoredTime> for NaiveDateTime {
    fn from(time: StoredTime) -> Self {
        time.0
    }
}

impl From<StoredDate> for NaiveDate {
    fn from(date: StoredDate) -> Self {
        date.0
    }
}

/// `n` ASCII digits as a number.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |value, byte| {
        byte.is_ascii_digit().then(|| value * 10 + u32::from(byte - b'0'))
    })
}

/// `YYYY-MM-DD`.
fn parse_date(text: &[u8]) -> Option<NaiveDate> {
    if text.len() != 10 || text[4] != b'-' || text[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(&text[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&text[5..7])?, digits(&text[8..10])?)
}

/// `YYYY-MM-DD HH:MM:SS` with 0 to 9 digits of fraction after a dot.
fn parse_time(text: &[u8]) -> Option<NaiveDateTime> {
    if text.len() < 19 || text[10] != b' ' || text[13] != b':' || text[16] != b':' {
        return None;
    }
    let date = parse_date(&text[0..10])?;
    let (hour, minute, second) = (digits(&text[11..13])?, digits(&text[14..16])?, digits(&text[17..19])?);
    let nanos = match &text[19..] {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            digits(fraction)? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    Some(date.and_time(NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?))
}

/// An SQLite text value read by `parse` when it has the stored shape, by diesel otherwise.
fn read_sqlite<T, ST>(
    mut value: <Sqlite as Backend>::RawValue<'_>,
    parse: fn(&[u8]) -> Option<T>,
) -> deserialize::Result<T>
where
    T: FromSql<ST, Sqlite>,
{
    match parse(value.read_text().as_bytes()) {
        Some(parsed) => Ok(parsed),
        None => T::from_sql(value),
    }
}

impl FromSql<Timestamp, Sqlite> for StoredTime {
    fn from_sql(value: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        read_sqlite::<NaiveDateTime, Timestamp>(value, parse_time).map(Self)
    }
}

impl FromSql<Timestamp, Pg> for StoredTime {
    fn from_sql(value: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<Timestamp, Pg>>::from_sql(value).map(Self)
    }
}

impl FromSql<Timestamp, MultiBackend> for StoredTime {
    fn from_sql(value: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        value.from_sql::<Self, Timestamp>()
    }
}

impl FromSql<Date, Sqlite> for StoredDate {
    fn from_sql(value: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        read_sqlite::<NaiveDate, Date>(value, parse_date).map(Self)
    }
}

impl FromSql<Date, Pg> for StoredDate {
    fn from_sql(value: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        <NaiveDate as FromSql<Date, Pg>>::from_sql(value).map(Self)
    }
}

impl FromSql<Date, MultiBackend> for StoredDate {
    fn from_sql(value: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        value.from_sql::<Self, Date>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_relais_stores_is_read_by_hand_exactly_as_chrono_reads_it() {
        for text in [
            "2026-11-30 21:54:14",
            "2026-11-30 21:54:14.5",
            "2026-11-30 21:54:14.123456",
            "2000-02-29 00:00:00.000001",
            "2099-12-31 23:59:59.999999999",
        ] {
            let chrono = NaiveDateTime::parse_from_str(text, "%F %T%.f").ok();
            assert!(chrono.is_some(), "{text}");
            assert_eq!(parse_time(text.as_bytes()), chrono, "{text}");
        }
        for text in ["2026-11-30", "2000-02-29", "1999-01-01"] {
            assert_eq!(
                parse_date(text.as_bytes()),
                NaiveDate::parse_from_str(text, "%F").ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn other_shapes_are_left_to_the_general_reader() {
        for text in [
            "2026-11-30T21:54:14",
            "2026-11-30 21:54",
            "2026-11-30 21:54:14Z",
            "2026-11-30 21:54:14.",
            "2026-11-30 21:54:14.1234567890",
            "2026-02-30 21:54:14",
            "2026-11-30 24:00:00",
            "2026-1-30 21:54:14",
            "+026-11-30 21:54:14",
            "",
        ] {
            assert_eq!(parse_time(text.as_bytes()), None, "{text}");
        }
        for text in ["2026-13-01", "2026-11-3", "2026/11/30", "-026-11-30"] {
            assert_eq!(parse_date(text.as_bytes()), None, "{text}");
        }
    }
}
