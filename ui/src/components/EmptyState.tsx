import type { ReactNode } from "react";

export function EmptyState({ icon, title, text, action, testid }: { icon: ReactNode; title: string; text: string; action?: ReactNode; testid?: string }) {
  return (
    <div className="empty" data-testid={testid}>
      <div className="empty-icon">{icon}</div>
      <h2>{title}</h2>
      <p>{text}</p>
      {action}
    </div>
  );
}
