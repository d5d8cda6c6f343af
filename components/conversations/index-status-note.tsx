import type { IndexStatus } from "@/lib/dto/traces";
import { formatCount, formatDuration } from "@/lib/core/format";

/** Streams whose consumed messages a trace cannot show, each with the exact change that fixes it. */
function UntappedStreams({ index }: { index: IndexStatus }) {
  const untapped = index.sources.filter((s) => s.state === "unavailable" && s.fix);
  if (untapped.length === 0) return null;
  return (
    <div
      className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
      data-testid="untapped-streams"
    >
      <p className="font-medium">
        {untapped.length === 1 ? "This work-queue stream" : "These work-queue streams"} cannot show consumed
        messages in traces (no trace tap); {untapped.length === 1 ? "its" : "their"} stored messages are read
        directly. To fix:
      </p>
      <ul className="space-y-1">
        {untapped.map((s) => (
          <li key={s.stream}>
            <span className="font-mono font-semibold">{s.stream}</span>:{" "}
            <code className="font-mono break-all select-all">{s.fix}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the conversation index covers, and its rebuild progress after a restart. */
export function IndexStatusNote({ index }: { index: IndexStatus }) {
  return (
    <div className="space-y-1 text-xs text-zinc-500 dark:text-zinc-400" data-testid="index-status">
      <UntappedStreams index={index} />
      <p>
        Index: {formatCount(index.entries)} messages of{" "}
        {index.conversations ? formatCount(index.conversations) : "no"} conversations (bounded to{" "}
        {formatCount(index.maxEntries)} messages and {formatDuration(index.maxAgeMinutes * 60)}).
      </p>
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {index.sources
          .filter((s) => s.via !== "advisories")
          .map((s) => {
            const total = s.indexed + s.pending;
            const progress =
              s.state === "building" && total > 0
                ? ` ${Math.floor((s.indexed / total) * 100)} % (${formatCount(s.indexed)} / ${formatCount(total)})`
                : "";
            return (
              <li key={`${s.stream}-${s.via}`} title={s.note}>
                <span className="font-mono">{s.stream}</span> via {s.via}:{" "}
                <span
                  className={
                    s.state === "unavailable"
                      ? "text-red-700 dark:text-red-400"
                      : s.state === "building"
                        ? "text-amber-700 dark:text-amber-400"
                        : ""
                  }
                >
                  {s.state === "current"
                    ? "current"
                    : s.state === "building"
                      ? `rebuilding${progress}`
                      : `unavailable${s.note ? ` — ${s.note}` : ""}`}
                </span>
              </li>
            );
          })}
      </ul>
    </div>
  );
}
