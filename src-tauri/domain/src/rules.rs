//! Every code a refusal carries, as one enum ([`Code`]): the rule IDs of DOMAIN.md, each with its
//! one-line explanation in English and French (the product shows it whenever it allows or refuses
//! something), and the generic codes. The TypeScript `ErrorCode` union is generated from it.

use std::fmt;

use serde::Serialize;

/// A rule of DOMAIN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: Code,
    pub en: &'static str,
    pub fr: &'static str,
}

/// One list gives the [`Code`] enum (its generic codes, then its rules), each code's stable ID (a
/// rule's ID is the name of its constant), a constant [`Rule`] per rule and [`ALL`].
macro_rules! codes {
    (
        generic { $($(#[doc = $doc:literal])* $generic:ident = $generic_id:literal,)* }
        rules { $($rule:ident = $variant:ident, $en:literal, $fr:literal;)* }
    ) => {
        /// The stable ID of a refusal, which front ends and scripts match on: a rule ID of DOMAIN.md or a
        /// generic code. It travels as its ID (`"MARKET_MISMATCH"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])* $generic,)*
            $($variant,)*
        }

        impl Code {
            /// Every code, generic ones first, then the rules in the order of DOMAIN.md.
            pub const ALL: &'static [Code] = &[$(Self::$generic,)* $(Self::$variant,)*];
            /// The codes that are no rule of DOMAIN.md.
            pub const GENERIC: &'static [Code] = &[$(Self::$generic),*];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$generic => $generic_id,)*
                    $(Self::$variant => stringify!($rule),)*
                }
            }
        }

        $(pub const $rule: Rule = Rule { id: Code::$variant, en: $en, fr: $fr };)*
        /// Every rule, for look-ups by ID (the UI shows explanations from here).
        pub const ALL: &[Rule] = &[$($rule),*];
    };
}

