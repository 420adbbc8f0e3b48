//! Adoption (`usage import --adopt`): the customers and subscriptions a file names but the book
//! lacks, created under the adopting partner from the file's own columns.

use crate::domain::access;
use crate::domain::offer::Offer;
use crate::domain::partner::Tier;
use crate::domain::rules::{MARKET_MISMATCH, TIER_CANNOT_RESELL};
use crate::domain::subscription::SubscriptionStatus;
use crate::domain::{market, validate};
use crate::import::usage::row_error;
use crate::store::customers::CustomerRecord;
use crate::store::reference::Country;
use crate::store::subscriptions::{SubscriptionRecord, SubscriptionRef};
use crate::store::{self, WriteTx};
use crate::{CoreError, Result};

use super::import::Importer;
use super::reading::ReadRow;

/// The adopting partner and who bills its subscriptions.
pub(super) struct AdoptingPartner {
    pub(super) id: String,
    pub(super) name: String,
    /// The market of its office country: adopted customers must be in it (`MARKET_MISMATCH`).
    pub(super) market: String,
    pub(super) billing_partner_id: String,
}

pub(super) async fn adopting_partner(tx: &mut WriteTx, partner_id: Option<&str>) -> Result<AdoptingPartner> {
    let id = match partner_id {
        Some(p) => p.to_string(),
        None => store::settings::load(tx).await?.office_partner_id.ok_or_else(|| {
            CoreError::validation(
                "no operating partner: name the adopting partner with --partner",
                "aucun partenaire exploitant : nommez le partenaire avec --partner",
            )
        })?,
    };
    let partner = crate::service::partners::record(tx, &id).await?;
    let billing_partner_id = match partner.tier() {
        Tier::Direct => partner.id.clone(),
        Tier::IndirectReseller => {
            store::partners::providers_of(tx, &partner.id).await?.into_iter().next().map(|p| p.id).ok_or_else(|| {
                CoreError::validation(
                    format!("{} has no provider to bill its subscriptions", partner.name),
                    format!("{} n'a pas de fournisseur pour facturer ses abonnements", partner.name),
                )
            })?
        }
        Tier::IndirectProvider => {
            return Err(CoreError::rule(
                TIER_CANNOT_RESELL.id,
                format!("{}: {}", partner.name, TIER_CANNOT_RESELL.en),
                format!("{} : {}", partner.name, TIER_CANNOT_RESELL.fr),
            ))
        }
    };
    let market = store::reference::country(tx, &partner.country).await?.map(|c| c.market).unwrap_or_default();
    Ok(AdoptingPartner { id: partner.id, name: partner.name, market, billing_partner_id })
}

impl Importer {
    pub(super) async fn adopt_customer(&mut self, tx: &mut WriteTx, rec: &ReadRow) -> Result<String> {
        let row = rec.row;
        let tenant = validate::guid("the tenant ID", "l'ID de tenant", &rec.customer_id)
            .map_err(|e| row_error(row, "CustomerId", e.to_string(), e.message_fr()))?;
        let name = validate::name("the customer name", "le nom du client", &rec.customer_name)
            .map_err(|e| row_error(row, "CustomerName", e.to_string(), e.message_fr()))?;
        // The tenant exists in Partner Center: its primary domain may be a verified custom one.
        let domain = validate::dns_domain(&rec.customer_domain)
            .map_err(|e| row_error(row, "CustomerDomainName", e.to_string(), e.message_fr()))?;
        if rec.customer_country.is_empty() {
            // Nothing to guess from: the country decides the market and the customer's tax.
            return Err(row_error(
                row,
                "CustomerCountry",
                "the customer's country is needed to adopt it (it decides the partner's market and the tax)",
                "le pays du client est nécessaire pour l'adopter (il décide du marché du partenaire et de la taxe)",
            ));
        }
        let country = validate::country_code(&rec.customer_country)
            .map_err(|e| row_error(row, "CustomerCountry", e.to_string(), e.message_fr()))?;
        let Some(place) = store::reference::country(tx, &country).await? else {
            let e = validate::unknown_country(&rec.customer_country);
            return Err(row_error(row, "CustomerCountry", e.to_string(), e.message_fr()));
        };
        self.check_market(row, &place)?;
        if store::customers::domain_taken(tx, &domain).await? {
            return Err(row_error(
                row,
                "CustomerDomainName",
                format!("the domain {domain} already belongs to another tenant"),
                format!("le domaine {domain} appartient déjà à un autre tenant"),
            ));
        }
        let id = uuid::Uuid::new_v4().to_string();
        store::customers::insert(tx, &CustomerRecord::identity(&id, &tenant, &name, &domain, &place.code)).await?;
        let partner = self.partner.as_ref().expect("adopting");
        store::customers::ensure_relationship(tx, &partner.id, &id, rec.usage_date).await?;
        self.adopted_customers.push(id.clone());
        self.customers.insert(tenant, id.clone());
        Ok(id)
    }

