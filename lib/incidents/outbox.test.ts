// The outbox against a real nats-server (its KV store) and a local HTTP receiver: a burst of incidents above a
// channel's per-minute limit goes out as one digest per channel, each event in it counted delivered exactly once;
// below the limit events go one by one; a failing receiver gets the digest again, never an event twice.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import type { ChannelSettings } from "@/lib/config/alerts-schema";
import type { Finding } from "@/lib/dto/findings";
import type { Incident } from "@/lib/dto/incidents";
import { stepIncidents, type IncidentRecord } from "./engine";
import { MAX_DIGEST, Outbox } from "./outbox";
import { IncidentStore, incidentBucket } from "./store";
import { HttpReceiver } from "./testing/http-receiver";

const ENV = "storm";
/** Now, as the engine sees it: the outbox skips events over an hour old when first tried, so a fixed date ages out. */
const T0 = Date.now();
const LIMIT = 10;
const ENGINE = { settleMs: 0, reopenWithinMs: 0, remindMs: 0 };

function stalled(consumer: string, at: number): Finding {
  return {
    id: `consumer_stalled:WORK/${consumer}`,
    rule: "consumer_stalled",
    severity: consumer.endsWith("0") ? "critical" : "warning",
    title: "stalled",
    detail: "",
    where: { stream: "WORK", consumer },
    since: new Date(at).toISOString(),
    value: 1,
    threshold: 0,
    unit: "",
    href: "/x",
  };
}

const toDto = (r: IncidentRecord): Incident => ({
  ...r,
  acknowledged: null,
  nextSteps: [],
  runbookUrl: null,
});

