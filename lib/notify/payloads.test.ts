import { describe, expect, it } from "vitest";
import type { ChannelSettings } from "@/lib/config/alerts-schema";
import type { Incident, IncidentEvent } from "@/lib/dto/incidents";
import type { Severity } from "@/lib/dto/findings";
import { digestOrder, digestRequestFor, type Notice } from "./payloads";

const AT = "2026-12-01T03:00:00.000Z";

function notice(
  title: string,
  where: Incident["where"],
  severity: Severity,
  kind: IncidentEvent["kind"] = "open",
): Notice {
  const id = `i-${title.replace(/\W+/g, "-")}`;
  return {
    environment: "prod",
    event: { seq: 1, kind, at: AT, severity },
    link: `https://sy.example.com/prod/incidents/${id}`,
    incident: {
      id,
      cause: id,
      kind: where.consumer ? "consumer" : "stream",
      title,
      where,
      state: kind === "resolve" ? "resolved" : "open",
      severity,
      startedAt: AT,
      detectedAt: AT,
      lastActiveAt: AT,
      resolvedAt: kind === "resolve" ? AT : null,
      settleSeconds: 60,
      reopened: 0,
      symptoms: [],
      timeline: [],
      events: [],
      acknowledged: null,
      nextSteps: [],
      runbookUrl: null,
    },
  };
}

const consumerDown = (i: number, severity: Severity = "critical") =>
  notice(
    `worker-${i} on stream JOBS: no workers pulling`,
    { stream: "JOBS", consumer: `worker-${i}` },
    severity,
  );
const SLACK: ChannelSettings = { type: "slack", name: "slack", url: "https://hooks.slack.example/T/B/X" };

function slackLines(notices: Notice[]): string[] {
  const body = digestRequestFor(SLACK, {
    environment: "prod",
    notices: [...notices].sort(digestOrder),
    link: "https://sy.example.com/prod/incidents",
    maxPerMinute: 10,
  }).body as { text: string };
  return body.text.split("\n");
}

describe("a Slack digest", () => {
  it("says one trouble on many consumers in one line, worst first, naming the first five", () => {
    const lines = slackLines([
      ...Array.from({ length: 40 }, (_, i) => consumerDown(i)),
      notice("Stream MAIL is 95% full", { stream: "MAIL" }, "warning"),
      notice(
        "worker-9 on stream JOBS: redeliveries high",
        { stream: "JOBS", consumer: "worker-9" },
        "warning",
        "resolve",
      ),
    ]);
    expect(lines[0]).toBe(":rotating_light: *42 incident updates* in prod: 41 opened, 1 resolved");
    expect(lines.slice(2, -1)).toEqual([
      ":red_circle: *CRITICAL* 40 consumers on stream JOBS: no workers pulling (opened): worker-0, worker-1, worker-2, worker-3, worker-4 and 35 more",
      ":large_orange_circle: *WARNING* Stream MAIL is 95% full (opened) · <https://sy.example.com/prod/incidents/i-Stream-MAIL-is-95-full|open>",
      ":white_check_mark: *RESOLVED* worker-9 on stream JOBS: redeliveries high (resolved) · <https://sy.example.com/prod/incidents/i-worker-9-on-stream-JOBS-redeliveries-high|open>",
    ]);
    expect(lines.at(-1)).toBe("<https://sy.example.com/prod/incidents|All incidents in Switchyard>");
  });

  it("keeps to 15 lines and counts the incidents left out", () => {
    const streams = Array.from({ length: 20 }, (_, i) =>
      notice(`Stream S${i} is full`, { stream: `S${i}` }, "warning"),
    );
    const lines = slackLines([...streams, consumerDown(1), consumerDown(2)]);
    const body = lines.slice(2, -1);
    expect(body).toHaveLength(16);
    expect(body[0]).toMatch(
      /^:red_circle: \*CRITICAL\* 2 consumers on stream JOBS: no workers pulling \(opened\): worker-1, worker-2$/,
    );
    expect(body.at(-1)).toBe("…and 6 more.");
  });

  it("escapes what streams and consumers are called", () => {
    const lines = slackLines([
      notice("w<1> on stream A&B: no workers pulling", { stream: "A&B", consumer: "w<1>" }, "critical"),
      notice("w<2> on stream A&B: no workers pulling", { stream: "A&B", consumer: "w<2>" }, "critical"),
    ]);
    expect(lines[2]).toBe(
      ":red_circle: *CRITICAL* 2 consumers on stream A&amp;B: no workers pulling (opened): w&lt;1&gt;, w&lt;2&gt;",
    );
  });
});
