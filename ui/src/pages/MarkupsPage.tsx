// Selling-price rules of the office: a percent over the retail price (ERP), the most specific rule
// winning (customer and meter category, then customer, then reseller, then the default). Set a
// rule, preview the price a usage line would get, and import the price list.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { MarkupScope } from "../bindings/MarkupScope";
import type { MarkupView } from "../bindings/MarkupView";
import { ErrorNote } from "../components/ErrorNote";
import { Field } from "../components/Field";
import { PartnerSelect } from "../components/PartnerSelect";
import { ArrowLeftIcon } from "../components/icons";
import { formatUnitPrice, localeOf, type Lang } from "../format";
import { useAction } from "../state/action";
import { useBook } from "../state/book";
import { together, useCommandQuery } from "../state/queries";
import { useRoute } from "../state/route";
import { PriceImportDialog } from "../money/PriceImportDialog";

type Scope = Exclude<MarkupScope, "none">;
const SCOPES: Scope[] = ["customer_category", "customer", "reseller", "default"];

function percentText(p: string, lang: Lang): string {
  const n = Number(p);
  return Number.isFinite(n) ? `${n > 0 ? "+" : ""}${new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 4 }).format(n)} %` : p;
}

export function MarkupsPage() {
  const { t } = useTranslation();
  const { operating, lang } = useBook();
  const { go } = useRoute();
  const issuer = operating?.id ?? "";
  const read = together(
    useCommandQuery("markup_list", [issuer || null]),
    useCommandQuery("customer_search", [{ text: "", partner_id: null, sort: null, descending: false, offset: 0, limit: 1000 }]),
    useCommandQuery("partner_list", []),
  );
  const rules = read.data?.[0] ?? null;
  const customers = useMemo(() => read.data?.[1].rows ?? [], [read.data]);
  const resellers = useMemo(() => (read.data?.[2] ?? []).filter((x) => x.tier === "indirect-reseller"), [read.data]);
  const error = read.error;

  // The rule being set.
  const [scope, setScope] = useState<Scope>("default");
  const [customer, setCustomer] = useState("");
  const [reseller, setReseller] = useState("");
  const [category, setCategory] = useState("");
  const [percent, setPercent] = useState("");
  const saving = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);

  // The preview, asked again as its inputs change (the last price stays until the next one comes).
  const [pvCustomer, setPvCustomer] = useState("");
  const [pvCategory, setPvCategory] = useState("Virtual Machines");
  const [pvErp, setPvErp] = useState("0.096");
  const previewable = Boolean(issuer && pvCategory.trim() && pvErp.trim());
  const pv = useCommandQuery(
    "price_preview",
    [{ issuer_id: issuer, customer_id: pvCustomer || null, reseller_id: null, category: pvCategory.trim(), erp: pvErp.trim(), pc_to_bc_rate: null }],
    { enabled: previewable, keepPrevious: true },
  );
  const preview = previewable ? (pv.data ?? null) : null;
  const pvError = previewable ? pv.error : null;

  const names = useMemo(() => new Map([...customers.map((c) => [c.id, c.name] as const), ...resellers.map((r) => [r.id, r.name] as const)]), [customers, resellers]);

  const save = async () => {
    setNotice(null);
    const done = await saving.run(() =>
      api.markupSet({
        issuer_id: issuer,
        customer_id: scope === "customer" || scope === "customer_category" ? customer || null : null,
        category: scope === "customer_category" ? category.trim() || null : null,
        reseller_id: scope === "reseller" ? reseller || null : null,
        percent: percent.trim().replace(",", "."),
      }),
    );
    if (done.ok) setNotice(t("markups.saved"));
  };

  const who = (r: MarkupView) =>
    [r.customer_id && names.get(r.customer_id), r.reseller_id && names.get(r.reseller_id), r.category].filter(Boolean).join(" · ") || t("markups.everyone");

  return (
    <div className="stack" data-testid="markups-page">
      <div className="toolbar">
        <button type="button" className="link back-link" onClick={() => go({ name: "invoices" })}>
          <ArrowLeftIcon />
          {t("invoice.backAll")}
        </button>
        <span className="toolbar-spacer" />
        <button type="button" className="btn" onClick={() => setImporting(true)} data-testid="price-import">
          {t("money.prices.button")}
        </button>
      </div>
      {error && <ErrorNote error={error} />}
      <section className="card">
        <h2 className="card-title">{t("markups.title")}</h2>
        <p className="muted">{t("markups.lead")}</p>
        {rules && rules.length === 0 ? (
          <p className="empty-inline" data-testid="markups-empty">
            {t("markups.none")}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="markups-table">
              <thead>
                <tr>
                  <th>{t("markups.columns.scope")}</th>
                  <th>{t("markups.columns.who")}</th>
                  <th className="num">{t("markups.columns.percent")}</th>
                </tr>
              </thead>
              <tbody>
                {(rules ?? []).map((r) => (
                  <tr key={`${r.scope}/${r.customer_id ?? ""}/${r.reseller_id ?? ""}/${r.category ?? ""}`} data-testid="markup-row" data-scope={r.scope}>
                    <td>{t(`markups.scopes.${r.scope}`)}</td>
                    <td>{who(r)}</td>
                    <td className="num strong">{percentText(r.percent, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className="grid-2">
        <section className="card">
          <h2 className="card-title">{t("markups.set")}</h2>
          <div className="stack-tight">
            <Field label={t("markups.columns.scope")}>
              <select value={scope} onChange={(e) => setScope(e.target.value as Scope)} data-testid="markup-scope">
                {SCOPES.map((s) => (
                  <option key={s} value={s}>
                    {t(`markups.scopes.${s}`)}
                  </option>
                ))}
              </select>
            </Field>
            {(scope === "customer" || scope === "customer_category") && (
              <Field label={t("usage.columns.customer")}>
                <select value={customer} onChange={(e) => setCustomer(e.target.value)} data-testid="markup-customer">
                  <option value="">{t("common.none")}</option>
                  {customers.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            {scope === "customer_category" && (
              <Field label={t("usage.columns.category")}>
                <input type="text" value={category} onChange={(e) => setCategory(e.target.value)} placeholder="Storage" data-testid="markup-category" />
              </Field>
            )}
            {scope === "reseller" && (
              <Field label={t("markups.reseller")}>
                <PartnerSelect value={reseller} onChange={setReseller} partners={resellers} placeholder={t("common.none")} testid="markup-reseller" />
              </Field>
            )}
            <Field label={t("markups.columns.percent")} hint={t("markups.percentHint")}>
              <input type="text" inputMode="decimal" value={percent} onChange={(e) => setPercent(e.target.value)} data-testid="markup-percent" />
            </Field>
            <div>
              <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={!percent.trim() || !issuer} data-testid="markup-save">
                {t("common.save")}
              </button>
            </div>
            {notice && (
              <p className="note note-ok" role="status" data-testid="markup-notice">
                {notice}
              </p>
            )}
            {saving.error && <ErrorNote error={saving.error} testid="markup-error" />}
          </div>
        </section>

        <section className="card" data-testid="price-preview">
          <h2 className="card-title">{t("markups.preview")}</h2>
          <div className="stack-tight">
            <Field label={t("usage.columns.customer")}>
              <select value={pvCustomer} onChange={(e) => setPvCustomer(e.target.value)} data-testid="preview-customer">
                <option value="">{t("markups.anyCustomer")}</option>
                {customers.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("usage.columns.category")}>
              <input type="text" value={pvCategory} onChange={(e) => setPvCategory(e.target.value)} data-testid="preview-category" />
            </Field>
            <Field label={t("markups.erp")} hint={t("markups.erpHint")}>
              <input type="text" inputMode="decimal" value={pvErp} onChange={(e) => setPvErp(e.target.value)} data-testid="preview-erp" />
            </Field>
            {preview && (
              <div className="note note-ok" role="status" data-testid="preview-result">
                <div>
                  <p className="strong" data-testid="preview-price">
                    {t("markups.unitPrice", { price: formatUnitPrice(preview.unit_price, operating?.currency ?? "EUR", lang) })}
                  </p>
                  <p data-testid="preview-rule" data-scope={preview.scope}>
                    {preview.scope === "none" ? t("markups.noRule") : t("markups.byRule", { percent: percentText(preview.percent, lang), scope: t(`markups.scopes.${preview.scope}`) })}
                  </p>
                </div>
              </div>
            )}
            {pvError && <ErrorNote error={pvError} testid="preview-error" />}
          </div>
        </section>
      </div>
      {importing && <PriceImportDialog onClose={() => setImporting(false)} />}
    </div>
  );
}