    /// `MARKET_MISMATCH` when the adopting partner may not sell in the customer's country, named at
    /// the row's `CustomerCountry`.
    fn check_market(&self, row: u64, country: &Country) -> Result<()> {
        let partner = self.partner.as_ref().expect("adopting");
        if market::check(&partner.market, &country.market) == MARKET_MISMATCH {
            return Err(CoreError::rule(
                MARKET_MISMATCH.id,
                format!(
                    "row {row}, column CustomerCountry: {} (market {}) cannot sell to a customer in {} (market {}): {}",
                    partner.name, partner.market, country.name_en, country.market, MARKET_MISMATCH.en
                ),
                format!(
                    "ligne {row}, colonne CustomerCountry : {} (marché {}) ne peut pas vendre à un client en {} (marché {}) : {}",
                    partner.name, partner.market, country.name_fr, country.market, MARKET_MISMATCH.fr
                ),
            ));
        }
        Ok(())
    }

    pub(super) async fn adopt_subscription(
        &mut self,
        tx: &mut WriteTx,
        rec: &ReadRow,
        customer_id: &str,
        key: &str,
    ) -> Result<SubscriptionRef> {
        let id = validate::guid("the subscription ID", "l'ID d'abonnement", &rec.subscription_id)
            .map_err(|e| row_error(rec.row, "SubscriptionId", e.to_string(), e.message_fr()))?;
        let partner = self.partner.as_ref().expect("adopting");
        if store::customers::relationship(tx, &partner.id, customer_id).await?.is_none() {
            // An existing customer the file links to the adopting partner: onboarding's market rule.
            let customer = crate::service::customers::record(tx, customer_id).await?;
            if let Some(place) = store::reference::country(tx, &customer.country).await? {
                self.check_market(rec.row, &place)?;
            }
        }
        let partner = self.partner.as_ref().expect("adopting");
        if store::customers::ensure_relationship(tx, &partner.id, customer_id, rec.usage_date).await?
            && !self.adopted_customers.iter().any(|c| c == customer_id)
        {
            // An existing customer linked to the adopting partner by the file: date it too.
            self.adopted_customers.push(customer_id.to_string());
        }
        let name = (!rec.subscription_name.is_empty()).then_some(rec.subscription_name.as_str());
        let record = SubscriptionRecord {
            id: id.clone(),
            name: name.map(str::to_string),
            customer_id: Some(customer_id.to_string()),
            partner_id: partner.id.clone(),
            billing_partner_id: partner.billing_partner_id.clone(),
            offer: Offer::AzurePlan,
            created_on: rec.usage_date,
            status: SubscriptionStatus::Active,
            cancelled_on: None,
        };
        store::subscriptions::insert_ordered(tx, &record, &access::granted_by_order(&partner.id)).await?;
        let sub = SubscriptionRef {
            customer_id: Some(customer_id.to_string()),
            created_on: rec.usage_date,
            cancelled_on: None,
        };
        self.subscriptions.insert(key.to_string(), sub.clone());
        self.adopted_sub_set.insert(key.to_string());
        self.adopted_subscriptions.push(id);
        Ok(sub)
    }
}
