//! Customers (tenants) and reseller relationships.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::program::ProgramDates;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Customer {
    pub id: String,
    /// The Microsoft Entra tenant ID (a GUID).
    pub tenant_id: String,
    pub name: String,
    /// Primary domain, unique (case-insensitive): `name.onmicrosoft.com` for a tenant created here,
    /// any domain name (a verified custom one, `contoso.com`) for a tenant that already exists.
    pub domain: String,
    pub country: String,
    pub market: String,
    pub address: Option<String>,
    pub email: Option<String>,
    pub vat_id: Option<String>,
    pub siren: Option<String>,
    /// Where the services are delivered, when it differs from the billing address.
    pub delivery_address: Option<String>,
    pub gcc: bool,
    pub relationships: Vec<Relationship>,
    /// The currency the customer is billed in when it differs from its usage's (ISO 4217); `None`:
    /// the usage's own billing currency.
    pub billing_currency: Option<String>,
}

/// What `customer update` changes: `None` keeps a field, an empty text clears it (the name cannot be
/// cleared). Issued documents keep what they printed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CustomerUpdate {
    pub name: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub vat_id: Option<String>,
    pub siren: Option<String>,
    pub delivery_address: Option<String>,
    /// An empty text clears it: the customer is then billed in its usage's currency.
    pub billing_currency: Option<String>,
}

/// A reseller relationship between a partner and a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Relationship {
    pub partner_id: String,
    pub partner_name: String,
    pub customer_id: String,
    pub since: NaiveDate,
    /// Established on or after PHASE1: a new customer for that partner.
    pub new_customer: bool,
    /// Exempt from the phase-1 rules from this date (direct → indirect transition).
    pub transition_exempt_from: Option<NaiveDate>,
}

/// A line of the customers list (kept small: the list may hold 100,000 of them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CustomerRow {
    pub id: String,
    pub tenant_id: String,
    pub name: String,
    pub domain: String,
    pub country: String,
    /// Names of the partners holding a relationship, comma-separated.
    pub partners: String,
    pub since: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CustomerPage {
    // Counts stay far below 2^53: plain JSON numbers, not TypeScript bigint.
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub offset: i64,
    pub rows: Vec<CustomerRow>,
}

/// What a user gives to onboard a customer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct NewCustomer {
    /// The partner of record (direct partner or indirect reseller).
    pub partner_id: String,
    pub name: String,
    pub domain: String,
    pub country: String,
    pub gcc: bool,
    pub vat_id: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub siren: Option<String>,
    pub delivery_address: Option<String>,
    /// Default: the business today.
    pub relationship_since: Option<NaiveDate>,
    /// An existing tenant's ID; a new GUID otherwise.
    pub tenant_id: Option<String>,
    /// The currency the customer is billed in, when not its usage's.
    pub billing_currency: Option<String>,
}

/// A relationship established on or after PHASE1 makes the customer new for that partner.
pub fn is_new_customer(since: NaiveDate, dates: &ProgramDates) -> bool {
    since >= dates.phase1
}
