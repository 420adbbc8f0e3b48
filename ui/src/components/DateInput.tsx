// A calendar date (YYYY-MM-DD), the form every command takes.
import type { InputHTMLAttributes } from "react";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "type"> & {
  value: string;
  onChange: (iso: string) => void;
};

export function DateInput({ value, onChange, ...rest }: Props) {
  return <input type="date" value={value} onChange={(e) => onChange(e.target.value)} {...rest} />;
}
