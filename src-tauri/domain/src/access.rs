//! Access: Azure RBAC roles at subscription scope (DOMAIN.md "Access").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rules::{Rule, OWNER_RISK_ACK_REQUIRED};
use crate::CoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Contributor,
    Reader,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Contributor, Role::Reader];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Contributor => "contributor",
            Role::Reader => "reader",
        }
    }

    pub fn parse(value: &str) -> Result<Self, CoreError> {
        match value.trim().to_ascii_lowercase().as_str() {
            "owner" => Ok(Role::Owner),
            "contributor" => Ok(Role::Contributor),
            "reader" => Ok(Role::Reader),
            _ => Err(CoreError::validation(
                format!("'{value}' is not a role (owner, contributor, reader)"),
                format!("« {value} » n'est pas un rôle (owner, contributor, reader)"),
            )),
        }
    }

    /// Owner and contributor can manage the subscription's resources: "admin rights" (PEC).
    pub fn is_admin(self) -> bool {
        self != Role::Reader
    }
}

/// Who holds a role: the customer, a partner's admin agents, or a reseller's admin-agents group
/// (2-tier). Stored and shown as `customer`, `partner:ID`, `reseller:ID`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Principal {
    Customer,
    Partner(String),
    Reseller(String),
}

impl Principal {
    pub fn parse(value: &str) -> Result<Self, CoreError> {
        let v = value.trim();
        let bad = || {
            CoreError::validation(
                format!("'{value}' is not a principal (customer, partner:ID or reseller:ID)"),
                format!("« {value} » n'est pas un principal (customer, partner:ID ou reseller:ID)"),
            )
        };
        if v.eq_ignore_ascii_case("customer") {
            return Ok(Principal::Customer);
        }
        let (kind, id) = v.split_once(':').ok_or_else(bad)?;
        let id = id.trim();
        if id.is_empty() {
            return Err(bad());
        }
        match kind.trim().to_ascii_lowercase().as_str() {
            "partner" => Ok(Principal::Partner(id.to_string())),
            "reseller" => Ok(Principal::Reseller(id.to_string())),
            _ => Err(bad()),
        }
    }

    pub fn partner(id: &str) -> Self {
        Principal::Partner(id.to_string())
    }
}

impl std::fmt::Display for Principal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Principal::Customer => f.write_str("customer"),
            Principal::Partner(id) => write!(f, "partner:{id}"),
            Principal::Reseller(id) => write!(f, "reseller:{id}"),
        }
    }
}

/// One role assignment, with its dated history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RoleAssignment {
    pub subscription_id: String,
    /// `customer`, `partner:ID` or `reseller:ID`.
    pub principal: String,
    pub role: Role,
    /// None: the whole subscription; otherwise a resource group inside it.
    pub scope: Option<String>,
    /// Granted on.
    pub since: NaiveDate,
    /// Revoked on (None while it stands).
    pub until: Option<NaiveDate>,
    pub owner_risk_acknowledged: bool,
}

impl RoleAssignment {
    /// Granted on or before `d` and not revoked on or before `d`.
    pub fn is_active_on(&self, d: NaiveDate) -> bool {
        self.since <= d && self.until.is_none_or(|u| u > d)
    }
}

/// Whether an assignment to `principal` (as stored: `partner:ID`, `reseller:ID`, `customer`) is
/// one of `partner_id`'s own: its admin agents (`partner:ID`) or, for a reseller, its admin-agents
/// group (`reseller:ID`, DOMAIN.md "Access"). A provider holds rights through `partner:<provider>`
/// only, never through its reseller's principals; the customer's roles are nobody's admin rights.
pub fn is_partners_principal(principal: &str, partner_id: &str) -> bool {
    principal
        .strip_prefix("partner:")
        .or_else(|| principal.strip_prefix("reseller:"))
        .is_some_and(|id| id == partner_id)
}

/// Whether holding `role` at `scope` (`None`: the whole subscription) is an admin right for PEC:
/// owner or contributor of the whole subscription (DOMAIN.md "Access"); a resource group's role is not.
pub fn is_admin_right(role: Role, scope: Option<&str>) -> bool {
    role.is_admin() && scope.is_none()
}

