// A tool's outcomes as compact badges: ok, then each way of failing that happened (zeros left out).
import { Badge, type Tone } from "@/components/ui/badge";
import type { ToolCounts } from "@/lib/dto/tools";
import { formatCount } from "@/lib/core/format";

const KINDS: { key: keyof ToolCounts; label: string; tone: Tone; title: string }[] = [
  { key: "naked", label: "NAK", tone: "warn", title: "Negative acknowledgements (sent back for a retry)" },
  { key: "terminated", label: "term", tone: "bad", title: "Terminated by the worker" },
  { key: "maxDeliveries", label: "max", tone: "bad", title: "Reached max deliveries" },
  { key: "deadLettered", label: "DLQ", tone: "bad", title: "Dead-lettered" },
  {
    key: "redriven",
    label: "redriven",
    tone: "neutral",
    title: "Requests redriven from a dead-letter queue",
  },
];

export function OutcomeBadges({ counts, wrap = false }: { counts: ToolCounts; wrap?: boolean }) {
  return (
    <span className={`flex gap-1 whitespace-nowrap ${wrap ? "flex-wrap" : ""}`}>
      <Badge tone="good" title="Calls with a result">
        {formatCount(counts.ok)} ok
      </Badge>
      {KINDS.filter((k) => counts[k.key] > 0).map((k) => (
        <Badge key={k.key} tone={k.tone} title={k.title}>
          {formatCount(counts[k.key])} {k.label}
        </Badge>
      ))}
    </span>
  );
}
