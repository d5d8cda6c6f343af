// One list-based poll of an account's JetStream state: paged STREAM.LIST, then paged CONSUMER.LIST per stream.
import type { NatsConnection } from "@nats-io/transport-node";
import type { ConsumerInfo, StreamInfo } from "@nats-io/jetstream";
import { listAll, type ApiCounter } from "@/lib/nats/jetstream-api";

export type RawPoll = {
  at: number;
  durationMs: number;
  requests: number;
  streams: StreamInfo[];
  consumers: Map<string, ConsumerInfo[]>;
};

export async function pollJetStream(nc: NatsConnection, prefix: string): Promise<RawPoll> {
  const started = performance.now();
  const counter: ApiCounter = { requests: 0 };
  const streams = await listAll<StreamInfo>(nc, prefix, "STREAM.LIST", "streams", counter);
  const consumers = new Map<string, ConsumerInfo[]>();
  await Promise.all(
    streams.map(async (si) => {
      const name = si.config.name;
      const list =
        si.state.consumer_count > 0
          ? await listAll<ConsumerInfo>(nc, prefix, `CONSUMER.LIST.${name}`, "consumers", counter)
          : [];
      consumers.set(name, list);
    }),
  );
  return {
    at: Date.now(),
    durationMs: performance.now() - started,
    requests: counter.requests,
    streams,
    consumers,
  };
}
