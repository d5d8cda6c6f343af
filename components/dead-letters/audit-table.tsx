// The audit log as a table: who, when, what, on which selection, with which counts and result.
import { RowLink } from "@/components/ui/row-link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { HIDDEN_USER, type AuditPage } from "@/lib/dto/audit";
import { filterToSearch } from "@/lib/dto/dead-letter-query";
import { auditVerb } from "./audit-verb";
import { ScrollBox } from "@/components/ui/scroll-box";

type Row = AuditPage["records"][number];

/** Reveals name a message by stream and seq in `detail`; dead-letter actions have their own fields. */
function shown(r: Row): { stream: string; seqs: number[] | undefined; note: string } {
  const stream = r.dlqStream ?? (typeof r.detail.stream === "string" ? r.detail.stream : "");
  const seqs = r.seqs ?? (typeof r.detail.seq === "number" ? [r.detail.seq] : undefined);
  const rest = Object.entries(r.detail)
    .filter(
      ([key]) => key !== "stream" && key !== "seq" && !(r.action === "redrive.finish" && key === "state"),
    )
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(", ");
  return { stream, seqs, note: [r.note, rest].filter(Boolean).join(" · ") };
}

export function AuditTable({
  environment,
  records,
  nextBefore,
}: {
  environment: string;
  records: AuditPage["records"];
  nextBefore: AuditPage["nextBefore"];
}) {
  if (records.length === 0)
    return (
      <EmptyState title="Nothing recorded yet">
        Sign-ins, reveals and every redrive, edit, discard and cancel appear here with who did them.
      </EmptyState>
    );
  return (
    <>
      <ScrollBox label="Audit records" className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900/60 dark:text-zinc-400">
            <tr>
              {["When", "Who", "Action", "Stream", "Selection", "Counts", "Result"].map((h) => (
                <th key={h} className="px-3 py-2 text-left font-medium">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {records.map((r) => {
              const { stream, seqs, note } = shown(r);
              return (
                <tr
                  key={r.id}
                  data-testid="audit-row"
                  className="border-t border-zinc-100 align-top dark:border-zinc-800"
                >
                  <td className="px-3 py-1.5 whitespace-nowrap">
                    <RelativeTime iso={r.time} />
                  </td>
                  <td className="px-3 py-1.5">
                    {r.user === HIDDEN_USER ? (
                      <span
                        className="text-zinc-500 italic"
                        title="Failed sign-in names are shown to admins only"
                      >
                        {HIDDEN_USER}
                      </span>
                    ) : (
                      r.user
                    )}
                    {r.address ? <span className="block text-xs text-zinc-500">{r.address}</span> : null}
                  </td>
                  <td className="px-3 py-1.5 whitespace-nowrap">
                    {auditVerb(r)}
                    <span className="block font-mono text-xs text-zinc-500">{r.action}</span>
                  </td>
                  <td className="px-3 py-1.5 text-xs">{stream}</td>
                  <td className="max-w-72 px-3 py-1.5 text-xs">
                    {r.filter ? (
                      <RowLink
                        className="font-mono hover:underline"
                        href={`/${environment}/dead-letters${filterToSearch(r.filter, { dlq: r.dlqStream })}`}
                      >
                        filter {filterToSearch(r.filter) || "(everything)"}
                      </RowLink>
                    ) : seqs ? (
                      <span className="font-mono">
                        entries {seqs.slice(0, 5).join(", ")}
                        {seqs.length > 5 ? " …" : ""}
                      </span>
                    ) : null}
                    {r.jobId ? <span className="block font-mono text-zinc-500">{r.jobId}</span> : null}
                    {r.target ? <span className="block font-mono text-zinc-500">→ {r.target}</span> : null}
                  </td>
                  <td className="num px-3 py-1.5 text-xs">
                    {Object.entries(r.counts)
                      .map(([k, v]) =>
                        k === "ratePerSecond"
                          ? v
                            ? `limit ${v} msgs/s`
                            : "no rate limit"
                          : k === "bytes"
                            ? `${v} B`
                            : `${k} ${v}`,
                      )
                      .join(" · ")}
                  </td>
                  <td className="px-3 py-1.5">
                    <Badge tone={r.result === "ok" ? "good" : r.result === "partial" ? "warn" : "bad"}>
                      {r.result}
                    </Badge>
                    {note ? <span className="block text-xs text-zinc-500">{note}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
      {nextBefore ? (
        <footer className="border-t border-zinc-200 px-4 py-2 text-right text-sm dark:border-zinc-800">
          <RowLink href={`/${environment}/audit?before=${nextBefore}`}>Older →</RowLink>
        </footer>
      ) : null}
    </>
  );
}
