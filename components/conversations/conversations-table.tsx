import { RowLink } from "@/components/ui/row-link";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ConversationList } from "@/lib/dto/traces";
import { formatCount, formatDuration } from "@/lib/core/format";
import { StatusBadge } from "./status-badge";
import { ScrollBox } from "@/components/ui/scroll-box";

const HEAD = "px-3 py-2 text-right font-medium";
const CELL = "num px-3 py-2 text-right whitespace-nowrap";

export function ConversationsTable({
  environment,
  list,
  filtered,
  keyRules,
}: {
  environment: string;
  list: ConversationList;
  filtered: boolean;
  /** This environment's key rules in words (traces.keyRules), for the empty state. */
  keyRules: string[];
}) {
  if (list.conversations.length === 0) {
    return filtered ? (
      <EmptyState title="No conversation matches these filters">
        Looked at the {formatCount(list.scanned)} most recent conversations in the index. Clear a filter,
        raise the stuck threshold, or paste a full id into “Open trace”.
      </EmptyState>
    ) : (
      <EmptyState title="No conversations indexed yet">
        Conversations appear once messages arrive where a key rule finds a conversation id:
        <ul className="my-2 space-y-0.5">
          {keyRules.map((rule) => (
            <li key={rule} className="font-mono text-xs">
              {rule}
            </li>
          ))}
        </ul>
        If your system keeps the id elsewhere, set <code className="font-mono">traces.keyRules</code> in{" "}
        <code className="font-mono">switchyard.config.json</code> (README, “Conversation traces”).
      </EmptyState>
    );
  }
  return (
    <ScrollBox label="Conversations" className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900/60 dark:text-zinc-400">
          <tr>
            <th className="px-3 py-2 text-left font-medium">Conversation</th>
            <th className="px-3 py-2 text-left font-medium">Status</th>
            <th className={HEAD}>Started</th>
            <th className={HEAD}>Duration</th>
            <th className={HEAD}>Messages</th>
            <th className={HEAD}>Tool calls</th>
            <th className={HEAD}>Failures</th>
            <th className={HEAD}>Waiting</th>
          </tr>
        </thead>
        <tbody>
          {list.conversations.map((c) => (
            <tr
              key={c.conversationId}
              data-testid="conversation-row"
              data-status={c.status}
              className="border-t border-zinc-100 dark:border-zinc-800"
            >
              <td className="px-3 py-2">
                <RowLink
                  href={`/${environment}/conversations/${encodeURIComponent(c.conversationId)}`}
                  className="font-mono font-semibold hover:underline focus-visible:outline-2 focus-visible:outline-sky-500"
                >
                  {c.conversationId}
                </RowLink>
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={c.status} />
              </td>
              <td className={CELL}>
                <RelativeTime iso={c.startedAt} />
              </td>
              <td className={CELL}>{c.durationMs === null ? "—" : formatDuration(c.durationMs / 1000)}</td>
              <td className={CELL}>{formatCount(c.messages)}</td>
              <td className={CELL}>{formatCount(c.tools)}</td>
              <td className={`${CELL} ${c.failures ? "text-red-700 dark:text-red-400" : ""}`}>
                {formatCount(c.failures)}
              </td>
              <td className={CELL}>{c.waitingMs === null ? "—" : formatDuration(c.waitingMs / 1000)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
