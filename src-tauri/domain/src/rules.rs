//! The rule IDs of DOMAIN.md with their one-line explanations in English and French. The product
//! shows these whenever it allows or refuses something.

/// A rule of DOMAIN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub en: &'static str,
    pub fr: &'static str,
}

macro_rules! rules {
    ($($name:ident = $id:literal, $en:literal, $fr:literal;)*) => {
        $(pub const $name: Rule = Rule { id: $id, en: $en, fr: $fr };)*
        /// Every rule, for look-ups by ID (the UI shows explanations from here).
        pub const ALL: &[Rule] = &[$($name),*];
    };
}

rules! {
    MARKET_OK = "MARKET_OK",
        "The customer's country is in the partner's market.",
        "Le pays du client est dans le marché du partenaire.";
    MARKET_MISMATCH = "MARKET_MISMATCH",
        "The customer's country is outside the partner's market: the partner may not sell there.",
        "Le pays du client est hors du marché du partenaire : il ne peut pas y vendre.";
    TIER_CANNOT_RESELL = "TIER_CANNOT_RESELL",
        "An indirect provider holds no customers: it bills its resellers, who hold the customers.",
        "Un fournisseur indirect n'a pas de clients : il facture ses revendeurs, qui détiennent les clients.";
    APSS_PARTNER_ONLY = "APSS_PARTNER_ONLY",
        "Azure Partner Shared Services is for the partner's own tenant only, never for a customer.",
        "Azure Partner Shared Services est réservé au tenant du partenaire, jamais à un client.";
    CUSTOMER_REQUIRED = "CUSTOMER_REQUIRED",
        "This offer is sold to a customer, not to the partner's own tenant.",
        "Cette offre se vend à un client, pas au tenant du partenaire.";
    APSS_UNCHANGED = "APSS_UNCHANGED",
        "APSS for the partner's own tenant: phase 1 changed nothing for it.",
        "APSS pour le tenant du partenaire : la phase 1 n'a rien changé.";
    NO_RELATIONSHIP = "NO_RELATIONSHIP",
        "The partner has no reseller relationship with this customer on that date.",
        "Le partenaire n'a pas de relation de revendeur avec ce client à cette date.";
    AZURE_PLAN_OPEN = "AZURE_PLAN_OPEN",
        "The Azure plan is open to every customer of the partner.",
        "Le plan Azure est ouvert à tous les clients du partenaire.";
    LEGACY_BEFORE_PHASE1 = "LEGACY_BEFORE_PHASE1",
        "Before phase 1 (21 July 2021) the previous Azure offer could still be sold.",
        "Avant la phase 1 (21 juillet 2021), l'ancienne offre Azure pouvait encore être vendue.";
    LEGACY_GCC = "LEGACY_GCC",
        "GCC customers keep access to the previous Azure offer.",
        "Les clients GCC gardent l'accès à l'ancienne offre Azure.";
    LEGACY_TRANSITION_EXEMPT = "LEGACY_TRANSITION_EXEMPT",
        "A direct partner that became an indirect reseller keeps its existing customers out of phase 1.",
        "Un partenaire direct devenu revendeur indirect garde ses clients existants hors de la phase 1.";
    LEGACY_NEW_PARTNER = "LEGACY_NEW_PARTNER",
        "Partners enrolled in CSP on or after 21 July 2021 can only sell the Azure plan.",
        "Les partenaires inscrits au CSP à partir du 21 juillet 2021 ne vendent que le plan Azure.";
    LEGACY_NEW_CUSTOMER = "LEGACY_NEW_CUSTOMER",
        "Customers won on or after 21 July 2021 can only buy the Azure plan.",
        "Les clients acquis à partir du 21 juillet 2021 n'achètent que le plan Azure.";
    LEGACY_EXISTING_PAIR = "LEGACY_EXISTING_PAIR",
        "This partner and customer already share an active subscription to the previous offer.",
        "Ce partenaire et ce client partagent déjà un abonnement actif à l'ancienne offre.";
    LEGACY_NO_ACTIVE_LEGACY = "LEGACY_NO_ACTIVE_LEGACY",
        "The previous offer is closed: this pair has no active subscription to it.",
        "L'ancienne offre est fermée : ce couple n'y a aucun abonnement actif.";
    OWNER_RISK_ACK_REQUIRED = "OWNER_RISK_ACK_REQUIRED",
        "An owner can change services and manage users: confirm the risk (Contributor is recommended).",
        "Un propriétaire peut modifier les services et gérer les utilisateurs : confirmez le risque (Contributeur est recommandé).";
    RESELLER_RELATIONSHIP_REQUIRED = "RESELLER_RELATIONSHIP_REQUIRED",
        "The reseller needs a relationship with the customer before its agents get a role.",
        "Le revendeur doit avoir une relation avec le client avant que ses agents reçoivent un rôle.";
    TRANSFER_EXPIRED = "TRANSFER_EXPIRED",
        "A transfer request expires 30 days after it was created.",
        "Une demande de transfert expire 30 jours après sa création.";
    TRANSFER_SAME_PARTNER = "TRANSFER_SAME_PARTNER",
        "A transfer needs two different partners.",
        "Un transfert demande deux partenaires différents.";
    TRANSFER_NOT_OWNED = "TRANSFER_NOT_OWNED",
        "The subscription does not belong to the source partner.",
        "L'abonnement n'appartient pas au partenaire source.";
    TRANSFER_SUBSCRIPTION_CANCELLED = "TRANSFER_SUBSCRIPTION_CANCELLED",
        "A cancelled subscription cannot be transferred.",
        "Un abonnement résilié ne peut pas être transféré.";
    TRANSFER_ALREADY_OPEN = "TRANSFER_ALREADY_OPEN",
        "The subscription is already in another open transfer.",
        "L'abonnement est déjà dans un autre transfert en cours.";
    TRANSFER_KEEP_OFFER = "TRANSFER_KEEP_OFFER",
        "The subscription moves with its offer unchanged.",
        "L'abonnement change de partenaire sans changer d'offre.";
    TRANSFER_KEEP_LEGACY = "TRANSFER_KEEP_LEGACY",
        "The target partner may hold the previous offer for this customer: it stays as it is.",
        "Le partenaire cible peut détenir l'ancienne offre pour ce client : elle reste telle quelle.";
    TRANSFER_CONVERT_TO_AZURE_PLAN = "TRANSFER_CONVERT_TO_AZURE_PLAN",
        "The previous offer is converted into the Azure plan as part of the transfer.",
        "L'ancienne offre est convertie en plan Azure lors du transfert.";
    ESCALATION_NOT_ALLOWED = "ESCALATION_NOT_ALLOWED",
        "Only a direct partner or an indirect provider may open a case with Microsoft.",
        "Seul un partenaire direct ou un fournisseur indirect peut ouvrir un incident chez Microsoft.";
    THIRD_PARTY_NOT_AVAILABLE = "THIRD_PARTY_NOT_AVAILABLE",
        "Third-party paid marketplace products cannot be bought through Azure in CSP.",
        "Les produits payants tiers de la place de marché ne s'achètent pas via Azure dans CSP.";
    LEGACY_ERP = "LEGACY_ERP",
        "Previous Azure offer on or after phase 2 (1 February 2022): the partner pays the retail price, no incentives, no PEC.",
        "Ancienne offre Azure à partir de la phase 2 (1er février 2022) : le partenaire paie le prix public, sans incitations ni PEC.";
    PEC_APPLIED = "PEC_APPLIED",
        "Partner earned credit: the partner held admin rights on the subscription that day, so its cost is the retail price less the PEC rate.",
        "Crédit gagné par le partenaire (PEC) : le partenaire avait des droits d'administration sur l'abonnement ce jour-là, son coût est le prix public moins le taux PEC.";
    INVOICE_MENTIONS_MISSING = "INVOICE_MENTIONS_MISSING",
        "A French issuer's invoice must show every mandatory mention (legal form, capital, SIREN, RCS, VAT number, addresses) before it is issued.",
        "Une facture d'un émetteur français doit porter toutes les mentions obligatoires (forme juridique, capital, SIREN, RCS, n° de TVA, adresses) avant d'être émise.";
    INVOICE_DATE_ORDER = "INVOICE_DATE_ORDER",
        "Invoice numbers follow the dates: an issue date cannot be earlier than the last one of the issuer's series.",
        "Les numéros suivent les dates : une date d'émission ne peut précéder la dernière de la série de l'émetteur.";
    INVOICE_DATE_FUTURE = "INVOICE_DATE_FUTURE",
        "An invoice cannot be issued at a date after today's (the computer's date).",
        "Une facture ne peut être émise à une date postérieure à aujourd'hui (la date de l'ordinateur).";
    INTEGRITY = "INTEGRITY",
        "Issued documents are sealed in a chain: a document whose stored facts or history no longer match its seal, a gap in the numbers or a missing protection of the book is reported.",
        "Les documents émis sont scellés en chaîne : un document dont les données ou l'historique ne correspondent plus à son sceau, un trou dans la numérotation ou une protection absente du livre est signalé.";
    CANCEL_BEFORE_USAGE = "CANCEL_BEFORE_USAGE",
        "Usage is already recorded after this date: it was consumed and must be billed, so the subscription cannot be cancelled before it.",
        "Une consommation est déjà enregistrée après cette date : elle a eu lieu et doit être facturée, l'abonnement ne peut être résilié avant.";
}

/// The rule with this ID, if it is one of DOMAIN.md's.
pub fn by_id(id: &str) -> Option<Rule> {
    ALL.iter().copied().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_both_languages_and_a_unique_id() {
        let mut ids: Vec<_> = ALL.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
        for r in ALL {
            assert!(!r.en.is_empty() && !r.fr.is_empty(), "{}", r.id);
            assert_ne!(r.en, r.fr, "{} is not translated", r.id);
        }
        assert_eq!(by_id("LEGACY_GCC"), Some(LEGACY_GCC));
    }
}
