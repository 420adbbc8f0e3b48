// The one way a form picks a partner (a provider, a partner of record, a partner to link): the
// partners the caller offers, by name, with their tier when it helps tell them apart.
import { useTranslation } from "react-i18next";
import type { Tier } from "../bindings/Tier";

export interface PartnerChoice {
  id: string;
  name: string;
  tier?: Tier;
}

interface Props {
  value: string;
  onChange: (id: string) => void;
  partners: readonly PartnerChoice[];
  /** The label of the empty first option ("Choose…"); none: a partner is always selected. */
  placeholder?: string;
  /** Show each partner's tier beside its name. */
  withTier?: boolean;
  testid: string;
  autoFocus?: boolean;
  /** Focused first when its dialog opens (see `Dialog`). */
  dialogFocus?: boolean;
}

export function PartnerSelect({ value, onChange, partners, placeholder, withTier, testid, autoFocus, dialogFocus }: Props) {
  const { t } = useTranslation();
  return (
    <select
      value={value}
      onChange={(e) => onChange(e.target.value)}
      data-testid={testid}
      autoFocus={autoFocus}
      data-autofocus={dialogFocus ? "" : undefined}
    >
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {partners.map((p) => (
        <option key={p.id} value={p.id}>
          {withTier && p.tier ? `${p.name} · ${t(`tiers.${p.tier}`)}` : p.name}
        </option>
      ))}
    </select>
  );
}
