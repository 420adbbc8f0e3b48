// Finds a customer by typing part of its name, domain or tenant ID (the book may hold 100,000).
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { CustomerRow } from "../bindings/CustomerRow";
import { SearchIcon } from "../components/icons";

/** How many matches the picker offers at once: enough to choose, few enough to read. */
const MATCHES = 8;
const PAUSE_MS = 150;

export function CustomerPicker({ onPick, id }: { onPick: (c: CustomerRow) => void; id?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [rows, setRows] = useState<CustomerRow[]>([]);
  const [total, setTotal] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void api.customerSearch({ text, partner_id: null, sort: null, descending: false, offset: 0, limit: MATCHES }).then((page) => {
        if (!live) return;
        setRows(page.rows);
        setTotal(page.total);
      });
    }, PAUSE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);

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
