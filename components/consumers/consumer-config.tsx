import { Card, CardHeader } from "@/components/ui/card";
import type { ConsumerSummary } from "@/lib/dto/overview";
import { formatCount } from "@/lib/core/format";

export function ConsumerConfig({ consumer: c }: { consumer: ConsumerSummary }) {
  const rows: [string, string][] = [
    ["Filter", c.filterSubjects.join(", ") || "all subjects"],
    ["Kind", `${c.pull ? "pull" : "push"}, ${c.durable ? "durable" : "ephemeral"}`],
    ["Ack policy", c.ackPolicy],
    ["Ack wait", `${c.ackWaitSeconds} s`],
    ["Max deliver", c.maxDeliver < 0 ? "unlimited" : String(c.maxDeliver)],
    [
      "Back-off",
      c.backoffSeconds.length
        ? c.backoffSeconds.map((s) => `${s} s`).join(" → ")
        : "none (redeliver after ack wait)",
    ],
    ["Deliver policy", c.deliverPolicy],
    ["Max ack pending", c.maxAckPending < 0 ? "unlimited" : formatCount(c.maxAckPending)],
  ];
  return (
    <Card>
      <CardHeader title="Configuration" />
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 px-4 py-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-zinc-500">{label}</dt>
            <dd className="font-mono text-xs">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
