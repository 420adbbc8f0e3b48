import type { CustomerDraft, FieldErrors } from "./draft";

export interface StepProps {
  draft: CustomerDraft;
  set: <K extends keyof CustomerDraft>(key: K, value: CustomerDraft[K]) => void;
  errors: FieldErrors;
}