describe("notification storms", () => {
  const suite = useNatsServer();
  let receiver: HttpReceiver;
  let store: IncidentStore;
  /** The outbox's clock: real time plus what a test skips ahead. */
  let skipped = 0;
  /** The newest record per cause, as the service keeps them. */
  const latest = new Map<string, IncidentRecord>();

  beforeAll(async () => {
    receiver = await HttpReceiver.start();
  });
  afterAll(async () => {
    await receiver?.stop();
  });

  afterEach(async () => {
    store?.close();
    latest.clear();
    receiver.received.length = 0;
    skipped = 0;
    const jsm = await jetstreamManager(suite().nc);
    await jsm.streams.delete(`KV_${incidentBucket(ENV)}`).catch(() => false);
  });

  const channels: ChannelSettings[] = [
    { type: "webhook", name: "hook", url: "" },
    { type: "slack", name: "slack", url: "" },
    { type: "alertmanager", name: "am", url: "" },
  ];

  async function outbox(): Promise<Outbox> {
    store = await IncidentStore.open(suite().nc, ENV);
    return new Outbox(store, {
      environment: ENV,
      channels: channels.map((c) => ({ ...c, url: `${receiver.url}/${c.name}` })),
      toDto,
      linkFor: (id) => `https://switchyard.example.com/${ENV}/incidents/${id}`,
      listLink: `https://switchyard.example.com/${ENV}/incidents`,
      maxPerMinute: LIMIT,
      mayDeliver: () => true,
      retryBaseMs: 50,
      now: () => Date.now() + skipped,
    });
  }

  /** One engine step over these stalled consumers (the rest clear), its records stored and mirrored back. */
  async function step(at: number, consumers: string[]): Promise<IncidentRecord[]> {
    const changed = stepIncidents(
      latest,
      consumers.map((c) => stalled(c, at)),
      at,
      ENGINE,
      () => false,
    );
    for (const r of changed) {
      latest.set(r.cause, r);
      await store.putIncident(r);
    }
    await waitFor(() => changed.every((r) => store.incident(r.id)?.events.length === r.events.length), {
      what: "the store mirrors the step",
    });
    return changed;
  }

  /** What a channel was sent (Alertmanager's to <url>/api/v2/alerts), in arrival order. */
  const requestsTo = (channel: string) => receiver.received.filter((r) => r.path.startsWith(`/${channel}`));
  /** Kinds of what the webhook was sent, from request `from` on. */
  const hookEvents = (from = 0) =>
    requestsTo("hook")
      .slice(from)
      .map((r) => (r.body as { event: string }).event);
  /** Every channel was sent this many requests. */
  const expectRequests = (n: number) => {
    for (const c of channels) expect(requestsTo(c.name)).toHaveLength(n);
  };
  async function deliver(box: Outbox): Promise<void> {
    box.pump();
    await box.idle();
  }
  const consumers = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `worker-${from + i}`);

  it("a burst above the limit is one digest per channel, each event in it delivered once", async () => {
    const box = await outbox();
    const opened = await step(T0, consumers(30));
    await deliver(box);
    await deliver(box);

    expectRequests(1);
    const hook = requestsTo("hook")[0]!.body as {
      event: string;
      count: number;
      notices: { id: string; event: string; incident: { severity: string } }[];
    };
    expect(hook.event).toBe("digest");
    expect(hook.count).toBe(30);
    expect(new Set(hook.notices.map((n) => n.id)).size).toBe(30);
    expect(hook.notices.map((n) => n.id).sort()).toEqual(opened.map((r) => `${r.id}:1`).sort());
    // Worst first: the three critical ones (worker-0, -10, -20) lead.
    expect(hook.notices.slice(0, 3).map((n) => n.incident.severity)).toEqual([
      "critical",
      "critical",
      "critical",
    ]);
    expect(requestsTo("hook")[0]!.headers["idempotency-key"]).toMatch(/^digest:[0-9a-f]{20}$/);

    const slack = (requestsTo("slack")[0]!.body as { text: string }).text.split("\n");
    expect(slack[0]).toContain("*30 incident updates* in storm: 30 opened");
    // One line per trouble shared by many consumers, worst first, naming the first few.
    expect(slack.slice(2, -1)).toEqual([
      expect.stringMatching(
        /^:red_circle: \*CRITICAL\* 3 consumers on stream WORK: .+ \(opened\): worker-0, worker-10, worker-20$/,
      ),
      expect.stringMatching(
        /^:large_orange_circle: \*WARNING\* 27 consumers on stream WORK: .+ \(opened\): worker-1, worker-2, worker-3, worker-4, worker-5 and 22 more$/,
      ),
    ]);
    expect(slack.at(-1)).toBe(
      `<https://switchyard.example.com/${ENV}/incidents|All incidents in Switchyard>`,
    );
    expect(requestsTo("am")[0]!.path).toBe("/am/api/v2/alerts");
    expect((requestsTo("am")[0]!.body as unknown[]).length).toBe(30);

    for (const c of channels) {
      for (const r of opened) expect(store.delivered(c.name, r.id)).toBe(1);
      const log = store.deliveryLog(c.name);
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ result: "delivered", digestOf: 30, status: 200 });
    }
  });

  it("a storm bigger than a digest holds is split into digests of at most MAX_DIGEST, each under a megabyte", async () => {
    const box = await outbox();
    const opened = await step(T0, consumers(2 * MAX_DIGEST + 100));
    await waitFor(
      async () => {
        await deliver(box);
        return opened.every((r) => store.delivered("hook", r.id) === 1);
      },
      { what: "every open delivered" },
    );
    const counts = requestsTo("hook").map((r) => (r.body as { count: number }).count);
    expect(counts).toEqual([MAX_DIGEST, MAX_DIGEST, 100]);
    for (const r of receiver.received) expect(JSON.stringify(r.body).length).toBeLessThan(1_000_000);
    const ids = requestsTo("hook").flatMap((r) =>
      (r.body as { notices: { id: string }[] }).notices.map((n) => n.id),
    );
    expect(new Set(ids).size).toBe(opened.length);
  });

  it("below the limit events go one by one; what the minute has left decides when they group", async () => {
    const box = await outbox();
    const all = consumers(20);
    await step(T0, all);
    await deliver(box);
    expectRequests(1); // the digest of 20 opens

    // 5 resolve: 9 requests left this minute, so each goes alone.
    await step(T0 + 1000, all.slice(5));
    await deliver(box);
    expectRequests(6);
    expect(hookEvents(1)).toEqual(Array(5).fill("resolve"));

    // 6 more resolve: 4 left, so one digest.
    await step(T0 + 2000, all.slice(11));
    await deliver(box);
    expectRequests(7);
    expect(requestsTo("hook")[6]!.body).toMatchObject({ event: "digest", count: 6 });

    // The limit is spent: 3 requests left; 4 more resolves wait for the minute to pass.
    for (let i = 0; i < 3; i++) {
      await step(T0 + 3000 + i, all.slice(12 + i));
      box.pump();
      await box.idle();
    }
    expectRequests(10);
    await step(T0 + 4000, all.slice(18));
    await deliver(box);
    expectRequests(10);
    skipped = 61_000;
    await deliver(box);
    expectRequests(14);
    expect(hookEvents(10)).toEqual(Array(4).fill("resolve"));

    // Every event reached every channel exactly once.
    for (const c of channels)
      for (const r of latest.values()) expect(store.delivered(c.name, r.id)).toBe(r.events.at(-1)!.seq);
  });

  it("a receiver that fails gets the digest again, and no event twice", async () => {
    const box = await outbox();
    receiver.failNext("/hook", 2);
    const opened = await step(T0, consumers(25));
    await waitFor(
      () => {
        box.pump();
        return opened.every((r) => store.delivered("hook", r.id) === 1);
      },
      { what: "the digest delivered after two failures" },
    );
    await box.idle();
    const hook = requestsTo("hook");
    expect(hook).toHaveLength(3);
    const delivered = hook
      .slice(2)
      .flatMap((r) => (r.body as { notices: { id: string }[] }).notices.map((n) => n.id));
    expect(delivered.sort()).toEqual(opened.map((r) => `${r.id}:1`).sort());
    expect(hook.map((r) => r.headers["idempotency-key"])).toEqual(
      Array(3).fill(hook[0]!.headers["idempotency-key"]),
    );
    expect(store.deliveryLog("hook").map((e) => [e.result, e.attempt, e.digestOf])).toEqual([
      ["delivered", 3, 25],
      ["failed", 2, 25],
      ["failed", 1, 25],
    ]);
  });

  it("silenced incidents are logged, not sent, and take nothing from the limit", async () => {
    const box = await outbox();
    const opened = await step(T0, consumers(14));
    // A silence on the stream's consumers 0–9 leaves 4 to send: below the limit, each alone.
    for (const consumer of consumers(10))
      await store.putSilence({
        id: `s-${consumer}`,
        consumer,
        createdBy: "olga",
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
    await waitFor(() => store.silences().length === 10);
    await deliver(box);
    expect(hookEvents()).toEqual(Array(4).fill("open"));
    const results = store.deliveryLog("hook").map((e) => e.result);
    expect(results.filter((r) => r === "silenced")).toHaveLength(10);
    for (const r of opened) expect(store.delivered("hook", r.id)).toBe(1);
  });
});
