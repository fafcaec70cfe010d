//! Site coverage (C5): per site and region, learners against active ambassadors, with the
//! programme's target (one ambassador per 25 learners by default). Uncovered sites come
//! first: dispersed networks (stores, travelling technicians) are the main case.

use crate::directory::{RegionId, SiteRef};
use serde::{Deserialize, Serialize};

crate::stored_enum! {
    /// How well a site is covered.
    pub enum CoverageStatus {
        /// Learners and no ambassador.
        Uncovered = "uncovered",
        /// Ambassadors, fewer than the target asks.
        UnderCovered = "under_covered",
        Covered = "covered",
        /// No learner works there.
        NoLearners = "no_learners",
    }
}

/// Learners one ambassador relays for, unless a programme says otherwise.
pub const DEFAULT_LEARNERS_PER_AMBASSADOR: u32 = 25;

/// What a person's site lacks, as the candidate score reads it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CoverageNeed {
    /// No site, or its site is covered.
    #[default]
    None,
    SiteUnderCovered,
    SiteUncovered,
}

impl CoverageNeed {
    /// On 0–1 for the score.
    pub fn value(self) -> f64 {
        match self {
            CoverageNeed::None => 0.0,
            CoverageNeed::SiteUnderCovered => 0.5,
            CoverageNeed::SiteUncovered => 1.0,
        }
    }

    pub fn of(status: CoverageStatus) -> Self {
        match status {
            CoverageStatus::Uncovered => CoverageNeed::SiteUncovered,
            CoverageStatus::UnderCovered => CoverageNeed::SiteUnderCovered,
            CoverageStatus::Covered | CoverageStatus::NoLearners => CoverageNeed::None,
        }
    }
}

/// Ambassadors a site of `learners` needs: one per `per_ambassador`, rounded up.
pub fn needed(learners: u32, per_ambassador: u32) -> u32 {
    learners.div_ceil(per_ambassador.max(1))
}

pub fn status(learners: u32, ambassadors: u32, per_ambassador: u32) -> CoverageStatus {
    if learners == 0 {
        CoverageStatus::NoLearners
    } else if ambassadors == 0 {
        CoverageStatus::Uncovered
    } else if ambassadors < needed(learners, per_ambassador) {
        CoverageStatus::UnderCovered
    } else {
        CoverageStatus::Covered
    }
}

/// One site's coverage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteCoverage {
    pub site: SiteRef,
    pub learners: u32,
    pub ambassadors: u32,
    /// Ambassadors the target asks for.
    pub needed: u32,
    /// Learners per ambassador; none without ambassadors.
    pub learners_per_ambassador: Option<f64>,
    pub status: CoverageStatus,
}

/// One region's coverage: its sites summed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionCoverage {
    pub region_id: RegionId,
    pub region_name: String,
    pub learners: u32,
    pub ambassadors: u32,
    pub sites: u32,
    pub uncovered_sites: u32,
    pub under_covered_sites: u32,
}

/// Coverage of the organisation's sites against a programme's target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coverage {
    pub learners_per_ambassador_target: u32,
    /// Share of sites with learners that are covered, 0–100; none without such sites.
    pub covered_share: Option<f64>,
    /// Worst first: uncovered (most learners first), under-covered (largest gap first),
    /// covered, then sites without learners.
    pub sites: Vec<SiteCoverage>,
    /// By name.
    pub regions: Vec<RegionCoverage>,
}

/// Learners and ambassadors of one site, as counted by the storage.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteCount {
    pub site: SiteRef,
    pub learners: u32,
    pub ambassadors: u32,
}

