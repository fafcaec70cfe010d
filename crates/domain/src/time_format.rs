//! Times and dates written to JSON the way chrono writes them (RFC 3339 in UTC with a `Z`,
//! the fraction only as long as needed: 0, 3, 6 or 9 digits; dates as `YYYY-MM-DD`), but
//! into a small buffer at once. chrono's `Serialize` goes through `Display`, one character
//! at a time through serde_json's string escaper: on the programme list that was a fifth of
//! the worker's time (six times per programme). Used as
//! `#[serde(serialize_with = "crate::time_format::utc")]` on the types' fields. Anything
//! outside years 0–9999 goes to chrono's own writer.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use serde::{Serialize, Serializer};

pub fn utc<S: Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buffer = [0u8; 30];
    match write_utc(time, &mut buffer) {
        Some(text) => serializer.serialize_str(text),
        None => time.serialize(serializer),
    }
}

pub fn utc_opt<S: Serializer>(time: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
    match time {
        Some(time) => utc(time, serializer),
        None => serializer.serialize_none(),
    }
}

pub fn date<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buffer = [0u8; 10];
    match write_date(date, &mut buffer) {
        Some(text) => serializer.serialize_str(text),
        None => date.serialize(serializer),
    }
}

pub fn date_opt<S: Serializer>(day: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
    match day {
        Some(day) => date(day, serializer),
        None => serializer.serialize_none(),
    }
}

fn digits(buffer: &mut [u8], mut value: u32) {
    for byte in buffer.iter_mut().rev() {
        *byte = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

fn write_date<'b>(date: &NaiveDate, buffer: &'b mut [u8; 10]) -> Option<&'b str> {
    let year = u32::try_from(date.year()).ok().filter(|year| *year <= 9999)?;
    digits(&mut buffer[0..4], year);
    buffer[4] = b'-';
    digits(&mut buffer[5..7], date.month());
    buffer[7] = b'-';
    digits(&mut buffer[8..10], date.day());
    std::str::from_utf8(&buffer[..]).ok()
}

fn write_utc<'b>(time: &DateTime<Utc>, buffer: &'b mut [u8; 30]) -> Option<&'b str> {
    let naive = time.naive_utc();
    let nanos = naive.nanosecond();
    // A leap second (nanos from 1e9) is chrono's to write.
    if nanos >= 1_000_000_000 {
        return None;
    }
    let mut date = [0u8; 10];
    buffer[..10].copy_from_slice(write_date(&naive.date(), &mut date)?.as_bytes());
    buffer[10] = b'T';
    digits(&mut buffer[11..13], naive.hour());
    buffer[13] = b':';
    digits(&mut buffer[14..16], naive.minute());
    buffer[16] = b':';
    digits(&mut buffer[17..19], naive.second());
    let mut end = 19;
    let (fraction, width) = match nanos {
        0 => (0, 0),
        n if n % 1_000_000 == 0 => (n / 1_000_000, 3),
        n if n % 1_000 == 0 => (n / 1_000, 6),
        n => (n, 9),
    };
    if width > 0 {
        buffer[end] = b'.';
        digits(&mut buffer[end + 1..end + 1 + width], fraction);
        end += 1 + width;
    }
    buffer[end] = b'Z';
    std::str::from_utf8(&buffer[..end + 1]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[derive(Serialize)]
    struct Ours {
        #[serde(serialize_with = "utc")]
        time: DateTime<Utc>,
        #[serde(serialize_with = "utc_opt")]
        maybe: Option<DateTime<Utc>>,
        #[serde(serialize_with = "date")]
        day: NaiveDate,
        #[serde(serialize_with = "date_opt")]
        maybe_day: Option<NaiveDate>,
    }

    #[derive(Serialize)]
    struct Chronos {
        time: DateTime<Utc>,
        maybe: Option<DateTime<Utc>>,
        day: NaiveDate,
        maybe_day: Option<NaiveDate>,
    }

    fn same_as_chrono(time: DateTime<Utc>, day: NaiveDate) {
        for (maybe, maybe_day) in [(Some(time), Some(day)), (None, None)] {
            let ours = serde_json::to_string(&Ours {
                time,
                maybe,
                day,
                maybe_day,
            })
            .expect("valid time");
            let theirs = serde_json::to_string(&Chronos {
                time,
                maybe,
                day,
                maybe_day,
            })
            .expect("valid time");
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn writes_what_chrono_writes_for_every_fraction_length() {
        let base = Utc.with_ymd_and_hms(2026, 12, 1, 9, 5, 7).single().expect("valid time");
        let day = NaiveDate::from_ymd_opt(2026, 2, 3).expect("valid time");
        for nanos in [
            0,
            1,
            999,
            1_000,
            120_000,
            123_456,
            1_000_000,
            7_000_000,
            123_000_000,
            123_456_789,
            999_999_999,
        ] {
            same_as_chrono(base + chrono::Duration::nanoseconds(nanos), day);
        }
    }

    #[test]
    fn writes_what_chrono_writes_across_years_and_edges() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            // A plain xorshift: reproducible, no dependency.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let seconds = (state % 400_000_000_000) as i64 - 62_000_000_000;
            let nanos = ((state >> 20) % 1_000_000_000) as u32;
            let nanos = match state % 4 {
                0 => 0,
                1 => nanos / 1_000_000 * 1_000_000,
                2 => nanos / 1_000 * 1_000,
                _ => nanos,
            };
            let time = DateTime::from_timestamp(seconds, nanos).expect("valid time");
            same_as_chrono(time, time.date_naive());
        }
        // Outside 0–9999 chrono's signed years, through its own writer.
        for (year, month, day) in [(0, 1, 1), (9999, 12, 31), (10_000, 1, 1), (-1, 6, 15), (1, 1, 1)] {
            let day = NaiveDate::from_ymd_opt(year, month, day).expect("valid time");
            same_as_chrono(day.and_hms_nano_opt(23, 59, 59, 5).expect("valid time").and_utc(), day);
        }
    }

    #[test]
    fn a_leap_second_is_left_to_chrono() {
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .expect("valid time")
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .expect("valid time");
        same_as_chrono(leap.and_utc(), leap.date());
    }
}