codes! {
    generic {
        /// Input that does not parse or is malformed.
        Validation = "VALIDATION",
        NotFound = "NOT_FOUND",
        /// The request contradicts data already stored (a duplicate, a state that does not allow it).
        Conflict = "CONFLICT",
        /// The book was written by a newer CSP Desk.
        SchemaTooNew = "SCHEMA_TOO_NEW",
        Database = "DATABASE",
        Migration = "MIGRATION",
        Io = "IO",
        /// The window's own, when a call could not reach the program at all (never sent by it).
        Internal = "INTERNAL",
    }
    rules {
        MARKET_OK = MarketOk,
            "The customer's country is in the partner's market.",
            "Le pays du client est dans le marché du partenaire.";
        MARKET_MISMATCH = MarketMismatch,
            "The customer's country is outside the partner's market: the partner may not sell there.",
            "Le pays du client est hors du marché du partenaire : il ne peut pas y vendre.";
        TIER_CANNOT_RESELL = TierCannotResell,
            "An indirect provider holds no customers: it bills its resellers, who hold the customers.",
            "Un fournisseur indirect n'a pas de clients : il facture ses revendeurs, qui détiennent les clients.";
        APSS_PARTNER_ONLY = ApssPartnerOnly,
            "Azure Partner Shared Services is for the partner's own tenant only, never for a customer.",
            "Azure Partner Shared Services est réservé au tenant du partenaire, jamais à un client.";
        CUSTOMER_REQUIRED = CustomerRequired,
            "This offer is sold to a customer, not to the partner's own tenant.",
            "Cette offre se vend à un client, pas au tenant du partenaire.";
        APSS_UNCHANGED = ApssUnchanged,
            "APSS for the partner's own tenant: phase 1 changed nothing for it.",
            "APSS pour le tenant du partenaire : la phase 1 n'a rien changé.";
        NO_RELATIONSHIP = NoRelationship,
            "The partner has no reseller relationship with this customer on that date.",
            "Le partenaire n'a pas de relation de revendeur avec ce client à cette date.";
        AZURE_PLAN_OPEN = AzurePlanOpen,
            "The Azure plan is open to every customer of the partner.",
            "Le plan Azure est ouvert à tous les clients du partenaire.";
        LEGACY_BEFORE_PHASE1 = LegacyBeforePhase1,
            "Before phase 1 (21 July 2021) the previous Azure offer could still be sold.",
            "Avant la phase 1 (21 juillet 2021), l'ancienne offre Azure pouvait encore être vendue.";
        LEGACY_GCC = LegacyGcc,
            "GCC customers keep access to the previous Azure offer.",
            "Les clients GCC gardent l'accès à l'ancienne offre Azure.";
        LEGACY_TRANSITION_EXEMPT = LegacyTransitionExempt,
            "A direct partner that became an indirect reseller keeps its existing customers out of phase 1.",
            "Un partenaire direct devenu revendeur indirect garde ses clients existants hors de la phase 1.";
        LEGACY_NEW_PARTNER = LegacyNewPartner,
            "Partners enrolled in CSP on or after 21 July 2021 can only sell the Azure plan.",
            "Les partenaires inscrits au CSP à partir du 21 juillet 2021 ne vendent que le plan Azure.";
        LEGACY_NEW_CUSTOMER = LegacyNewCustomer,
            "Customers won on or after 21 July 2021 can only buy the Azure plan.",
            "Les clients acquis à partir du 21 juillet 2021 n'achètent que le plan Azure.";
        LEGACY_EXISTING_PAIR = LegacyExistingPair,
            "This partner and customer already share an active subscription to the previous offer.",
            "Ce partenaire et ce client partagent déjà un abonnement actif à l'ancienne offre.";
        LEGACY_NO_ACTIVE_LEGACY = LegacyNoActiveLegacy,
            "The previous offer is closed: this pair has no active subscription to it.",
            "L'ancienne offre est fermée : ce couple n'y a aucun abonnement actif.";
        OWNER_RISK_ACK_REQUIRED = OwnerRiskAckRequired,
            "An owner can change services and manage users: confirm the risk (Contributor is recommended).",
            "Un propriétaire peut modifier les services et gérer les utilisateurs : confirmez le risque (Contributeur est recommandé).";
        RESELLER_RELATIONSHIP_REQUIRED = ResellerRelationshipRequired,
            "The reseller needs a relationship with the customer before its agents get a role.",
            "Le revendeur doit avoir une relation avec le client avant que ses agents reçoivent un rôle.";
        TRANSFER_EXPIRED = TransferExpired,
            "A transfer request expires 30 days after it was created.",
            "Une demande de transfert expire 30 jours après sa création.";
        TRANSFER_SAME_PARTNER = TransferSamePartner,
            "A transfer needs two different partners.",
            "Un transfert demande deux partenaires différents.";
        TRANSFER_NOT_OWNED = TransferNotOwned,
            "The subscription does not belong to the source partner.",
            "L'abonnement n'appartient pas au partenaire source.";
        TRANSFER_SUBSCRIPTION_CANCELLED = TransferSubscriptionCancelled,
            "A cancelled subscription cannot be transferred.",
            "Un abonnement résilié ne peut pas être transféré.";
        TRANSFER_ALREADY_OPEN = TransferAlreadyOpen,
            "The subscription is already in another open transfer.",
            "L'abonnement est déjà dans un autre transfert en cours.";
        TRANSFER_KEEP_OFFER = TransferKeepOffer,
            "The subscription moves with its offer unchanged.",
            "L'abonnement change de partenaire sans changer d'offre.";
        TRANSFER_KEEP_LEGACY = TransferKeepLegacy,
            "The target partner may hold the previous offer for this customer: it stays as it is.",
            "Le partenaire cible peut détenir l'ancienne offre pour ce client : elle reste telle quelle.";
        TRANSFER_CONVERT_TO_AZURE_PLAN = TransferConvertToAzurePlan,
            "The previous offer is converted into the Azure plan as part of the transfer.",
            "L'ancienne offre est convertie en plan Azure lors du transfert.";
        ESCALATION_NOT_ALLOWED = EscalationNotAllowed,
            "Only a direct partner or an indirect provider may open a case with Microsoft.",
            "Seul un partenaire direct ou un fournisseur indirect peut ouvrir un incident chez Microsoft.";
        THIRD_PARTY_NOT_AVAILABLE = ThirdPartyNotAvailable,
            "Third-party paid marketplace products cannot be bought through Azure in CSP.",
            "Les produits payants tiers de la place de marché ne s'achètent pas via Azure dans CSP.";
        LEGACY_ERP = LegacyErp,
            "Previous Azure offer on or after phase 2 (1 February 2022): the partner pays the retail price, no incentives, no PEC.",
            "Ancienne offre Azure à partir de la phase 2 (1er février 2022) : le partenaire paie le prix public, sans incitations ni PEC.";
        PEC_APPLIED = PecApplied,
            "Partner earned credit: the partner held admin rights on the subscription that day, so its cost is the retail price less the PEC rate.",
            "Crédit gagné par le partenaire (PEC) : le partenaire avait des droits d'administration sur l'abonnement ce jour-là, son coût est le prix public moins le taux PEC.";
        INVOICE_MENTIONS_MISSING = InvoiceMentionsMissing,
            "A French issuer's invoice must show every mandatory mention (legal form, capital, SIREN, RCS, VAT number, addresses) before it is issued.",
            "Une facture d'un émetteur français doit porter toutes les mentions obligatoires (forme juridique, capital, SIREN, RCS, n° de TVA, adresses) avant d'être émise.";
        INVOICE_DATE_ORDER = InvoiceDateOrder,
            "Invoice numbers follow the dates: an issue date cannot be earlier than the last one of the issuer's series.",
            "Les numéros suivent les dates : une date d'émission ne peut précéder la dernière de la série de l'émetteur.";
        INVOICE_DATE_FUTURE = InvoiceDateFuture,
            "An invoice cannot be issued at a date after today's (the computer's date).",
            "Une facture ne peut être émise à une date postérieure à aujourd'hui (la date de l'ordinateur).";
        INTEGRITY = Integrity,
            "Issued documents are sealed in a chain: a document whose stored facts or history no longer match its seal, a gap in the numbers or a missing protection of the book is reported.",
            "Les documents émis sont scellés en chaîne : un document dont les données ou l'historique ne correspondent plus à son sceau, un trou dans la numérotation ou une protection absente du livre est signalé.";
        CANCEL_BEFORE_USAGE = CancelBeforeUsage,
            "Usage is already recorded after this date: it was consumed and must be billed, so the subscription cannot be cancelled before it.",
            "Une consommation est déjà enregistrée après cette date : elle a eu lieu et doit être facturée, l'abonnement ne peut être résilié avant.";
        USAGE_WITHDRAWN = UsageWithdrawn,
            "Microsoft's billed file left out usage its unbilled file had: it is not billed, and credited if an issued invoice billed it.",
            "Le fichier facturé de Microsoft omet une utilisation de son fichier non facturé : elle n'est pas facturée, et est créditée si une facture émise l'a facturée.";
        LATE_USAGE = LateUsage,
            "Usage of a month whose invoice is already issued goes on a later month's invoice, in lines that name its month.",
            "L'utilisation d'un mois dont la facture est déjà émise va sur la facture d'un mois suivant, dans des lignes qui nomment son mois.";
        NOT_BILLED = NotBilled,
            "Microsoft billed usage or a charge that no issued invoice bills on.",
            "Microsoft a facturé une utilisation ou une charge qu'aucune facture émise ne refacture.";
        MS_USAGE_MISMATCH = MsUsageMismatch,
            "Microsoft's invoice and its own billed usage differ by more than a cent for a subscription.",
            "La facture de Microsoft et sa propre utilisation facturée diffèrent de plus d'un centime pour un abonnement.";
        PEC_LOST = PecLost,
            "Partner-earned credit was lost: a PEC-eligible meter was used on days the billing partner had no admin rights.",
            "Le crédit partenaire a été perdu : un compteur éligible a été utilisé des jours où le partenaire facturant n'avait pas de droits d'administration.";
        NEGATIVE_MARGIN = NegativeMargin,
            "This line is sold below what Microsoft charges for it.",
            "Cette ligne est vendue en dessous de ce que Microsoft la facture.";
        MONTH_CLOSED = MonthClosed,
            "The month is closed for this issuer: it is sealed, and its late usage goes to the next month.",
            "Le mois est clos pour cet émetteur : il est scellé, et son utilisation tardive va au mois suivant.";
        MONTH_NOT_READY = MonthNotReady,
            "A month closes once its drafts are issued and each difference is gone or acknowledged.",
            "Un mois se clôt une fois ses brouillons émis et chaque écart résolu ou accepté.";
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, id: &&str) -> bool {
        self.as_str() == *id
    }
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

    #[test]
    fn every_code_travels_as_its_unique_id() {
        let ids: std::collections::BTreeSet<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(ids.len(), Code::ALL.len());
        for c in Code::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
            assert_eq!(c.to_string(), c.as_str());
            let is_rule = by_id(c.as_str()).map(|r| r.id) == Some(*c);
            assert_ne!(is_rule, Code::GENERIC.contains(c), "{c}: a code is either a rule or generic");
        }
        assert_eq!(Code::MarketMismatch.as_str(), "MARKET_MISMATCH");
        assert_eq!(Code::SchemaTooNew.as_str(), "SCHEMA_TOO_NEW");
    }

    /// Backquoted capitals of DOMAIN.md that are values, not rule IDs.
    const NOT_RULE_IDS: &[&str] = &[
        "AZURE_PLAN", // an offer's CLI value
        "ERP",        // the estimated retail price
        "AE",         // a VAT category code
        "MON",        // UN/ECE unit codes
        "HUR",
        "C62",
    ];

    /// DOMAIN.md's rules for what is not built yet (none today): no code refuses with them, so they
    /// are no [`Code`] yet.
    const NOT_YET_ENFORCED: &[&str] = &[];

    /// DOMAIN.md writes a rule ID in capitals between backquotes (`MARKET_MISMATCH`): each one it
    /// names is a rule [`Code`] (or listed above), and each rule code is named there.
    #[test]
    fn the_rule_codes_are_the_rule_ids_of_domain_md() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/DOMAIN.md");
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("DOMAIN.md is read beside the project's folder, at {path}: {e}"));
        let looks_like_id = |t: &str| {
            t.len() > 1
                && t.starts_with(|c: char| c.is_ascii_uppercase())
                && t.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        };
        let named: std::collections::BTreeSet<&str> =
            text.split('`').skip(1).step_by(2).filter(|t| looks_like_id(t)).collect();
        for listed in NOT_RULE_IDS.iter().chain(NOT_YET_ENFORCED) {
            assert!(named.contains(listed), "{listed} is no longer in DOMAIN.md: take it off this test's lists");
        }
        for id in &named {
            let code = Code::ALL.iter().find(|c| c.as_str() == *id);
            if NOT_RULE_IDS.contains(id) || code.is_some_and(|c| Code::GENERIC.contains(c)) {
                continue;
            }
            if NOT_YET_ENFORCED.contains(id) {
                assert!(code.is_none(), "{id} is a code now: take it off NOT_YET_ENFORCED");
                continue;
            }
            assert!(code.is_some(), "DOMAIN.md names the rule {id}, which is no Code: add it to rules.rs");
        }
        for r in ALL {
            assert!(named.contains(r.id.as_str()), "{} is no rule ID of DOMAIN.md", r.id);
        }
    }
}
