// Incidents and notifications end to end against a real nats-server, the simulator and a local HTTP receiver:
// one outage → one incident and one notification per channel, one resolve; silences; acknowledgement; a killed
// sending replica; a failing receiver.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { EnvironmentConnection } from "@/lib/nats/connection";
import { Collector } from "@/lib/collector/collector";
import { resolveAlerts, type AlertsConfig } from "@/lib/config/alerts-schema";
import type { Actor } from "@/lib/core/actor";
import { CONSUMERS, DEFAULT_TOOLS, NO_FAILURES, Simulator, STREAMS } from "@/lib/simulator";
import { IncidentService } from "./service";
import type { IncidentRecord } from "./engine";
import { HttpReceiver, type Received } from "./testing/http-receiver";
import { incidentBucket } from "./store";

const ENV = "t";
const OPERATOR: Actor = { user: "olga", role: "operator", address: "127.0.0.1", via: "session" };
const HEALTH = { idleSeconds: 1, stalledPolls: 4 };
const fastTools = DEFAULT_TOOLS.map((t) => ({
  ...t,
  latencyMs: [5, 20] as [number, number],
  slow: undefined,
}));

type Replica = {
  service: IncidentService;
  collector: Collector;
  kill: () => Promise<void>;
  stop: () => Promise<void>;
};

