// Finds a customer by typing part of its name, domain or tenant ID (the book may hold 100,000).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CustomerRow } from "../bindings/CustomerRow";
import { SearchIcon } from "../components/icons";
import { useCommandQuery } from "../state/queries";
import { useSettled } from "../state/settled";

/** How many matches the picker offers at once: enough to choose, few enough to read. */
const MATCHES = 8;
const PAUSE_MS = 150;

export function CustomerPicker({ onPick, id }: { onPick: (c: CustomerRow) => void; id?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const asked = useSettled(text, PAUSE_MS);
  // The last matches stay in view until the next ones come.
  const page = useCommandQuery("customer_search", [{ text: asked, partner_id: null, sort: null, descending: false, offset: 0, limit: MATCHES }], { keepPrevious: true }).data;
  const rows = page?.rows ?? [];
  const total = page?.total ?? null;

  return (
    <div className="picker">
      <div className="search">
        <SearchIcon />
        <input
          id={id}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t("customers.search")}
          spellCheck={false}
          data-testid="picker-search"
        />
      </div>
      <ul className="picker-list" role="listbox" aria-label={t("transfers.columns.customer")}>
        {rows.map((r) => (
          <li key={r.id}>
            <button type="button" role="option" aria-selected={false} className="picker-item" onClick={() => onPick(r)} data-testid="picker-option">
              <span className="strong">{r.name}</span>
              <span className="muted mono-soft">{r.domain}</span>
            </button>
          </li>
        ))}
        {total !== null && total > rows.length && <li className="muted picker-more">{t("transfers.moreMatches", { count: total - rows.length })}</li>}
        {total === 0 && <li className="muted picker-more">{t("transfers.noCustomer")}</li>}
      </ul>
    </div>
  );
}