/// The roles that are admin rights when held on the whole subscription ([`is_admin_right`]): what a
/// reader of the book filters assignments by before it looks at principals and dates.
pub fn admin_roles() -> impl Iterator<Item = Role> {
    Role::ALL.into_iter().filter(|r| is_admin_right(*r, None))
}

/// Does `partner_id` hold admin rights ([`is_admin_right`]) on `d`, through its own principal
/// ([`is_partners_principal`])? PEC depends on this.
pub fn holds_admin_rights(assignments: &[RoleAssignment], partner_id: &str, d: NaiveDate) -> bool {
    assignments.iter().any(|a| {
        is_partners_principal(&a.principal, partner_id)
            && is_admin_right(a.role, a.scope.as_deref())
            && a.is_active_on(d)
    })
}

/// The roles an order grants on the new subscription, at subscription scope from the order date:
/// its partner of record becomes `owner` (through its admin agents); the customer gets nothing.
/// Ordering and adopting a subscription Partner Center reports both write this.
pub fn granted_by_order(partner_of_record: &str) -> Vec<(Principal, Role)> {
    vec![(Principal::partner(partner_of_record), Role::Owner)]
}

/// Making the customer an owner needs the user's explicit acknowledgement of the risk.
pub fn check_owner_risk(principal: &Principal, role: Role, acknowledged: bool) -> Result<(), Rule> {
    if *principal == Principal::Customer && role == Role::Owner && !acknowledged {
        return Err(OWNER_RISK_ACK_REQUIRED);
    }
    Ok(())
}

/// A resource-group scope: Azure's naming rules (1–90 letters, digits, `_ ( ) - .`, not ending
/// with a period). Blank means the whole subscription.
pub fn scope(value: Option<&str>) -> Result<Option<String>, CoreError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let ok = v.chars().count() <= 90
        && !v.ends_with('.')
        && v.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '(' | ')' | '-' | '.'));
    if !ok {
        return Err(CoreError::validation(
            format!("'{v}' is not a resource group name (up to 90 letters, digits, _ ( ) - . ; not ending with .)"),
            format!(
                "« {v} » n'est pas un nom de groupe de ressources (90 lettres, chiffres, _ ( ) - . au plus ; sans . final)"
            ),
        ));
    }
    Ok(Some(v.to_string()))
}

/// What a user gives to grant a role.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RoleGrant {
    pub subscription_id: String,
    /// `customer`, `partner:ID` or `reseller:ID`.
    pub principal: String,
    pub role: Role,
    pub on: NaiveDate,
    /// A resource group; None for the whole subscription.
    #[serde(default)]
    pub scope: Option<String>,
    /// Required to make the customer an owner (`OWNER_RISK_ACK_REQUIRED`).
    #[serde(default)]
    pub acknowledge_owner_risk: bool,
}

