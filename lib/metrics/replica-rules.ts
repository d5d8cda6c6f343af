// Replica health of replicated streams, naming the node: per stream, a replica that is offline or behind; per node,
// one finding when its replicas of several streams are all silent (the node itself is missing).
import type { Finding } from "@/lib/dto/findings";
import type { StreamSummary } from "@/lib/dto/overview";
import { formatCount, formatDuration } from "@/lib/core/format";
import type { HealthThresholds } from "@/lib/config/health-schema";

type RawFinding = Omit<Finding, "since">;

/**
 * A replica the leader has not heard from for this long is offline: nats-server 2.9 never sets `offline` for a
 * killed node; its replica stays `current` for ~10 s and then only `active` (time since last heard) grows.
 * Healthy replicas answer within a few hundred milliseconds.
 */
export const REPLICA_SILENT_SECONDS = 5;

type Replica = NonNullable<StreamSummary["cluster"]>["replicas"][number];

const isOffline = (r: Replica) => r.offline || r.activeSeconds >= REPLICA_SILENT_SECONDS;

/** One stream's replicas that are offline (critical) or behind (warning), each naming its node. */
export function replicaFindings(s: StreamSummary, t: HealthThresholds, href: string): RawFinding[] {
  const out: RawFinding[] = [];
  const replicas = s.cluster?.replicas ?? [];
  const leader = s.cluster?.leader ?? "?";
  const healthy = 1 + replicas.filter((r) => !isOffline(r)).length;
  for (const replica of replicas) {
    const offline = isOffline(replica);
    if (!offline && replica.current && replica.lag < t.replicaLagMessages) continue;
    out.push({
      id: `replica_unhealthy:${s.name}:${replica.name}`,
      rule: "replica_unhealthy",
      severity: offline ? "critical" : "warning",
      title: `Replica of ${s.name} on node ${replica.name} is ${offline ? "offline" : "behind"}`,
      detail: offline
        ? `Leader ${leader} has not heard from node ${replica.name} for ${formatDuration(replica.activeSeconds)}: the node is down or cut off. ${s.name} runs on ${healthy} of ${s.replicas} replicas${healthy * 2 > s.replicas ? " (it still has a quorum)" : " — no quorum: it cannot accept writes"}.`
        : `Node ${replica.name} is ${formatCount(replica.lag)} operations behind leader ${leader}${replica.current ? "" : " and not current"}.`,
      where: { stream: s.name },
      value: replica.lag,
      threshold: t.replicaLagMessages,
      unit: "ops",
      href,
    });
  }
  return out;
}

/** A node whose replicas are offline in every replicated stream that has one there: the node itself is missing. */
export function missingNodeFindings(streams: readonly StreamSummary[]): RawFinding[] {
  const perNode = new Map<string, { offline: string[]; seen: number }>();
  for (const s of streams) {
    for (const r of s.cluster?.replicas ?? []) {
      const node = perNode.get(r.name) ?? { offline: [], seen: 0 };
      node.seen++;
      if (isOffline(r)) node.offline.push(s.name);
      perNode.set(r.name, node);
    }
  }
  const out: RawFinding[] = [];
  for (const [name, node] of perNode) {
    if (node.offline.length === 0 || node.offline.length < node.seen) continue;
    const listed = node.offline.slice(0, 5).join(", ");
    const more = node.offline.length > 5 ? ` and ${node.offline.length - 5} more` : "";
    out.push({
      id: `replica_unhealthy:node:${name}`,
      rule: "replica_unhealthy",
      severity: "critical",
      title: `Node ${name} is missing: its replicas are offline`,
      detail: `No leader has heard from node ${name}: its replicas of ${formatCount(node.offline.length)} ${node.offline.length === 1 ? "stream are" : "streams are"} offline (${listed}${more}). Clients connected to it fail over to the other servers; its streams run on the remaining replicas until it is back.`,
      where: {},
      value: node.offline.length,
      threshold: 0,
      unit: "streams",
      href: "/streams",
    });
  }
  return out;
}