describe("incidents and notifications", () => {
  const suite = useNatsServer();
  let receiver: HttpReceiver;
  let sim: Simulator;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    receiver = await HttpReceiver.start();
    sim = await Simulator.start(suite().nc, {
      seed: 3,
      conversationsPerMinute: 600,
      tools: fastTools,
      failures: NO_FAILURES,
      storage: "memory",
      ackWaitMs: 2000,
    });
  });

  afterAll(async () => {
    await sim?.stop();
    await receiver?.stop();
  });

  afterEach(async () => {
    for (const r of replicas.splice(0)) await r.stop();
    const jsm = await jetstreamManager(suite().nc);
    for (const b of [incidentBucket(ENV)]) await jsm.streams.delete(`KV_${b}`).catch(() => false);
    for (const tool of sim.toolNames) sim.setPoolEnabled(tool, true);
  });

  function alerts(extra: Partial<AlertsConfig> = {}, paths = ["/hook", "/slack", "/am"]): AlertsConfig {
    const types = ["webhook", "slack", "alertmanager"] as const;
    return {
      ...resolveAlerts({ settleSeconds: 1 }, undefined, "https://switchyard.example.com"),
      channels: paths.map((p, i) => ({ type: types[i]!, name: p.slice(1), url: `${receiver.url}${p}` })),
      ...extra,
    };
  }

  async function replica(
    name: string,
    config: AlertsConfig,
    remindMs = 0,
    retryBaseMs = 100,
  ): Promise<Replica> {
    const connection = new EnvironmentConnection({
      name: ENV,
      servers: [suite().server.url],
      deadLetterStreams: [],
    }).start();
    await waitFor(() => connection.status().state === "connected");
    const collector = new Collector(connection, { intervalMs: 250, health: HEALTH }).start();
    const { nc } = suite();
    const service = await IncidentService.start({
      environment: ENV,
      nc: connection.connection(),
      source: collector,
      alerts: config,
      audit: async () => ({ nc, jsm: await jetstreamManager(nc) }),
      replicaId: name,
      retryBaseMs,
      leaseMs: 1000,
      timings: { remindMs },
    });
    let down = false;
    const r: Replica = {
      service,
      collector,
      kill: async () => {
        // A crash: no lease release, no goodbye.
        down = true;
        service.halt();
        collector.stop();
        await connection.stop();
      },
      stop: async () => {
        if (down) return;
        await service.stop();
        collector.stop();
        await connection.stop();
      },
    };
    replicas.push(r);
    return r;
  }

  const consumerOf = (tool: string) => CONSUMERS.toolWorkers(tool);
  const incidentFor = (r: Replica, tool: string): IncidentRecord | undefined =>
    r.service.store.incidents().find((i) => i.where.consumer === consumerOf(tool));
  /** What one channel received about one incident, as [event kind, seq] in arrival order. */
  function got(path: string, incidentId: string): string[] {
    return receiver
      .on(path)
      .filter((x) => (x.headers["idempotency-key"] ?? "").startsWith(`${incidentId}:`))
      .map((x) => x.headers["idempotency-key"]!);
  }
  const keysOf = (r: IncidentRecord) => r.events.map((e) => `${r.id}:${e.seq}`);
  /** When a stopped consumer's outage began by NATS's own figures: its last delivery, or the first message left waiting. */
  async function outageTruth(consumer: string): Promise<number> {
    const jsm = await jetstreamManager(suite().nc);
    const info = await jsm.consumers.info(STREAMS.toolRequests, consumer);
    // On the wire last_active is an ISO time (the client's type says nanoseconds).
    const lastDelivery = Date.parse(String(info.delivered.last_active));
    const reply = await suite().nc.request(
      `$JS.API.STREAM.MSG.GET.${STREAMS.toolRequests}`,
      JSON.stringify({ seq: info.delivered.stream_seq + 1, next_by_subj: info.config.filter_subject }),
    );
    const waiting = reply.json<{ message?: { time: string } }>().message;
    return Math.max(lastDelivery, waiting ? Date.parse(waiting.time) : lastDelivery);
  }

  it("an outage is one incident with one notification per channel and event; recovery sends one resolve", async () => {
    const a = await replica("a", alerts());
    await waitFor(() => a.service.holdsLease, { what: "lease" });
    const tool = "crm_lookup";
    const offAt = Date.now();
    sim.setPoolEnabled(tool, false);
    const open = await waitFor(() => incidentFor(a, tool), { what: "incident", timeoutMs: 20_000 });
    for (const p of ["/hook", "/slack", "/am/api/v2/alerts"])
      await waitFor(() => got(p, open.id).length >= 1, { what: `open on ${p}` });
    expect(open.title).toBe(
      `${consumerOf(tool)} on stream ${STREAMS.toolRequests}: ${open.title.split(": ")[1]}`,
    );
    // The start is the consumer's last delivery (a pull sent before the switch may still deliver for its 1 s
    // expiry) or, when later, the first message left waiting: between the switch and what NATS says, ± a poll.
    const truth = await outageTruth(consumerOf(tool));
    expect(Date.parse(open.startedAt)).toBeGreaterThanOrEqual(offAt - 1000);
    expect(Date.parse(open.startedAt)).toBeLessThanOrEqual(truth + 1000);
    // While a symptom fires, the incident shows the finding's text as of the last poll (stored records are not
    // rewritten for figures that change every poll).
    const live = new Map(a.collector.latest().findings.map((f) => [f.id, f.detail]));
    for (const symptom of a.service.get(open.id).symptoms.filter((x) => x.clearedAt === null))
      expect(symptom.detail).toBe(live.get(symptom.findingId));

    const hook = receiver.on("/hook").find((x) => x.headers["idempotency-key"] === `${open.id}:1`)!;
    expect(hook.body).toMatchObject({
      event: "open",
      environment: ENV,
      incident: { id: open.id, where: { stream: STREAMS.toolRequests, consumer: consumerOf(tool) } },
      link: `https://switchyard.example.com/${ENV}/incidents/${open.id}`,
    });
    const slack = receiver.on("/slack").find((x) => x.headers["idempotency-key"] === `${open.id}:1`)!;
    const text = (slack.body as { text: string }).text;
    expect(text).toContain(consumerOf(tool));
    expect(text).toContain(`since* ${open.startedAt}`);
    expect(text).toContain(`<https://switchyard.example.com/${ENV}/incidents/${open.id}|Open in Switchyard>`);
    const am = receiver.on("/am/api/v2/alerts").find((x) => x.headers["idempotency-key"] === `${open.id}:1`)!;
    const [alert] = am.body as { labels: Record<string, string>; endsAt: string }[];
    expect(alert!.labels).toMatchObject({
      environment: ENV,
      stream: STREAMS.toolRequests,
      consumer: consumerOf(tool),
    });
    expect(Date.parse(alert!.endsAt)).toBeGreaterThan(Date.now());

    sim.setPoolEnabled(tool, true);
    const resolved = await waitFor(
      () => (incidentFor(a, tool)?.state === "resolved" ? incidentFor(a, tool) : null),
      {
        what: "resolved",
        timeoutMs: 20_000,
      },
    );
    for (const p of ["/hook", "/slack", "/am/api/v2/alerts"])
      await waitFor(() => got(p, resolved.id).length === resolved.events.length, { what: `resolve on ${p}` });
    await a.service.outbox.idle();
    expect(a.service.store.incidents()).toHaveLength(1);
    expect(resolved.events.filter((e) => e.kind === "open")).toHaveLength(1);
    expect(resolved.events.filter((e) => e.kind === "resolve")).toHaveLength(1);
    for (const p of ["/hook", "/slack", "/am/api/v2/alerts"])
      expect(got(p, resolved.id)).toEqual(keysOf(resolved));
    const lastAm = receiver.on("/am/api/v2/alerts").at(-1)!.body as { endsAt: string }[];
    expect(lastAm[0]!.endsAt).toBe(resolved.resolvedAt);
  });

  it("a silenced incident sends nothing, and the delivery log says it was silenced", async () => {
    const a = await replica("a", alerts());
    await waitFor(() => a.service.holdsLease, { what: "lease" });
    const tool = "web_search";
    const silence = await a.service.silence(
      { consumer: consumerOf(tool), minutes: 30, comment: "deploying" },
      OPERATOR,
    );
    expect(a.service.silences().map((s) => s.id)).toEqual([silence.id]);
    sim.setPoolEnabled(tool, false);
    const open = await waitFor(() => incidentFor(a, tool), { what: "incident", timeoutMs: 20_000 });
    const log = await waitFor(
      async () => {
        const l = await a.service.deliveryLog();
        return l.entries.filter((e) => e.incidentId === open.id && e.result === "silenced").length >= 3
          ? l
          : null;
      },
      { what: "silenced entries for every channel" },
    );
    expect(log.channels.map((c) => c.maskedUrl)).toEqual(Array(3).fill(`${receiver.url}/…`));
    expect(receiver.received.filter((x) => x.headers["idempotency-key"]?.startsWith(open.id))).toEqual([]);
    const { nc } = suite();
    const audit = await (
      await jetstreamManager(nc)
    ).streams.getMessage("SWITCHYARD_AUDIT", {
      last_by_subj: "switchyard.audit.silence.create",
    });
    expect(audit?.json<{ user: string; detail: { consumer: string } }>()).toMatchObject({
      user: "olga",
      detail: { consumer: consumerOf(tool) },
    });
  });

  it("acknowledging stops reminders and is audited and shown on the incident", async () => {
    const a = await replica("a", alerts({}, ["/ack"]), 700);
    await waitFor(() => a.service.holdsLease, { what: "lease" });
    const tool = "db_report";
    sim.setPoolEnabled(tool, false);
    const open = await waitFor(() => incidentFor(a, tool), { what: "incident", timeoutMs: 20_000 });
    await waitFor(() => incidentFor(a, tool)!.events.some((e) => e.kind === "reminder"), {
      what: "a reminder",
    });
    const page = () => a.service.list({ state: "open", limit: 10, offset: 0 });
    const unacknowledged = page().counts.unacknowledged;
    expect(unacknowledged).toBeGreaterThanOrEqual(1);
    const acked = await a.service.acknowledge(open.id, OPERATOR, "looking");
    expect(acked.acknowledged).toMatchObject({ by: "olga", note: "looking" });
    // The list's counts (kept per change of the store) see the acknowledgement at once.
    expect(page().counts.unacknowledged).toBe(unacknowledged - 1);
    expect(page().incidents.find((i) => i.id === open.id)?.acknowledged?.by).toBe("olga");
    expect(acked.timeline.some((t) => t.kind === "acknowledged" && t.text.includes("olga"))).toBe(true);
    const eventsAtAck = incidentFor(a, tool)!.events.length;
    // Several reminder periods of polls later, no new event.
    const polls = a.collector.latest().poll.pollsTotal;
    await waitFor(() => a.collector.latest().poll.pollsTotal >= polls + 12, { what: "12 more polls (3 s)" });
    expect(incidentFor(a, tool)!.events.length).toBe(eventsAtAck);
    await a.service.outbox.idle();
    expect(got("/ack", open.id)).toEqual(keysOf(incidentFor(a, tool)!));
    await expect(a.service.acknowledge(open.id, { ...OPERATOR, user: "bob" })).rejects.toThrow(
      /already acknowledged by olga/,
    );
    const { nc } = suite();
    const audit = await (
      await jetstreamManager(nc)
    ).streams.getMessage("SWITCHYARD_AUDIT", {
      last_by_subj: "switchyard.audit.incident.acknowledge",
    });
    expect(audit?.json<{ user: string; detail: { incident: string; note: string } }>()).toMatchObject({
      user: "olga",
      detail: { incident: open.id, note: "looking" },
    });
  });

  it("killing the sending replica neither duplicates nor loses a notification", async () => {
    // A delivers the open to two channels; the third refuses it once and A would retry only a minute later.
    receiver.failNext("/am/api/v2/alerts", 1);
    const a = await replica("a", alerts(), 0, 60_000);
    await waitFor(() => a.service.holdsLease, { what: "lease a" });
    const b = await replica("b", alerts());
    expect(b.service.holdsLease).toBe(false);
    const tool = "send_email";
    sim.setPoolEnabled(tool, false);
    const open = await waitFor(() => incidentFor(a, tool), { what: "incident", timeoutMs: 20_000 });
    for (const p of ["/hook", "/slack", "/am/api/v2/alerts"])
      await waitFor(() => got(p, open.id).length >= 1, { what: `open tried on ${p}` });
    await a.service.outbox.idle();
    await waitFor(() => incidentFor(b, tool)?.id === open.id, { what: "b mirrors the incident" });
    const deliveredByA = ["/hook", "/slack"].map((p) => got(p, open.id).length);
    await a.kill();
    sim.setPoolEnabled(tool, true);
    await waitFor(() => b.service.holdsLease, { what: "b takes the lease", timeoutMs: 10_000 });
    const resolved = await waitFor(
      () => (incidentFor(b, tool)?.state === "resolved" ? incidentFor(b, tool) : null),
      { what: "resolved by b", timeoutMs: 20_000 },
    );
    const paths = ["/hook", "/slack", "/am/api/v2/alerts"];
    for (const p of paths)
      await waitFor(() => new Set(got(p, resolved.id)).size === resolved.events.length, {
        what: `all events on ${p}`,
      });
    await b.service.outbox.idle();
    for (const p of ["/hook", "/slack"]) expect(got(p, resolved.id)).toEqual(keysOf(resolved));
    // The refused attempt (A's) and B's delivery of the same open, then the rest once each.
    expect(got("/am/api/v2/alerts", resolved.id)).toEqual([keysOf(resolved)[0], ...keysOf(resolved)]);
    expect(deliveredByA.every((n) => n >= 1)).toBe(true);
    expect(b.service.store.incidents()).toHaveLength(1);
  }, 60_000);

  it("a receiver that fails 3 times gets the notification on a retry, logged per attempt", async () => {
    receiver.failNext("/flaky", 3);
    const a = await replica("a", alerts({}, ["/flaky"]));
    await waitFor(() => a.service.holdsLease, { what: "lease" });
    const tool = "crm_lookup";
    sim.setPoolEnabled(tool, false);
    const open = await waitFor(() => incidentFor(a, tool), { what: "incident", timeoutMs: 20_000 });
    const log = await waitFor(
      async () => {
        const l = await a.service.deliveryLog();
        return l.entries.some((e) => e.incidentId === open.id && e.eventSeq === 1 && e.result === "delivered")
          ? l
          : null;
      },
      { what: "delivered after retries", timeoutMs: 15_000 },
    );
    const first = log.entries.filter((e) => e.incidentId === open.id && e.eventSeq === 1).reverse();
    expect(first.map((e) => [e.result, e.attempt, e.status])).toEqual([
      ["failed", 1, 500],
      ["failed", 2, 500],
      ["failed", 3, 500],
      ["delivered", 4, 200],
    ]);
    const tries: Received[] = receiver
      .on("/flaky")
      .filter((x) => x.headers["idempotency-key"] === `${open.id}:1`);
    expect(tries).toHaveLength(4);
  });
});
