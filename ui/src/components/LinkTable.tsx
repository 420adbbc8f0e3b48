// A table whose rows open something (see rowLink): its header from a list of column titles.
import type { ReactNode } from "react";

export interface Column {
  title: string;
  /** Figures, aligned right. */
  num?: boolean;
}

export function LinkTable({ columns, testid, fill, children }: { columns: (Column | string)[]; testid: string; fill?: boolean; children: ReactNode }) {
  return (
    <div className={fill ? "table-wrap table-wrap-fill" : "table-wrap"}>
      <table className="table table-links" data-testid={testid}>
        <thead>
          <tr>
            {columns.map((c) => {
              const col = typeof c === "string" ? { title: c } : c;
              return (
                <th key={col.title} className={col.num ? "num" : undefined}>
                  {col.title}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