/// Coverage of these sites against one ambassador per `per_ambassador` learners.
pub fn coverage(counts: Vec<SiteCount>, per_ambassador: u32) -> Coverage {
    let mut sites: Vec<SiteCoverage> = counts
        .into_iter()
        .map(|c| SiteCoverage {
            needed: needed(c.learners, per_ambassador),
            learners_per_ambassador: (c.ambassadors > 0).then(|| f64::from(c.learners) / f64::from(c.ambassadors)),
            status: status(c.learners, c.ambassadors, per_ambassador),
            site: c.site,
            learners: c.learners,
            ambassadors: c.ambassadors,
        })
        .collect();
    let order = |s: &CoverageStatus| match s {
        CoverageStatus::Uncovered => 0,
        CoverageStatus::UnderCovered => 1,
        CoverageStatus::Covered => 2,
        CoverageStatus::NoLearners => 3,
    };
    sites.sort_by(|a, b| {
        order(&a.status)
            .cmp(&order(&b.status))
            .then_with(|| (b.needed.saturating_sub(b.ambassadors)).cmp(&a.needed.saturating_sub(a.ambassadors)))
            .then_with(|| b.learners.cmp(&a.learners))
            .then_with(|| a.site.name.cmp(&b.site.name))
    });
    let with_learners = sites.iter().filter(|s| s.status != CoverageStatus::NoLearners).count();
    let covered = sites.iter().filter(|s| s.status == CoverageStatus::Covered).count();
    let covered_share = (with_learners > 0).then(|| 100.0 * covered as f64 / with_learners as f64);
    let mut regions: Vec<RegionCoverage> = Vec::new();
    for site in &sites {
        let index = match regions.iter().position(|r| r.region_id == site.site.region_id) {
            Some(index) => index,
            None => {
                regions.push(RegionCoverage {
                    region_id: site.site.region_id.clone(),
                    region_name: site.site.region_name.clone(),
                    learners: 0,
                    ambassadors: 0,
                    sites: 0,
                    uncovered_sites: 0,
                    under_covered_sites: 0,
                });
                regions.len() - 1
            }
        };
        let region = &mut regions[index];
        region.learners += site.learners;
        region.ambassadors += site.ambassadors;
        region.sites += 1;
        region.uncovered_sites += u32::from(site.status == CoverageStatus::Uncovered);
        region.under_covered_sites += u32::from(site.status == CoverageStatus::UnderCovered);
    }
    regions.sort_by(|a, b| a.region_name.cmp(&b.region_name));
    Coverage {
        learners_per_ambassador_target: per_ambassador,
        covered_share,
        sites,
        regions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{SiteId, SiteKind};

    fn site(name: &str, region: &str) -> SiteRef {
        SiteRef {
            id: SiteId::new(name),
            name: name.into(),
            kind: SiteKind::Store,
            region_id: RegionId::new(region),
            region_name: region.into(),
        }
    }

    #[test]
    fn a_site_needs_one_ambassador_per_target_learners_rounded_up() {
        assert_eq!(needed(25, 25), 1);
        assert_eq!(needed(26, 25), 2);
        assert_eq!(needed(0, 25), 0);
        assert_eq!(status(10, 0, 25), CoverageStatus::Uncovered);
        assert_eq!(status(60, 2, 25), CoverageStatus::UnderCovered);
        assert_eq!(status(50, 2, 25), CoverageStatus::Covered);
        assert_eq!(status(0, 1, 25), CoverageStatus::NoLearners);
    }

    #[test]
    fn uncovered_sites_come_first_and_regions_sum_their_sites() {
        let counts = vec![
            SiteCount {
                site: site("Lyon", "Sud"),
                learners: 30,
                ambassadors: 2,
            },
            SiteCount {
                site: site("Nice", "Sud"),
                learners: 8,
                ambassadors: 0,
            },
            SiteCount {
                site: site("Lille", "Nord"),
                learners: 80,
                ambassadors: 1,
            },
            SiteCount {
                site: site("Arras", "Nord"),
                learners: 20,
                ambassadors: 0,
            },
            SiteCount {
                site: site("Siège", "Nord"),
                learners: 0,
                ambassadors: 0,
            },
        ];
        let result = coverage(counts, 25);
        let order: Vec<&str> = result.sites.iter().map(|s| s.site.name.as_str()).collect();
        assert_eq!(order, ["Arras", "Nice", "Lille", "Lyon", "Siège"]);
        assert_eq!(result.covered_share, Some(25.0), "1 of 4 sites with learners");
        let nord = &result.regions[0];
        assert_eq!(
            (
                nord.region_name.as_str(),
                nord.learners,
                nord.sites,
                nord.uncovered_sites
            ),
            ("Nord", 100, 3, 1)
        );
        assert_eq!(result.sites[2].learners_per_ambassador, Some(80.0));
        assert_eq!(coverage(Vec::new(), 25).covered_share, None);
    }
}
