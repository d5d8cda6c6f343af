// How many replicas Switchyard's own streams and buckets get: 3 on a cluster of at least 3 servers (they then survive
// a node's kill -9 like the application's R3 streams, docs/decisions.md "Crash-safe redrive"), else 1.
import type { JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";

export function ownReplicas(nc: NatsConnection | undefined): number {
  const info = nc?.info;
  if (!info?.cluster) return 1;
  const servers = new Set([...(info.connect_urls ?? []), `${info.host}:${info.port}`]);
  return servers.size >= 3 ? 3 : 1;
}

/** The same, from a JetStream manager (its connection is not part of the typed API). */
export function ownReplicasOf(jsm: JetStreamManager): number {
  return ownReplicas((jsm as unknown as { nc?: NatsConnection }).nc);
}
