import { describe, expect, it } from "vitest";
import {
  consumerListQuery,
  findingsQuery,
  streamListQuery,
  subjectsQuery,
  SUMMARY_FINDINGS,
  WORST_ROWS,
} from "@/lib/dto/estate";
import type { Finding } from "@/lib/dto/findings";
import { liveViewQuery } from "@/lib/dto/live-view";
import type { ConsumerSummary, Overview, StreamSummary } from "@/lib/dto/overview";
import { consumerPage, estateSummary, findingsPage, streamPage } from "./estate-views";
import { liveView } from "./live-views";
import { nextDelay } from "./collector";

function consumer(streamName: string, name: string, over: Partial<ConsumerSummary> = {}): ConsumerSummary {
  const backlog = (over.numPending ?? 0) + (over.numAckPending ?? 0);
  return {
    stream: streamName,
    name,
    durable: true,
    internal: name.startsWith("switchyard_"),
    pull: true,
    filterSubjects: [`${streamName.toLowerCase()}.${name}`],
    ackPolicy: "explicit",
    ackWaitSeconds: 30,
    maxDeliver: 5,
    backoffSeconds: [],
    deliverPolicy: "all",
    maxAckPending: 1000,
    numPending: 0,
    deliveredConsumerSeq: 0,
    numAckPending: 0,
    numRedelivered: 0,
    numWaiting: 1,
    backlog,
    ackFloorStreamSeq: 0,
    deliveredStreamSeq: 0,
    outRate: null,
    redeliveryRate: null,
    paused: false,
    idleSeconds: null,
    etaSeconds: null,
    oldestUnprocessedAgeSeconds: null,
    oldestUnprocessedSeq: null,
    stalledPolls: 0,
    advisories: null,
    ...over,
  };
}

function stream(
  name: string,
  consumers: ConsumerSummary[],
  over: Partial<StreamSummary> = {},
): StreamSummary {
  return {
    name,
    subjects: [`${name.toLowerCase()}.>`],
    retention: "limits",
    storage: "memory",
    replicas: 1,
    messages: 10,
    bytes: 100,
    firstSeq: 1,
    lastSeq: 10,
    consumerCount: consumers.length,
    limits: { maxMsgs: -1, maxBytes: -1, maxAgeSeconds: 0, discard: "old" },
    limitUse: { messages: null, bytes: null, age: null },
    subjectDepths: null,
    inRate: null,
    consumers,
    ...over,
  };
}

/** `n` streams S000… with `c` consumers each; consumer c0 of stream i has backlog i. */
function estate(n: number, c: number, findings: Finding[] = []): Overview {
  const streams = Array.from({ length: n }, (_, i) => {
    const name = `S${String(i).padStart(3, "0")}`;
    return stream(
      name,
      Array.from({ length: c }, (_unused, j) =>
        consumer(name, `c${j}`, j === 0 ? { numPending: i, oldestUnprocessedAgeSeconds: i || null } : {}),
      ),
    );
  });
  return {
    environment: "e",
    connection: { name: "e", servers: [], state: "connected", since: "2026-01-01T00:00:00Z" },
    poll: {
      polledAt: "2026-01-01T00:00:00Z",
      durationMs: 1,
      requests: 1,
      intervalMs: 5000,
      skippedTicks: 0,
      pollsTotal: 1,
      errorsTotal: 0,
      stale: false,
    },
    streams,
    findings,
  };
}

function finding(i: number): Finding {
  return {
    id: `f${i}`,
    rule: "oldest_message_age",
    severity: i % 3 === 0 ? "critical" : "warning",
    title: `finding ${i}`,
    detail: "",
    where: { stream: `S${String(i).padStart(3, "0")}`, consumer: "c0" },
    since: "2026-01-01T00:00:00Z",
    value: i,
    threshold: 0,
    unit: "s",
    href: "",
  };
}

describe("estate summary", () => {
  it("is the same size whatever the estate, with totals and worst rows", () => {
    const small = estateSummary(estate(20, 10, [finding(1)]));
    const large = estate(
      1000,
      10,
      Array.from({ length: 500 }, (_, i) => finding(i)),
    );
    const summary = estateSummary(large);
    expect(summary.totals).toMatchObject({ streams: 1000, consumers: 10_000, appConsumers: 10_000 });
    expect(summary.totals.backlog).toBe((999 * 1000) / 2);
    expect(summary.findings).toHaveLength(SUMMARY_FINDINGS);
    expect(summary.findings.every((f) => f.severity === "critical")).toBe(true);
    expect(summary.findingCounts).toMatchObject({ total: 500, critical: 167, warning: 333 });
    expect(summary.worst.backlog.map((c) => c.stream)).toEqual(["S999", "S998", "S997", "S996", "S995"]);
    expect(summary.worst.oldest).toHaveLength(WORST_ROWS);
    expect(summary.worst.redelivery).toEqual([]);
    expect(summary.worst.streams[0]!.name).toBe("S999");
    // Bounded: within a few KB of the 20-stream summary (names are longer, lists are full).
    expect(JSON.stringify(summary).length).toBeLessThan(40_000);
    expect(JSON.stringify(summary).length - JSON.stringify(small).length).toBeLessThan(30_000);
  });

  it("leaves Switchyard's own consumers out of the application's counts", () => {
    const overview = estate(1, 0);
    overview.streams = [stream("T", [consumer("T", "w"), consumer("T", "switchyard_tail")])];
    const summary = estateSummary(overview);
    expect(summary.totals).toMatchObject({ consumers: 2, appConsumers: 1 });
    expect(streamPage(overview, streamListQuery.parse({})).items[0]).toMatchObject({
      consumers: 1,
      ownConsumers: 1,
    });
  });
});

