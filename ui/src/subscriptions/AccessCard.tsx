// Who holds which Azure role on a subscription, with grant and revoke. Making the customer an
// owner shows the risk and needs an explicit confirmation; Contributor is offered instead.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Partner } from "../bindings/Partner";
import type { Role } from "../bindings/Role";
import type { RoleAssignment } from "../bindings/RoleAssignment";
import type { Subscription } from "../bindings/Subscription";
import { DateConfirmDialog } from "../components/DateConfirmDialog";
import { DateInput } from "../components/DateInput";
import { CancelThen, Dialog } from "../components/Dialog";
import { ErrorNote, RuleBadge } from "../components/ErrorNote";
import { Checkbox, Field } from "../components/Field";
import { AlertIcon } from "../components/icons";
import { formatDate } from "../format";
import { useAction } from "../state/action";
import { useBook } from "../state/book";
import { principalLabel } from "./labels";

const ROLES: Role[] = ["contributor", "reader", "owner"];
const OWNER_RISK = "OWNER_RISK_ACK_REQUIRED";

interface Props {
  subscription: Subscription;
  partners: Partner[];
  /** What the last grant or revoke did. */
  notice: string | null;
  /** After a grant or a revoke: the message to show, and the page reloads the subscription. */
  onChanged: (notice: string) => void;
}