/// Which active assignment to revoke, and when.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RoleRevoke {
    pub subscription_id: String,
    pub principal: String,
    pub role: Role,
    pub on: NaiveDate,
    #[serde(default)]
    pub scope: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn assignment(
        principal: &str,
        role: Role,
        scope: Option<&str>,
        since: &str,
        until: Option<&str>,
    ) -> RoleAssignment {
        RoleAssignment {
            subscription_id: "s".into(),
            principal: principal.into(),
            role,
            scope: scope.map(str::to_string),
            since: d(since),
            until: until.map(d),
            owner_risk_acknowledged: false,
        }
    }

    #[test]
    fn principals_parse_and_print_back() {
        for s in ["customer", "partner:abc", "reseller:r-1"] {
            assert_eq!(Principal::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Principal::parse(" Partner:abc ").unwrap(), Principal::Partner("abc".into()));
        for bad in ["", "partner:", "tenant:x", "admin"] {
            assert_eq!(Principal::parse(bad).unwrap_err().code(), "VALIDATION", "{bad:?}");
        }
        assert_eq!(Role::parse("Contributor").unwrap(), Role::Contributor);
        assert_eq!(Role::parse("admin").unwrap_err().code(), "VALIDATION");
    }

    #[test]
    fn admin_rights_need_owner_or_contributor_at_subscription_scope_on_that_date() {
        let a = [
            assignment("partner:P", Role::Owner, None, "2021-01-01", Some("2021-06-01")),
            assignment("partner:Q", Role::Reader, None, "2021-01-01", None),
            assignment("partner:R", Role::Contributor, Some("rg-web"), "2021-01-01", None),
            assignment("reseller:G", Role::Owner, None, "2021-04-01", Some("2021-09-01")),
            assignment("reseller:Q", Role::Reader, None, "2021-01-01", None),
            assignment("partner:S", Role::Contributor, None, "2021-03-01", None),
            assignment("customer", Role::Owner, None, "2021-01-01", None),
        ];
        assert!(holds_admin_rights(&a, "P", d("2021-05-31")));
        assert!(!holds_admin_rights(&a, "P", d("2021-06-01")), "revoked on that day");
        assert!(!holds_admin_rights(&a, "P", d("2020-12-31")), "not yet granted");
        // A reseller's admin-agents group is that reseller's admin rights, dated like any role.
        assert!(holds_admin_rights(&a, "G", d("2021-04-01")));
        assert!(!holds_admin_rights(&a, "G", d("2021-09-01")));
        assert!(!holds_admin_rights(&a, "customer", d("2021-05-01")), "the customer's role is no partner's");
        assert!(!holds_admin_rights(&a, "Q", d("2021-05-01")), "reader is not admin");
        assert!(!holds_admin_rights(&a, "R", d("2021-05-01")), "a resource group is not the subscription");
        assert!(!holds_admin_rights(&a, "S", d("2021-02-28")));
        assert!(holds_admin_rights(&a, "S", d("2021-03-01")));
    }

    #[test]
    fn only_a_customer_owner_needs_the_acknowledgement() {
        assert_eq!(check_owner_risk(&Principal::Customer, Role::Owner, false), Err(OWNER_RISK_ACK_REQUIRED));
        assert_eq!(check_owner_risk(&Principal::Customer, Role::Owner, true), Ok(()));
        assert_eq!(check_owner_risk(&Principal::Customer, Role::Contributor, false), Ok(()));
        assert_eq!(check_owner_risk(&Principal::partner("P"), Role::Owner, false), Ok(()));
    }

    #[test]
    fn resource_group_names_follow_azure_rules() {
        assert_eq!(scope(Some("  ")).unwrap(), None);
        assert_eq!(scope(Some("rg-web_01(prod)")).unwrap().as_deref(), Some("rg-web_01(prod)"));
        assert!(scope(Some("rg.")).is_err());
        assert!(scope(Some("rg web")).is_err());
        assert!(scope(Some(&"r".repeat(91))).is_err());
    }

    #[test]
    fn an_admin_right_is_owner_or_contributor_of_the_whole_subscription() {
        assert!(is_admin_right(Role::Owner, None));
        assert!(is_admin_right(Role::Contributor, None));
        assert!(!is_admin_right(Role::Reader, None));
        assert!(!is_admin_right(Role::Owner, Some("rg-web")));
        assert!(!is_admin_right(Role::Contributor, Some("rg-web")));
        assert_eq!(admin_roles().collect::<Vec<_>>(), [Role::Owner, Role::Contributor]);
    }

    #[test]
    fn an_order_makes_its_partner_of_record_owner_and_grants_the_customer_nothing() {
        let grants = granted_by_order("p1");
        assert_eq!(grants, [(Principal::Partner("p1".into()), Role::Owner)]);
        // What the order grants is an admin right of the partner of record from the order date.
        let written: Vec<RoleAssignment> =
            grants.iter().map(|(p, r)| assignment(&p.to_string(), *r, None, "2021-10-01", None)).collect();
        assert!(holds_admin_rights(&written, "p1", d("2021-10-01")));
        assert!(!holds_admin_rights(&written, "p1", d("2021-09-30")));
        assert!(!written.iter().any(|a| a.principal == "customer"));
    }
}