describe("stream pages", () => {
  const overview = estate(300, 10);

  it("walks the whole list with nextCursor, never more than limit rows", () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = streamPage(overview, streamListQuery.parse({ limit: "40", cursor }));
      expect(page.items.length).toBeLessThanOrEqual(40);
      seen.push(...page.items.map((s) => s.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(300);
    expect(new Set(seen).size).toBe(300);
    expect(seen[0]).toBe("S000");
  });

  it("filters by name or subject and sorts worst first", () => {
    const page = streamPage(overview, streamListQuery.parse({ filter: "s29", sort: "backlog" }));
    expect(page.matched).toBe(10);
    expect(page.total).toBe(300);
    expect(page.items.map((s) => s.name).slice(0, 3)).toEqual(["S299", "S298", "S297"]);
    expect(
      streamPage(overview, streamListQuery.parse({ filter: "s150.>" })).items.map((s) => s.name),
    ).toEqual(["S150"]);
  });

  it("carries consumers only for opened streams, worst first and capped", () => {
    const page = streamPage(overview, streamListQuery.parse({ limit: "3", sort: "name", open: "S001" }));
    expect(page.items[0]!.consumerRows).toBeUndefined();
    expect(page.items[1]!.consumerRows).toHaveLength(10);
    const all = streamPage(overview, streamListQuery.parse({ limit: "3", open: "*" }));
    expect(all.items.every((s) => s.consumerRows?.length === 10)).toBe(true);
  });

  it("refuses unbounded or malformed queries", () => {
    expect(streamListQuery.safeParse({ limit: "1000" }).success).toBe(false);
    expect(streamListQuery.safeParse({ cursor: "-1" }).success).toBe(false);
    expect(streamListQuery.safeParse({ sort: "size" }).success).toBe(false);
    expect(
      streamListQuery.safeParse({ open: Array.from({ length: 21 }, (_, i) => `S${i}`).join(",") }).success,
    ).toBe(false);
  });
});

describe("consumer pages and live views", () => {
  const overview = estate(50, 10);

  it("pages the estate's consumers worst first, or one stream's", () => {
    const worst = consumerPage(overview, consumerListQuery.parse({ limit: "3" }));
    expect(worst.items.map((c) => `${c.stream}/${c.name}`)).toEqual(["S049/c0", "S048/c0", "S047/c0"]);
    expect(worst.total).toBe(500);
    const one = consumerPage(
      overview,
      consumerListQuery.parse({ stream: "S007", sort: "name", filter: "c1" }),
    );
    expect(one.items.map((c) => c.name)).toEqual(["c1"]);
    expect(one.total).toBe(10);
  });

  it("a stream view pages the stream's consumers", () => {
    const view = liveView(
      overview,
      liveViewQuery.parse({ view: "stream", stream: "S003", limit: "4", cursor: "8" }),
    );
    expect(view).toMatchObject({ consumers: { matched: 10, offset: 8, nextCursor: null } });
    expect((view as { stream: StreamSummary }).stream.consumers.map((c) => c.name)).toEqual(["c8", "c9"]);
    expect(liveViewQuery.safeParse({ view: "stream" }).success).toBe(false);
  });
});

describe("findings pages", () => {
  const overview = estate(
    10,
    1,
    Array.from({ length: 250 }, (_, i) => finding(i)),
  );

  it("walks every finding worst first, a bounded page at a time", () => {
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = findingsPage(overview, findingsQuery.parse({ limit: "100", cursor }));
      expect(page.items.length).toBeLessThanOrEqual(100);
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const all = pages.flatMap((p) => p.items);
    expect(pages).toHaveLength(3);
    expect(new Set(all.map((f) => f.id)).size).toBe(250);
    expect(all.slice(0, 84).every((f) => f.severity === "critical")).toBe(true);
    expect(all[84]!.severity).toBe("warning");
    // The summary's worst few are the first page's first rows.
    expect(estateSummary(overview).findings).toEqual(all.slice(0, SUMMARY_FINDINGS));
  });

  it("refuses unbounded or malformed queries", () => {
    expect(findingsQuery.parse({})).toMatchObject({ limit: 50 });
    expect(findingsQuery.safeParse({ limit: "101" }).success).toBe(false);
    expect(findingsQuery.safeParse({ cursor: "next" }).success).toBe(false);
    expect(subjectsQuery.parse({})).toMatchObject({ filter: ">", limit: 50 });
    expect(subjectsQuery.safeParse({ limit: "1001" }).success).toBe(false);
  });
});

describe("poll interval", () => {
  it("stretches to three times a poll that takes over a third of the interval", () => {
    expect(nextDelay(5000, null)).toBe(5000);
    expect(nextDelay(5000, 1666)).toBe(5000);
    expect(nextDelay(5000, 2500)).toBe(7500);
    expect(nextDelay(1000, 4000)).toBe(12_000);
  });
});
