import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import type { StreamSummary } from "@/lib/dto/overview";
import { formatCount, formatDuration } from "@/lib/core/format";

/** Leader and replica health of a clustered stream. */
export function ReplicasCard({ cluster }: { cluster: NonNullable<StreamSummary["cluster"]> }) {
  return (
    <Card>
      <CardHeader
        title="Replicas"
        description={`Cluster ${cluster.name ?? "?"}, leader ${cluster.leader ?? "none"}`}
      />
      <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
        {cluster.replicas.map((r) => (
          <li key={r.name} className="flex items-center gap-3 px-4 py-2">
            <span className="font-mono text-xs">{r.name}</span>
            {r.offline ? (
              <Badge tone="bad">offline</Badge>
            ) : r.current ? (
              <Badge tone="good">current</Badge>
            ) : (
              <Badge tone="warn">catching up</Badge>
            )}
            <span className="num text-xs text-zinc-500">
              lag {formatCount(r.lag)} · seen {formatDuration(r.activeSeconds)} ago
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
