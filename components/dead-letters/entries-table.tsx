"use client";
// The entries of one page, newest first, with a checkbox per row for redrive and discard.
import { RowLink } from "@/components/ui/row-link";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { REDRIVE_FLAG_AT, type DeadLetterEntry } from "@/lib/dto/dead-letters";
import { formatBytes, formatCount } from "@/lib/core/format";
import { ScrollBox } from "@/components/ui/scroll-box";

type Props = {
  environment: string;
  entries: DeadLetterEntry[];
  selected: Set<number>;
  onToggle: (seq: number) => void;
  onToggleAll: () => void;
  /** Checkboxes only for roles that can act on a selection. */
  selectable: boolean;
};

export function EntriesTable({ environment, entries, selected, onToggle, onToggleAll, selectable }: Props) {
  const all = entries.length > 0 && entries.every((e) => selected.has(e.seq));
  return (
    <ScrollBox label="Dead-letter entries" className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900/60 dark:text-zinc-400">
          <tr>
            {selectable ? (
              <th className="w-8 px-3 py-2">
                <input
                  type="checkbox"
                  aria-label="Select every entry on this page"
                  checked={all}
                  onChange={onToggleAll}
                />
              </th>
            ) : null}
            <th className="px-3 py-2 text-left font-medium">Dead-lettered</th>
            <th className="px-3 py-2 text-left font-medium">Original subject</th>
            <th className="px-3 py-2 text-left font-medium">Stream / consumer</th>
            <th className="px-3 py-2 text-left font-medium">Reason</th>
            <th className="px-3 py-2 text-right font-medium">Deliveries</th>
            <th className="px-3 py-2 text-left font-medium">Conversation</th>
            <th className="px-3 py-2 text-right font-medium">Size</th>
            <th className="px-3 py-2 text-right font-medium">Times redriven</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr
              key={e.seq}
              data-testid="dlq-entry"
              className="border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/40"
            >
              {selectable ? (
                <td className="px-3 py-1.5">
                  <input
                    type="checkbox"
                    aria-label={`Select entry ${e.seq}`}
                    checked={selected.has(e.seq)}
                    onChange={() => onToggle(e.seq)}
                  />
                </td>
              ) : null}
              <td className="px-3 py-1.5 whitespace-nowrap">
                <RelativeTime iso={e.time} />
              </td>
              <td className="max-w-72 truncate px-3 py-1.5 font-mono text-xs">
                <RowLink
                  href={`/${environment}/dead-letters/${encodeURIComponent(e.dlqStream)}/${e.seq}`}
                  className="hover:underline"
                  title={e.origin.subject ?? undefined}
                >
                  {e.origin.subject ?? <span className="text-zinc-500">(unknown)</span>}
                </RowLink>
                {e.payloadLost ? (
                  <Badge tone="warn" title="The original was gone when it was captured">
                    payload lost
                  </Badge>
                ) : null}
              </td>
              <td className="px-3 py-1.5 text-xs whitespace-nowrap">
                {e.origin.stream ?? "—"} <span className="text-zinc-500">/ {e.origin.consumer ?? "—"}</span>
              </td>
              <td className="max-w-56 truncate px-3 py-1.5 text-xs" title={e.origin.reason ?? undefined}>
                {e.origin.reason ?? "—"}
              </td>
              <td className="num px-3 py-1.5 text-right">
                {e.origin.deliveries === null ? "—" : formatCount(e.origin.deliveries)}
              </td>
              <td className="max-w-40 truncate px-3 py-1.5 font-mono text-xs">{e.conversationId ?? "—"}</td>
              <td className="num px-3 py-1.5 text-right whitespace-nowrap">{formatBytes(e.size)}</td>
              <td className="num px-3 py-1.5 text-right whitespace-nowrap">
                {e.redriveCount >= REDRIVE_FLAG_AT ? (
                  <Badge tone="bad" title="Redriven 3 or more times: it keeps failing">
                    {e.redriveCount}×
                  </Badge>
                ) : e.redriveCount ? (
                  `${e.redriveCount}×`
                ) : (
                  "—"
                )}
                {e.redriven ? (
                  <Badge
                    tone="neutral"
                    title={`Redriven and kept: ${e.redriven.count}× while kept, last ${e.redriven.lastAt} to ${e.redriven.lastTarget} (job ${e.redriven.lastJob})`}
                  >
                    kept
                  </Badge>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
