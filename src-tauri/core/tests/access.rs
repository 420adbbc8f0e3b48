//! Access: roles at subscription scope with dated history, and "admin rights on date D" (PEC).

use crate::subs_book;

use csp_core::domain::access::{Role, RoleGrant, RoleRevoke};
use csp_core::domain::offer::Offer;
use csp_core::service::{access, subscriptions};
use subs_book::{d, Book};

fn grant(sub: &str, principal: &str, role: Role, on: &str) -> RoleGrant {
    RoleGrant {
        subscription_id: sub.into(),
        principal: principal.into(),
        role,
        on: d(on),
        scope: None,
        acknowledge_owner_risk: false,
    }
}

fn revoke(sub: &str, principal: &str, role: Role, on: &str) -> RoleRevoke {
    RoleRevoke { subscription_id: sub.into(), principal: principal.into(), role, on: d(on), scope: None }
}

async fn admin(book: &Book, sub: &str, partner: &str, on: &str) -> bool {
    let mut conn = book.ctx.pool.acquire().await.unwrap();
    access::has_admin_rights(&mut conn, sub, partner, d(on)).await.unwrap()
}

/// A direct partner, its customer, and an Azure plan subscription ordered on 2021-09-01.
async fn ordered() -> (Book, String, String, String) {
    let book = Book::new().await;
    let p = book.direct("Contoso", "2018-05-14").await;
    let c = book.customer(&p, "fabrikam", "DE", "2019-02-01", false).await;
    let s = book.order(&p, Some(&c), Offer::AzurePlan, "2021-09-01").await.unwrap();
    (book, p, c, s.id)
}

#[tokio::test]
async fn on_creation_the_partner_is_owner_and_the_customer_has_nothing() {
    let (book, p, _c, s) = ordered().await;
    let shown = subscriptions::show(&book.ctx, &s).await.unwrap();
    let roles: Vec<_> = shown.roles.iter().map(|r| (r.principal.clone(), r.role)).collect();
    assert_eq!(roles, [(format!("partner:{p}"), Role::Owner)]);
    assert!(admin(&book, &s, &p, "2021-09-01").await);
    assert!(!admin(&book, &s, &p, "2021-08-31").await, "not before the order date");
}

#[tokio::test]
async fn making_the_customer_owner_needs_the_acknowledgement() {
    let (book, _p, _c, s) = ordered().await;
    let before = book.written().await;
    let err = access::grant(&book.ctx, grant(&s, "customer", Role::Owner, "2021-09-02")).await.unwrap_err();
    assert_eq!(err.code(), "OWNER_RISK_ACK_REQUIRED");
    assert!(err.to_string().contains("Contributor is recommended"), "{err}");
    assert_eq!(book.written().await, before, "nothing written");

    let contributor = access::grant(&book.ctx, grant(&s, "customer", Role::Contributor, "2021-09-02")).await.unwrap();
    assert_eq!((contributor.principal.as_str(), contributor.role), ("customer", Role::Contributor));
    let owner = access::grant(
        &book.ctx,
        RoleGrant { acknowledge_owner_risk: true, ..grant(&s, "customer", Role::Owner, "2021-09-03") },
    )
    .await
    .unwrap();
    assert!(owner.owner_risk_acknowledged);
    assert_eq!(owner.since, d("2021-09-03"));
    assert_eq!(subscriptions::show(&book.ctx, &s).await.unwrap().roles.len(), 3);
}

