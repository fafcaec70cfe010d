//! Privacy-preserving aggregates (T2): every figure over distinct people is suppressed
//! below k, so no view singles anyone out.

use serde::{Deserialize, Serialize};

/// The smallest k anyone may configure; admins may raise it, never lower it.
pub const MIN_K: u32 = 5;

/// The k in force for an organisation: its setting, but never below `MIN_K`.
pub fn effective_k(configured: Option<u32>) -> u32 {
    configured.unwrap_or(MIN_K).max(MIN_K)
}

/// A figure the platform computes, or why it cannot be shown.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Reading {
    /// The computed value.
    Value { value: f64 },
    /// The data this figure needs arrive with a later feature (tips, quizzes, …).
    NoData,
    /// Fewer than k people are behind the figure: it is hidden to protect them.
    Suppressed,
}

impl Reading {
    pub fn value(self) -> Option<f64> {
        match self {
            Reading::Value { value } => Some(value),
            _ => None,
        }
    }
}

/// The share (in percent) of `population` people who are in `count`, hidden when either
/// side of the split has fewer than k people. The population is shown beside the rate, so
/// the rate gives the count away: 33.3 % of 6 learners is two people, 0 % says nobody, 100 %
/// says everyone; each side must be a crowd of k.
pub fn rate_over_people(count: u64, population: u64, k: u32) -> Reading {
    let k = u64::from(k);
    let count = count.min(population);
    if count < k || population - count < k {
        return Reading::Suppressed;
    }
    Reading::Value {
        value: round_one_decimal(count as f64 * 100.0 / population as f64),
    }
}

/// A count of distinct people, hidden when under k (zero included: "nobody" is also a fact
/// about individuals in a small group).
pub fn count_of_people(count: u64, k: u32) -> Reading {
    if count < u64::from(k) {
        Reading::Suppressed
    } else {
        Reading::Value { value: count as f64 }
    }
}

pub fn round_one_decimal(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_never_goes_below_five() {
        assert_eq!(effective_k(None), 5);
        assert_eq!(effective_k(Some(2)), 5);
        assert_eq!(effective_k(Some(12)), 12);
    }

    #[test]
    fn rates_that_would_give_a_small_count_away_are_suppressed() {
        assert_eq!(rate_over_people(1, 4, 5), Reading::Suppressed, "a small group");
        assert_eq!(
            rate_over_people(2, 6, 5),
            Reading::Suppressed,
            "33.3 % of 6 is two people"
        );
        assert_eq!(rate_over_people(0, 40, 5), Reading::Suppressed, "0 % says nobody");
        assert_eq!(rate_over_people(38, 40, 5), Reading::Suppressed, "two left out");
        assert_eq!(rate_over_people(7, 3, 5), Reading::Suppressed, "more than everyone");
        assert_eq!(rate_over_people(5, 10, 5), Reading::Value { value: 50.0 });
        assert_eq!(rate_over_people(6, 11, 5), Reading::Value { value: 54.5 });
        // Every split of every small population: a shown rate has k on each side.
        for population in 0..30 {
            for count in 0..=population {
                if let Reading::Value { .. } = rate_over_people(count, population, 5) {
                    assert!(count >= 5 && population - count >= 5, "{count} of {population}");
                }
            }
        }
    }

    #[test]
    fn counts_of_people_are_suppressed_below_k() {
        assert_eq!(count_of_people(4, 5), Reading::Suppressed);
        assert_eq!(count_of_people(0, 5), Reading::Suppressed);
        assert_eq!(count_of_people(5, 5), Reading::Value { value: 5.0 });
    }

    #[test]
    fn reading_wire_format_is_tagged() {
        let json = serde_json::to_string(&Reading::Value { value: 12.5 }).unwrap_or_default();
        assert_eq!(json, r#"{"state":"value","value":12.5}"#);
        let json = serde_json::to_string(&Reading::NoData).unwrap_or_default();
        assert_eq!(json, r#"{"state":"no_data"}"#);
    }
}