export function AccessCard({ subscription: s, partners, notice, onChanged }: Props) {
  const { t } = useTranslation();
  const { info, lang } = useBook();
  const byId = new Map(partners.map((p) => [p.id, p]));
  const who = (principal: string) => principalLabel(principal, s, byId, t);

  const [principal, setPrincipal] = useState(s.customer_id ? "customer" : `partner:${s.partner_id}`);
  const [role, setRole] = useState<Role>("contributor");
  const [scope, setScope] = useState("");
  const [on, setOn] = useState(info.write_today);
  const { error, busy, run } = useAction();
  const [missingOn, setMissingOn] = useState(false);
  const [ownerRisk, setOwnerRisk] = useState(false);
  const [revoking, setRevoking] = useState<RoleAssignment | null>(null);
  const customerOwner = principal === "customer" && role === "owner";

  const grant = async (asRole: Role, acknowledge: boolean) => {
    const done = await run(
      () => api.roleGrant({ subscription_id: s.id, principal, role: asRole, on, scope: scope.trim() || null, acknowledge_owner_risk: acknowledge }),
      // The command asks for the acknowledgement: show the risk rather than a bare refusal.
      (refusal) => {
        setOwnerRisk(refusal.code === OWNER_RISK);
        return refusal.code === OWNER_RISK;
      },
    );
    if (!done.ok) return;
    const a = done.value;
    setOwnerRisk(false);
    setRole("contributor");
    setScope("");
    onChanged(t("subscription.granted", { role: t(`roles.${a.role}`), who: who(a.principal), date: formatDate(a.since, lang) }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissingOn(!on);
    if (!on) return;
    if (customerOwner) setOwnerRisk(true);
    else void grant(role, false);
  };

  const resellers = partners.filter((p) => p.tier === "indirect-reseller");
  const sorted = [...s.roles].sort((a, b) => a.since.localeCompare(b.since));

  return (
    <section className="card" data-testid="access-card">
      <h2 className="card-title">{t("subscription.access")}</h2>
      <p className="muted">{t("subscription.accessLead")}</p>
      {notice && (
        <p className="note note-ok" role="status" data-testid="access-notice">
          {notice}
        </p>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="roles-table">
          <thead>
            <tr>
              <th>{t("subscription.who")}</th>
              <th>{t("subscription.role")}</th>
              <th>{t("subscription.scope")}</th>
              <th>{t("subscription.since")}</th>
              <th aria-label={t("subscription.revoke")} />
            </tr>
          </thead>
          <tbody>
            {sorted.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  {t("subscription.noRoles")}
                </td>
              </tr>
            )}
            {sorted.map((a) => (
              <tr key={`${a.principal}-${a.role}-${a.scope ?? ""}`} data-testid="role-row" data-principal={a.principal} data-role={a.role}>
                <td className="strong">{who(a.principal)}</td>
                <td>
                  {t(`roles.${a.role}`)}
                  {a.owner_risk_acknowledged && <span className="tag tag-warn tag-inline">{t("subscription.riskAcknowledged")}</span>}
                </td>
                <td>{a.scope ? t("subscription.resourceGroup", { rg: a.scope }) : t("subscription.wholeSubscription")}</td>
                <td>
                  {formatDate(a.since, lang)}
                  {a.since > info.today && (
                    <span className="tag tag-warn tag-inline" title={t("subscription.notAsOf", { date: formatDate(info.today, lang) })}>
                      {t("subscriptions.later")}
                    </span>
                  )}
                </td>
                <td className="cell-actions">
                  <button type="button" className="link" onClick={() => setRevoking(a)} data-testid="role-revoke">
                    {t("subscription.revoke")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3 className="subtitle">{t("subscription.grant")}</h3>
      {!s.can_grant ? (
        <p className="muted">{t("subscription.grantCancelled")}</p>
      ) : (
        <form onSubmit={submit} noValidate className="form" data-testid="grant-form">
          <div className="grant-grid">
            <Field label={t("subscription.grantWho")}>
              <select value={principal} onChange={(e) => setPrincipal(e.target.value)} data-testid="grant-principal">
                {s.customer_id && (
                  <optgroup label={t("subscription.groupCustomer")}>
                    <option value="customer">{who("customer")}</option>
                  </optgroup>
                )}
                <optgroup label={t("subscription.groupPartners")}>
                  {partners.map((p) => (
                    <option key={p.id} value={`partner:${p.id}`}>
                      {who(`partner:${p.id}`)}
                    </option>
                  ))}
                </optgroup>
                {s.customer_id && resellers.length > 0 && (
                  <optgroup label={t("subscription.groupResellers")}>
                    {resellers.map((p) => (
                      <option key={p.id} value={`reseller:${p.id}`}>
                        {who(`reseller:${p.id}`)}
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            </Field>
            <Field label={t("subscription.role")}>
              <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="grant-role">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r === "contributor" && principal === "customer" ? t("subscription.recommended", { role: t(`roles.${r}`) }) : t(`roles.${r}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("subscription.scope")} optional={t("common.optional")}>
              <input value={scope} onChange={(e) => setScope(e.target.value)} placeholder={t("subscription.scopePlaceholder")} spellCheck={false} data-testid="grant-scope" />
            </Field>
            <Field label={t("subscription.grantOn")} error={missingOn ? t("common.required") : null}>
              <DateInput value={on} onChange={setOn} data-testid="grant-on" />
            </Field>
            <div className="field-align-end">
              <button type="submit" className="btn" disabled={busy} data-testid="grant-submit">
                {t("subscription.grantSubmit")}
              </button>
            </div>
          </div>
          {customerOwner && (
            <div className="note note-warn" role="status" data-testid="owner-risk-hint">
              <AlertIcon />
              <div>
                <p>{t("subscription.ownerRiskHint")}</p>
              </div>
            </div>
          )}
          {error && <ErrorNote error={error} testid="grant-error" />}
        </form>
      )}

      {ownerRisk && (
        <OwnerRiskDialog
          customer={s.customer_name ?? ""}
          busy={busy}
          onCancel={() => setOwnerRisk(false)}
          onContributor={() => {
            setRole("contributor");
            void grant("contributor", false);
          }}
          onOwner={() => void grant("owner", true)}
        />
      )}
      {revoking && (
        <RevokeDialog
          assignment={revoking}
          who={who(revoking.principal)}
          onCancel={() => setRevoking(null)}
          onDone={(a) => {
            setRevoking(null);
            onChanged(t("subscription.revoked", { role: t(`roles.${a.role}`), who: who(a.principal), date: formatDate(a.until, lang) }));
          }}
        />
      )}
    </section>
  );
}

function OwnerRiskDialog({
  customer,
  busy,
  onCancel,
  onContributor,
  onOwner,
}: {
  customer: string;
  busy: boolean;
  onCancel: () => void;
  onContributor: () => void;
  onOwner: () => void;
}) {
  const { t } = useTranslation();
  const { rules, lang } = useBook();
  const [acknowledged, setAcknowledged] = useState(false);
  const rule = rules.find((r) => r.id === OWNER_RISK);
  return (
    <Dialog
      title={t("subscription.ownerRiskTitle", { customer })}
      onCancel={onCancel}
      testid="owner-risk-dialog"
      actions={
        <CancelThen onCancel={onCancel}>
          <button type="button" className="btn btn-warn" onClick={onOwner} disabled={!acknowledged || busy} data-testid="owner-risk-confirm">
            {t("subscription.ownerRiskConfirm")}
          </button>
          <button type="button" className="btn btn-primary" onClick={onContributor} disabled={busy} data-testid="owner-risk-contributor" data-autofocus>
            {t("subscription.ownerRiskContributor")}
          </button>
        </CancelThen>
      }
    >
      <div className="note note-warn" data-testid="owner-risk-text">
        <AlertIcon />
        <div>
          <p className="strong">{rule ? (lang === "fr" ? rule.fr : rule.en) : t("subscription.ownerRiskRule")}</p>
          <p>{t("subscription.ownerRiskText")}</p>
          <RuleBadge code={OWNER_RISK} />
        </div>
      </div>
      <p className="dialog-lead">{t("subscription.ownerRiskSuggest")}</p>
      <Checkbox label={t("subscription.ownerRiskAck", { customer })} checked={acknowledged} onChange={setAcknowledged} testid="owner-risk-ack" />
    </Dialog>
  );
}

function RevokeDialog({ assignment: a, who, onCancel, onDone }: { assignment: RoleAssignment; who: string; onCancel: () => void; onDone: (a: RoleAssignment) => void }) {
  const { t } = useTranslation();
  return (
    <DateConfirmDialog
      title={t("subscription.revokeTitle", { role: t(`roles.${a.role}`), who })}
      lead={<p className="dialog-lead">{t("subscription.revokeText")}</p>}
      dateLabel={t("subscription.revokeOn")}
      dateHint={t("subscription.onHint")}
      confirmLabel={t("subscription.revokeConfirm")}
      warn
      testid="revoke"
      command={(on) => api.roleRevoke({ subscription_id: a.subscription_id, principal: a.principal, role: a.role, on, scope: a.scope })}
      onCancel={onCancel}
      onDone={onDone}
    >
      {a.principal.startsWith("partner:") && a.role !== "reader" && <p className="note">{t("subscription.revokePec")}</p>}
    </DateConfirmDialog>
  );
}
