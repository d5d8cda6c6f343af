// Raw JetStream API requests with a request counter, so the collector knows exactly what each poll cost.
import type { NatsConnection } from "@nats-io/transport-node";
import { JetStreamApiError, type ApiError } from "@nats-io/jetstream";

export type ApiCounter = { requests: number };

export async function jsApiRequest<T>(
  nc: NatsConnection,
  prefix: string,
  subject: string,
  body: unknown,
  counter: ApiCounter,
  timeoutMs = 5000,
): Promise<T> {
  counter.requests++;
  const reply = await nc.request(`${prefix}.${subject}`, body === undefined ? "" : JSON.stringify(body), {
    timeout: timeoutMs,
  });
  const json = reply.json<T & { error?: ApiError }>();
  if (json.error) throw new JetStreamApiError(json.error);
  return json;
}

type PagedResponse = { total: number; offset: number; limit: number };

/** Pages through a JetStream list API (STREAM.LIST, CONSUMER.LIST.*) and returns every item. */
export async function listAll<T>(
  nc: NatsConnection,
  prefix: string,
  subject: string,
  key: "streams" | "consumers",
  counter: ApiCounter,
): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const page = await jsApiRequest<PagedResponse & Record<typeof key, T[] | null>>(
      nc,
      prefix,
      subject,
      { offset: items.length },
      counter,
    );
    const got = page[key] ?? [];
    items.push(...got);
    if (got.length === 0 || items.length >= page.total) return uniqueByName(items);
  }
}

/**
 * One item per stream or consumer name. A clustered nats-server 2.9 answered a STREAM.LIST with one stream twice while
 * a node was down (seen in the cluster fault suite), and pages shift when streams come and go between requests.
 */
function uniqueByName<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const named = item as { name?: string; config?: { name?: string } };
    const name = named.config?.name ?? named.name;
    if (name === undefined) return true;
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}
