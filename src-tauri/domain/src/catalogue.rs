//! Catalogue limits: what of the Azure Marketplace can be bought through Azure in CSP
//! (DOMAIN.md "Catalogue limits"). The book holds no marketplace catalogue; a user says what kind
//! of item it is and the product answers.

use serde::{Deserialize, Serialize};

use super::rules::THIRD_PARTY_NOT_AVAILABLE;
use crate::CoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// Microsoft's own services and images.
    FirstParty,
    /// A third-party item with no software charge.
    ThirdPartyFree,
    /// A third-party image used with a licence bought elsewhere (bring your own licence).
    ThirdPartyByol,
    /// A third-party item billed through the marketplace.
    ThirdPartyPaid,
}

impl ItemKind {
    pub const ALL: [ItemKind; 4] =
        [ItemKind::FirstParty, ItemKind::ThirdPartyFree, ItemKind::ThirdPartyByol, ItemKind::ThirdPartyPaid];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::FirstParty => "first-party",
            ItemKind::ThirdPartyFree => "third-party-free",
            ItemKind::ThirdPartyByol => "third-party-byol",
            ItemKind::ThirdPartyPaid => "third-party-paid",
        }
    }

    pub fn parse(value: &str) -> Result<Self, CoreError> {
        let v = value.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|k| k.as_str() == v).ok_or_else(|| {
            CoreError::validation(
                format!(
                    "'{value}' is not a marketplace item kind (first-party, third-party-free, third-party-byol, third-party-paid)"
                ),
                format!(
                    "« {value} » n'est pas un type d'article de la place de marché (first-party, third-party-free, third-party-byol, third-party-paid)"
                ),
            )
        })
    }
}

/// The answer for one kind of marketplace item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarketplaceDecision {
    pub item_kind: ItemKind,
    pub allowed: bool,
    /// `THIRD_PARTY_NOT_AVAILABLE` when refused; DOMAIN.md names no rule for what is allowed.
    pub rule: Option<&'static str>,
    pub message: String,
    pub message_fr: String,
}

/// Third-party paid items are refused; first-party, free and BYOL items can be bought.
pub fn check_item(kind: ItemKind) -> MarketplaceDecision {
    if kind == ItemKind::ThirdPartyPaid {
        return MarketplaceDecision {
            item_kind: kind,
            allowed: false,
            rule: Some(THIRD_PARTY_NOT_AVAILABLE.id.as_str()),
            message: THIRD_PARTY_NOT_AVAILABLE.en.to_string(),
            message_fr: THIRD_PARTY_NOT_AVAILABLE.fr.to_string(),
        };
    }
    let (en, fr) = match kind {
        ItemKind::FirstParty => (
            "Microsoft's own services are part of Azure in CSP.",
            "Les services de Microsoft font partie d'Azure dans CSP.",
        ),
        _ => (
            "Free and bring-your-own-licence marketplace images can be used through Azure in CSP.",
            "Les images gratuites ou à licence apportée (BYOL) de la place de marché s'utilisent via Azure dans CSP.",
        ),
    };
    MarketplaceDecision { item_kind: kind, allowed: true, rule: None, message: en.into(), message_fr: fr.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_third_party_paid_items_are_refused() {
        let paid = check_item(ItemKind::parse("Third-Party-Paid").unwrap());
        assert!(!paid.allowed);
        assert_eq!(paid.rule, Some("THIRD_PARTY_NOT_AVAILABLE"));
        for kind in [ItemKind::FirstParty, ItemKind::ThirdPartyFree, ItemKind::ThirdPartyByol] {
            let d = check_item(kind);
            assert!(d.allowed && d.rule.is_none(), "{kind:?}");
        }
        assert_eq!(ItemKind::parse("saas").unwrap_err().code(), "VALIDATION");
    }
}
