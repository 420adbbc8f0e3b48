//! The columns of Partner Center's daily rated usage file, as Partner Center names them
//! ("Fields in daily rated usage reconciliation file", learn.microsoft.com/partner-center/billing/
//! daily-rated-usage-recon-files). Both layouts live here and nowhere else.

/// The 51 columns of the 2021 layout, in Partner Center's order. A row's values in these columns
/// identify it: the same values again are a duplicate.
pub const LAYOUT_2021: [&str; 51] = [
    "PartnerId",
    "PartnerName",
    "CustomerId",
    "CustomerName",
    "CustomerDomainName",
    "CustomerCountry",
    "MpnId",
    "InvoiceNumber",
    "ProductId",
    "SkuId",
    "AvailabilityId",
    "SkuName",
    "ProductName",
    "PublisherName",
    "PublisherId",
    "SubscriptionDescription",
    "SubscriptionId",
    "ChargeStartDate",
    "ChargeEndDate",
    "UsageDate",
    "MeterType",
    "MeterCategory",
    "MeterId",
    "MeterSubCategory",
    "MeterName",
    "MeterRegion",
    "Unit",
    "ResourceLocation",
    "ConsumedService",
    "ResourceGroup",
    "ResourceURI",
    "ChargeType",
    "UnitPrice",
    "Quantity",
    "UnitType",
    "BillingPreTaxTotal",
    "BillingCurrency",
    "PricingPreTaxTotal",
    "PricingCurrency",
    "ServiceInfo1",
    "ServiceInfo2",
    "Tags",
    "AdditionalInfo",
    "EffectiveUnitPrice",
    "PCToBCExchangeRate",
    "PCToBCExchangeRateDate",
    "EntitlementId",
    "EntitlementDescription",
    "PartnerEarnedCreditPercentage",
    "CreditPercentage",
    "CreditType",
];

/// The current layout (55 columns): the 2021 one plus the reseller's MPN ID after `MpnId` and the
/// three benefit columns at the end. Derived from [`LAYOUT_2021`] so the two can never disagree.
pub const LAYOUT_CURRENT: [&str; 55] = current_layout();

/// Where `MpnId` stands in the 2021 layout (checked by a test).
const MPN_ID_INDEX: usize = 6;

const fn current_layout() -> [&'static str; 55] {
    let mut out = [""; 55];
    let (mut i, mut j) = (0, 0);
    while i < LAYOUT_2021.len() {
        out[j] = LAYOUT_2021[i];
        j += 1;
        if i == MPN_ID_INDEX {
            out[j] = "Tier2MpnId";
            j += 1;
        }
        i += 1;
    }
    out[j] = "BenefitOrderId";
    out[j + 1] = "BenefitId";
    out[j + 2] = "BenefitType";
    out
}

/// The columns the current layout adds to the 2021 one, in the current layout's order. A row's
/// values in them are part of its identity too, but only when non-empty: a file without them (or
/// with them empty) has the key the 2021 layout gave it, so rows stored by earlier versions still
/// match a re-import.
pub const NEWER: [&str; 4] = newer_columns();

const fn newer_columns() -> [&'static str; 4] {
    let mut out = [""; 4];
    let mut n = 0;
    let mut i = 0;
    while i < LAYOUT_CURRENT.len() {
        if !in_2021(LAYOUT_CURRENT[i]) {
            out[n] = LAYOUT_CURRENT[i];
            n += 1;
        }
        i += 1;
    }
    assert!(n == 4, "the current layout adds four columns");
    out
}

const fn in_2021(name: &str) -> bool {
    let mut i = 0;
    while i < LAYOUT_2021.len() {
        if const_eq(LAYOUT_2021[i], name) {
            return true;
        }
        i += 1;
    }
    false
}

const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Columns a file must have.
pub const REQUIRED: [&str; 11] = [
    "CustomerId",
    "SubscriptionId",
    "UsageDate",
    "MeterId",
    "MeterName",
    "MeterCategory",
    "Quantity",
    "UnitPrice",
    "PricingCurrency",
    "BillingCurrency",
    "PCToBCExchangeRate",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_layout_is_the_2021_one_plus_four_columns() {
        let added: Vec<_> = LAYOUT_CURRENT.iter().filter(|c| !LAYOUT_2021.contains(c)).collect();
        assert_eq!(added, [&"Tier2MpnId", &"BenefitOrderId", &"BenefitId", &"BenefitType"]);
        assert_eq!(NEWER, ["Tier2MpnId", "BenefitOrderId", "BenefitId", "BenefitType"]);
        assert!(REQUIRED.iter().all(|c| LAYOUT_2021.contains(c)));
    }

    #[test]
    fn the_reseller_column_follows_mpn_id_and_the_benefit_columns_close_the_row() {
        assert_eq!(LAYOUT_2021[MPN_ID_INDEX], "MpnId");
        assert_eq!(
            &LAYOUT_CURRENT[..8],
            &[
                "PartnerId",
                "PartnerName",
                "CustomerId",
                "CustomerName",
                "CustomerDomainName",
                "CustomerCountry",
                "MpnId",
                "Tier2MpnId"
            ]
        );
        assert_eq!(&LAYOUT_CURRENT[52..], &["BenefitOrderId", "BenefitId", "BenefitType"]);
        let without: Vec<_> =
            LAYOUT_CURRENT.iter().filter(|c| !c.starts_with("Benefit") && **c != "Tier2MpnId").collect();
        assert_eq!(without, LAYOUT_2021.iter().collect::<Vec<_>>());
        assert!(LAYOUT_CURRENT.iter().all(|c| !c.is_empty()));
    }
}
