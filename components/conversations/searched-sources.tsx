import { EmptyState } from "@/components/ui/empty-state";
import type { SearchedSource } from "@/lib/dto/traces";
import { formatUtc } from "@/lib/core/format";

/** Unknown id: say exactly where Switchyard looked and how far back, so "not found" can be trusted. */
export function SearchedSources({ id, searched }: { id: string; searched: SearchedSource[] }) {
  return (
    <EmptyState title={`No messages found for conversation ${id}`}>
      <p>Check the id (it is case-sensitive) and the environment. Searched:</p>
      <ul className="mt-2 space-y-1 text-left" data-testid="searched-sources">
        {searched.map((s) => (
          <li key={`${s.stream}-${s.how}-${s.filter}`}>
            <span className="font-mono">{s.stream}</span> — {s.how}{" "}
            <span className="font-mono">{s.filter}</span>, back to{" "}
            {s.since ? formatUtc(s.since) : "its first message"}
            {s.note ? <span className="text-zinc-500"> ({s.note})</span> : null}
          </li>
        ))}
        {searched.length === 0 ? (
          <li>no stream matched the key rules (see README, “Conversation traces”)</li>
        ) : null}
      </ul>
    </EmptyState>
  );
}