#[tokio::test]
async fn the_same_standing_assignment_twice_is_a_conflict_but_another_scope_is_not() {
    let (book, _p, _c, s) = ordered().await;
    let in_rg = |rg: &str| RoleGrant { scope: Some(rg.into()), ..grant(&s, "customer", Role::Reader, "2021-09-02") };
    access::grant(&book.ctx, grant(&s, "customer", Role::Reader, "2021-09-02")).await.unwrap();
    let scoped = access::grant(&book.ctx, in_rg("rg-web")).await.unwrap();
    assert_eq!(scoped.scope.as_deref(), Some("rg-web"));
    let before = book.written().await;
    assert_eq!(
        access::grant(&book.ctx, grant(&s, "customer", Role::Reader, "2021-10-01")).await.unwrap_err().code(),
        "CONFLICT"
    );
    // Resource-group names are not case-sensitive in Azure.
    assert_eq!(access::grant(&book.ctx, in_rg("RG-Web")).await.unwrap_err().code(), "CONFLICT");
    assert_eq!(access::grant(&book.ctx, in_rg("rg web")).await.unwrap_err().code(), "VALIDATION");
    assert_eq!(book.written().await, before);
}

#[tokio::test]
async fn revoking_dates_the_assignment_and_keeps_it_in_the_history() {
    let (book, _p, _c, s) = ordered().await;
    access::grant(&book.ctx, grant(&s, "customer", Role::Contributor, "2021-09-10")).await.unwrap();
    assert_eq!(
        access::revoke(&book.ctx, revoke(&s, "customer", Role::Contributor, "2021-09-09")).await.unwrap_err().code(),
        "VALIDATION",
        "not before it was granted"
    );
    let revoked = access::revoke(&book.ctx, revoke(&s, "customer", Role::Contributor, "2021-10-01")).await.unwrap();
    assert_eq!(revoked.until, Some(d("2021-10-01")));
    assert_eq!(
        access::revoke(&book.ctx, revoke(&s, "customer", Role::Contributor, "2021-10-02")).await.unwrap_err().code(),
        "NOT_FOUND"
    );
    assert_eq!(
        access::revoke(&book.ctx, revoke(&s, "customer", Role::Reader, "2021-10-02")).await.unwrap_err().code(),
        "NOT_FOUND"
    );
    // Granted again later: a second dated row.
    access::grant(&book.ctx, grant(&s, "customer", Role::Contributor, "2021-11-01")).await.unwrap();
    let shown = subscriptions::show(&book.ctx, &s).await.unwrap();
    let customer_history: Vec<_> = shown
        .role_history
        .iter()
        .filter(|r| r.principal == "customer")
        .map(|r| (r.since.to_string(), r.until.map(|u| u.to_string())))
        .collect();
    assert_eq!(
        customer_history,
        [("2021-09-10".to_string(), Some("2021-10-01".to_string())), ("2021-11-01".to_string(), None)]
    );
    assert_eq!(shown.roles.iter().filter(|r| r.principal == "customer").count(), 1);
}

#[tokio::test]
async fn a_resellers_admin_agents_need_the_resellers_relationship_with_the_customer() {
    let (book, p, c, s) = ordered().await;
    let v = book.provider("Distri").await;
    let r = book.reseller("Adatum", "2019-01-07", &[&v]).await;
    let group = format!("reseller:{r}");
    let before = book.written().await;
    let err = access::grant(&book.ctx, grant(&s, &group, Role::Contributor, "2021-09-10")).await.unwrap_err();
    assert_eq!(err.code(), "RESELLER_RELATIONSHIP_REQUIRED");
    book.link(&c, &r, "2021-09-15").await;
    let too_early = access::grant(&book.ctx, grant(&s, &group, Role::Contributor, "2021-09-14")).await.unwrap_err();
    assert_eq!(too_early.code(), "RESELLER_RELATIONSHIP_REQUIRED");
    assert_eq!(book.written().await, before);
    let ok = access::grant(&book.ctx, grant(&s, &group, Role::Contributor, "2021-09-15")).await.unwrap();
    assert_eq!(ok.principal, group);

    // Only an indirect reseller has an admin-agents group; unknown IDs are not found.
    let not_reseller = access::grant(&book.ctx, grant(&s, &format!("reseller:{p}"), Role::Reader, "2021-09-15")).await;
    assert_eq!(not_reseller.unwrap_err().code(), "VALIDATION");
    let unknown = access::grant(&book.ctx, grant(&s, "reseller:nobody", Role::Reader, "2021-09-15")).await;
    assert_eq!(unknown.unwrap_err().code(), "NOT_FOUND");
    let bad = access::grant(&book.ctx, grant(&s, "tenant:42", Role::Reader, "2021-09-15")).await;
    assert_eq!(bad.unwrap_err().code(), "VALIDATION");
}

