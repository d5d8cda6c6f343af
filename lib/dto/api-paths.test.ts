import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { apiPaths, type ApiPath } from "./api-paths";

// Names that need encoding: a space, a slash, '?', '#', '%' and a non-ASCII letter.
const ENV = "dev env/1";
const STREAM = "orders/v2?#%";
const CONSUMER = "wörker 1";

describe("apiPaths", () => {
  it("encodes every path segment", () => {
    expect(apiPaths.sparklines(ENV, {})).toBe("/api/env/dev%20env%2F1/sparklines");
    expect(apiPaths.events(ENV)).toBe("/api/env/dev%20env%2F1/events");
    expect(apiPaths.consumerSeries(ENV, STREAM, CONSUMER, { metric: "backlog", range: "6h" })).toBe(
      "/api/env/dev%20env%2F1/streams/orders%2Fv2%3F%23%25/consumers/w%C3%B6rker%201/series?metric=backlog&range=6h",
    );
    expect(apiPaths.message("prod", STREAM, "12/../x")).toBe(
      "/api/env/prod/streams/orders%2Fv2%3F%23%25/messages/12%2F..%2Fx",
    );
    expect(apiPaths.messageReveal("prod", "S", 7)).toBe("/api/env/prod/streams/S/messages/7/reveal");
    expect(apiPaths.deadLetterPayload(ENV, "DLQ/x", 42)).toBe(
      "/api/env/dev%20env%2F1/dead-letters/DLQ%2Fx/42/payload",
    );
    expect(apiPaths.redriveJobAction("prod", "rd-1", "pause")).toBe("/api/env/prod/redrive/rd-1/pause");
    expect(apiPaths.conversation("prod", "conv 1/#")).toBe("/api/env/prod/conversations/conv%201%2F%23");
  });

  it("leaves out undefined query values, and the '?' when none is left", () => {
    expect(apiPaths.streamSeries("prod", "S", { metric: "inRate", range: "1h" })).toBe(
      "/api/env/prod/streams/S/series?metric=inRate&range=1h",
    );
    expect(apiPaths.streamSeries("prod", "S", { metric: "inRate" })).toBe(
      "/api/env/prod/streams/S/series?metric=inRate",
    );
    expect(apiPaths.conversation("prod", "c1")).toBe("/api/env/prod/conversations/c1");
    expect(apiPaths.conversation("prod", "c1", { download: true })).toBe(
      "/api/env/prod/conversations/c1?download=1",
    );
    expect(apiPaths.conversations("prod")).toBe("/api/env/prod/conversations");
    expect(apiPaths.conversations("prod", { q: undefined, status: "waiting", stuckAfter: 30 })).toBe(
      "/api/env/prod/conversations?status=waiting&stuckAfter=30",
    );
    expect(apiPaths.audit("prod")).toBe("/api/env/prod/audit");
    expect(apiPaths.audit("prod", { before: 10, limit: undefined })).toBe("/api/env/prod/audit?before=10");
  });

  it("encodes query values", () => {
    expect(apiPaths.streamSubjects("prod", "S", { filter: "orders.*.>" })).toBe(
      "/api/env/prod/streams/S/subjects?filter=orders.*.%3E",
    );
    expect(apiPaths.streamSubjects("prod", "S", { filter: "a b&c=d" })).toBe(
      "/api/env/prod/streams/S/subjects?filter=a+b%26c%3Dd",
    );
  });

  it("puts dead-letter filters in the query the way the browse page's links do", () => {
    const filter = { subject: "tools.execute.*", reason: "terminated" as const, text: "time out" };
    expect(apiPaths.deadLetterExport("prod", filter, { dlq: "D" })).toBe(
      "/api/env/prod/dead-letters/export?subject=tools.execute.*&reason=terminated&text=time+out&dlq=D",
    );
    expect(apiPaths.deadLetterExport("prod")).toBe("/api/env/prod/dead-letters/export");
    expect(apiPaths.deadLetters("prod", {}, { dlq: "D", cursor: undefined, limit: 20 })).toBe(
      "/api/env/prod/dead-letters?dlq=D&limit=20",
    );
  });
});

