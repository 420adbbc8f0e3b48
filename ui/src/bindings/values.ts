// Generated from csp-domain's enums (`make bindings`). Do not edit by hand.
import type { InvoiceStatus } from "./InvoiceStatus";
import type { PlatformStatus } from "./PlatformStatus";
import type { SubscriptionStatus } from "./SubscriptionStatus";
import type { TransferStatus } from "./TransferStatus";
import type { CaseStatus } from "./CaseStatus";
import type { Severity } from "./Severity";

export const INVOICE_STATUSES: readonly InvoiceStatus[] = ["draft", "issued", "paid", "voided"];

export const PLATFORM_STATUSES: readonly PlatformStatus[] = ["deposited", "rejected", "refused", "collected"];

export const SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = ["active", "suspended", "cancelled"];

export const TRANSFER_STATUSES: readonly TransferStatus[] = ["pending", "accepted", "completed", "rejected", "expired"];

export const CASE_STATUSES: readonly CaseStatus[] = ["open", "escalated", "resolved", "closed"];

export const SEVERITIES: readonly Severity[] = ["critical", "high", "normal"];
