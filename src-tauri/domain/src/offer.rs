//! The three Azure offers of DOMAIN.md "Offers".

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::CoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, sqlx::Type)]
pub enum Offer {
    /// The Azure plan (the new offer), for customers.
    #[serde(rename = "AZURE_PLAN")]
    #[sqlx(rename = "AZURE_PLAN")]
    AzurePlan,
    /// The previous Azure offer in CSP ("legacy"), for customers.
    #[serde(rename = "MS-AZR-0145P")]
    #[sqlx(rename = "MS-AZR-0145P")]
    Legacy,
    /// Azure Partner Shared Services: the partner's own tenant only.
    #[serde(rename = "MS-AZR-0159P")]
    #[sqlx(rename = "MS-AZR-0159P")]
    Apss,
}

impl Offer {
    /// Every offer, in the order the order dialog lists them.
    pub const ALL: [Offer; 3] = [Offer::AzurePlan, Offer::Legacy, Offer::Apss];

    pub fn id(self) -> &'static str {
        match self {
            Offer::AzurePlan => "AZURE_PLAN",
            Offer::Legacy => "MS-AZR-0145P",
            Offer::Apss => "MS-AZR-0159P",
        }
    }

    /// The default display name of a subscription to this offer.
    pub fn name(self) -> &'static str {
        match self {
            Offer::AzurePlan => "Azure plan",
            Offer::Legacy => "Microsoft Azure (MS-AZR-0145P)",
            Offer::Apss => "Azure Partner Shared Services",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.id() == id)
    }

    /// Parses a user's offer ID (case-insensitive); anything else is a `VALIDATION` error.
    pub fn parse(value: &str) -> Result<Self, CoreError> {
        Self::from_id(&value.trim().to_ascii_uppercase()).ok_or_else(|| {
            CoreError::validation(
                format!("'{value}' is not an offer (AZURE_PLAN, MS-AZR-0145P, MS-AZR-0159P)"),
                format!("« {value} » n'est pas une offre (AZURE_PLAN, MS-AZR-0145P, MS-AZR-0159P)"),
            )
        })
    }

    /// Sold to a customer (as opposed to APSS, for the partner's own tenant).
    pub fn for_customers(self) -> bool {
        self != Offer::Apss
    }
}

impl std::fmt::Display for Offer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offer_ids_parse_and_serialise_as_partner_center_writes_them() {
        assert_eq!(Offer::parse("ms-azr-0145p").unwrap(), Offer::Legacy);
        assert_eq!(Offer::parse("AZURE_PLAN").unwrap(), Offer::AzurePlan);
        assert_eq!(Offer::parse("MS-AZR-0003P").unwrap_err().code(), "VALIDATION");
        assert_eq!(serde_json::to_string(&Offer::Apss).unwrap(), "\"MS-AZR-0159P\"");
        for o in Offer::ALL {
            assert_eq!(serde_json::to_value(o).unwrap(), o.id());
        }
    }
}