// One sample URL per function; the type makes a new function add its sample here.
const SAMPLES: Record<keyof typeof apiPaths, ApiPath> = {
  health: apiPaths.health(),
  login: apiPaths.login(),
  logout: apiPaths.logout(),
  session: apiPaths.session(),
  overview: apiPaths.overview("e"),
  findings: apiPaths.findings("e"),
  sparklines: apiPaths.sparklines("e", { streams: ["S"] }),
  events: apiPaths.events("e"),
  view: apiPaths.view("e", { view: "stream", stream: "S", cursor: "25" }),
  streams: apiPaths.streams("e", { limit: 10 }),
  consumers: apiPaths.consumers("e", { stream: "S" }),
  stream: apiPaths.stream("e", "S"),
  streamSeries: apiPaths.streamSeries("e", "S", { metric: "messages" }),
  streamSubjects: apiPaths.streamSubjects("e", "S", { filter: ">" }),
  consumer: apiPaths.consumer("e", "S", "C"),
  consumerSeries: apiPaths.consumerSeries("e", "S", "C", { metric: "backlog" }),
  message: apiPaths.message("e", "S", 1),
  messageReveal: apiPaths.messageReveal("e", "S", 1),
  tools: apiPaths.tools("e"),
  tool: apiPaths.tool("e", "t"),
  toolSeries: apiPaths.toolSeries("e", "t", { metric: "p95" }),
  conversations: apiPaths.conversations("e"),
  conversation: apiPaths.conversation("e", "c"),
  deadLetters: apiPaths.deadLetters("e"),
  deadLetterSummary: apiPaths.deadLetterSummary("e"),
  deadLetterExport: apiPaths.deadLetterExport("e"),
  deadLetterStreams: apiPaths.deadLetterStreams("e"),
  deadLetterDiscard: apiPaths.deadLetterDiscard("e"),
  deadLetterEntry: apiPaths.deadLetterEntry("e", "D", 1),
  deadLetterPayload: apiPaths.deadLetterPayload("e", "D", 1),
  deadLetterRedrive: apiPaths.deadLetterRedrive("e", "D", 1),
  deadLetterReveal: apiPaths.deadLetterReveal("e", "D", 1),
  redrive: apiPaths.redrive("e"),
  redriveJob: apiPaths.redriveJob("e", "rd-1"),
  redriveJobAction: apiPaths.redriveJobAction("e", "rd-1", "cancel"),
  redriveJobInDoubt: apiPaths.redriveJobInDoubt("e", "rd-1"),
  audit: apiPaths.audit("e"),
  incidents: apiPaths.incidents("e"),
  incident: apiPaths.incident("e", "consumer-0123456789-abc"),
  incidentAcknowledge: apiPaths.incidentAcknowledge("e", "consumer-0123456789-abc"),
  silences: apiPaths.silences("e"),
  silenceExpire: apiPaths.silenceExpire("e", "0123456789abcdef"),
  notifications: apiPaths.notifications("e"),
};

const API_DIR = join(process.cwd(), "app", "api");

function routeTemplates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return routeTemplates(full);
    return entry.name === "route.ts" ? ["/api/" + relative(API_DIR, dir).split(sep).join("/")] : [];
  });
}

/** The route a URL reaches: a literal segment wins over a [param] one, as in Next's router. */
function routeOf(url: string, templates: string[]): string | undefined {
  const segments = url.split("?")[0]!.split("/");
  const fits = templates.filter((t) => {
    const parts = t.split("/");
    return parts.length === segments.length && parts.every((p, i) => p.startsWith("[") || p === segments[i]);
  });
  const dynamic = (t: string) => t.split("/").filter((p) => p.startsWith("[")).length;
  return fits.sort((a, b) => dynamic(a) - dynamic(b))[0];
}

describe("apiPaths covers the API", () => {
  const templates = routeTemplates(API_DIR);
  it("has one function per route under app/api", () => {
    const reached = Object.values(SAMPLES).map((url) => routeOf(url, templates));
    expect(reached).not.toContain(undefined);
    expect(new Set(reached).size).toBe(reached.length);
    expect([...reached].sort()).toEqual([...templates].sort());
  });
});
