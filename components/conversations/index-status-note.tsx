import type { IndexStatus } from "@/lib/dto/traces";
import { formatCount, formatDuration } from "@/lib/core/format";

/** What the conversation index covers, and its rebuild progress after a restart. */
export function IndexStatusNote({ index }: { index: IndexStatus }) {
  return (
    <div className="space-y-1 text-xs text-zinc-500 dark:text-zinc-400" data-testid="index-status">
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