#[tokio::test]
async fn admin_rights_are_owner_or_contributor_at_subscription_scope_through_the_partners_own_principal() {
    let book = Book::new().await;
    let v = book.provider("Distri").await;
    let r = book.reseller("Adatum", "2019-01-07", &[&v]).await;
    let c = book.customer(&r, "fabrikam", "DE", "2019-02-01", false).await;
    let s = book.order(&r, Some(&c), Offer::AzurePlan, "2021-09-01").await.unwrap().id;

    assert!(admin(&book, &s, &r, "2021-09-01").await, "the reseller of record is owner");
    assert!(!admin(&book, &s, &v, "2021-09-01").await, "the billing provider holds nothing by itself");
    // The reseller's admin-agents group is not the provider's principal.
    access::grant(&book.ctx, grant(&s, &format!("reseller:{r}"), Role::Owner, "2021-09-02")).await.unwrap();
    assert!(!admin(&book, &s, &v, "2021-09-02").await);
    // Reader, or contributor on a resource group only, is not admin.
    access::grant(&book.ctx, grant(&s, &format!("partner:{v}"), Role::Reader, "2021-09-03")).await.unwrap();
    let rg = RoleGrant {
        scope: Some("rg-data".into()),
        ..grant(&s, &format!("partner:{v}"), Role::Contributor, "2021-09-03")
    };
    access::grant(&book.ctx, rg).await.unwrap();
    assert!(!admin(&book, &s, &v, "2021-09-03").await);
    access::grant(&book.ctx, grant(&s, &format!("partner:{v}"), Role::Contributor, "2021-09-04")).await.unwrap();
    assert!(admin(&book, &s, &v, "2021-09-04").await);
    assert!(!admin(&book, &s, &v, "2021-09-03").await, "dated: not the day before");

    access::revoke(&book.ctx, revoke(&s, &format!("partner:{r}"), Role::Owner, "2021-10-01")).await.unwrap();
    assert!(admin(&book, &s, &r, "2021-09-30").await);
    // The reseller's admin-agents group is the reseller's own: its rights stand through it.
    assert!(admin(&book, &s, &r, "2021-10-01").await, "still owner through reseller:{r}");
    access::revoke(&book.ctx, revoke(&s, &format!("reseller:{r}"), Role::Owner, "2021-10-05")).await.unwrap();
    assert!(admin(&book, &s, &r, "2021-10-04").await);
    assert!(!admin(&book, &s, &r, "2021-10-05").await, "revoked on that day");
}

#[tokio::test]
async fn roles_are_granted_only_while_the_subscription_lives_and_apss_has_no_customer() {
    let (book, p, _c, s) = ordered().await;
    let early = access::grant(&book.ctx, grant(&s, "customer", Role::Reader, "2021-08-31")).await.unwrap_err();
    assert_eq!(early.code(), "VALIDATION");
    subscriptions::cancel(&book.ctx, &s, d("2021-12-01")).await.unwrap();
    assert!(access::grant(&book.ctx, grant(&s, "customer", Role::Reader, "2021-11-30")).await.is_ok());
    let late = access::grant(&book.ctx, grant(&s, "customer", Role::Contributor, "2021-12-01")).await.unwrap_err();
    assert_eq!(late.code(), "CONFLICT");

    let apss = book.order(&p, None, Offer::Apss, "2021-09-01").await.unwrap().id;
    let none = access::grant(&book.ctx, grant(&apss, "customer", Role::Reader, "2021-09-02")).await.unwrap_err();
    assert_eq!(none.code(), "VALIDATION");
    assert_eq!(
        access::grant(&book.ctx, grant("no-such-subscription", "customer", Role::Reader, "2021-09-02"))
            .await
            .unwrap_err()
            .code(),
        "NOT_FOUND"
    );
}
