// Group-by summary: where dead letters come from (original subject) and why (reason), each a link that filters.
import { RowLink } from "@/components/ui/row-link";
import { Card, CardHeader } from "@/components/ui/card";
import {
  deadLetterReasonSchema,
  type DeadLetterFilter,
  type DeadLetterSummary,
  type SummaryRow,
} from "@/lib/dto/dead-letters";
import { filterToSearch } from "@/lib/dto/dead-letter-query";
import { formatCount } from "@/lib/core/format";

function Rows({ rows, href }: { rows: SummaryRow[]; href: (key: string) => string }) {
  if (rows.length === 0) return <p className="px-4 py-3 text-sm text-zinc-500">none</p>;
  const max = Math.max(...rows.map((r) => r.count));
  return (
    <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
      {rows.map((row) => (
        <li key={row.key} className="flex items-center gap-3 px-4 py-1.5">
          <RowLink
            href={href(row.key)}
            className="min-w-0 flex-1 truncate font-mono text-xs hover:underline"
            title={row.key}
          >
            {row.key}
          </RowLink>
          <span className="h-1.5 w-24 rounded bg-zinc-100 dark:bg-zinc-800" aria-hidden>
            <span
              className="block h-1.5 rounded bg-amber-500"
              style={{ width: `${(row.count / max) * 100}%` }}
            />
          </span>
          <span className="num w-16 text-right">{formatCount(row.count)}</span>
        </li>
      ))}
    </ul>
  );
}

export function SummaryCard({
  environment,
  dlq,
  filter,
  summary,
}: {
  environment: string;
  dlq: string;
  filter: DeadLetterFilter;
  summary: DeadLetterSummary;
}) {
  const base = `/${environment}/dead-letters`;
  const note = summary.complete
    ? summary.scanned
      ? `from ${formatCount(summary.scanned)} entries`
      : "exact, counted by the server"
    : `from the newest ${formatCount(summary.scanned)} entries`;
  return (
    <Card>
      <CardHeader
        title="Where they come from"
        description={`Counts per original subject and per reason, ${note}.`}
      />
      <div className="grid grid-cols-1 divide-zinc-200 md:grid-cols-2 md:divide-x dark:divide-zinc-800">
        <div>
          <h3 className="px-4 pt-3 text-xs font-medium text-zinc-500">Original subject</h3>
          <Rows
            rows={summary.bySubject}
            href={(key) => `${base}${filterToSearch({ ...filter, subject: key }, { dlq })}`}
          />
        </div>
        <div>
          <h3 className="px-4 pt-3 text-xs font-medium text-zinc-500">Reason</h3>
          <Rows
            rows={summary.byReason}
            href={(key) =>
              `${base}${filterToSearch({ ...filter, reason: deadLetterReasonSchema.safeParse(key).data }, { dlq })}`
            }
          />
        </div>
      </div>
    </Card>
  );
}
