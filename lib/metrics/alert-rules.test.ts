// docs/alerts.yml: Prometheus rules equivalent to the health rules. promtool is not available here, so the rules
// are parsed and checked: structure, one rule per health rule, and every metric and label they name exists in a
// real /metrics answer.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy } from "@nats-io/jetstream";
import { Collector } from "@/lib/collector/collector";
import { EnvironmentConnection } from "@/lib/nats/connection";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { FINDING_RULES } from "@/lib/dto/findings";
import { renderPrometheus, renderToolMetrics } from "./prometheus";

type Rule = {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
};

const doc = parse(readFileSync(join(process.cwd(), "docs", "alerts.yml"), "utf8")) as {
  groups: { name: string; rules: Rule[] }[];
};
const rules = doc.groups.flatMap((g) => g.rules);

describe("docs/alerts.yml", () => {
  const suite = useNatsServer();

  it("is a Prometheus rule file: named groups of alerts with expr, severity, rule and a summary", () => {
    expect(doc.groups.length).toBeGreaterThan(0);
    expect(doc.groups.filter((g) => !/\S/.test(g.name ?? ""))).toEqual([]);
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
    const problems: string[] = [];
    for (const r of rules) {
      const keys = Object.keys(r).sort().join(",");
      const want = ["alert", "annotations", "expr", "labels", ...(r.for ? ["for"] : [])].sort().join(",");
      if (keys !== want) problems.push(`${r.alert}: keys ${keys}`);
      if (!/^Switchyard[A-Z][A-Za-z]+$/.test(r.alert)) problems.push(`${r.alert}: name`);
      if (typeof r.expr !== "string") problems.push(`${r.alert}: expr`);
      if (r.for !== undefined && !/^\d+[smh]$/.test(r.for)) problems.push(`${r.alert}: for ${r.for}`);
      // A fixed severity, or (alerts on switchyard_finding_open) the finding's own severity label.
      const inherits = r.labels.severity === undefined && /^switchyard_finding_open\{/.test(r.expr);
      if (!inherits && !["critical", "warning", "info"].includes(r.labels.severity ?? ""))
        problems.push(`${r.alert}: severity`);
      if (!/\S/.test(r.annotations.summary ?? "")) problems.push(`${r.alert}: summary`);
      // Balanced brackets: the cheapest syntax check without promtool.
      for (const [open, close] of ["()", "{}", "[]"]) {
        let depth = 0;
        let min = 0;
        for (const ch of r.expr) {
          if (ch === open) depth++;
          if (ch === close) depth--;
          min = Math.min(min, depth);
        }
        if (depth !== 0 || min < 0) problems.push(`${r.alert}: unbalanced ${open}${close}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("has a rule for every health rule", () => {
    const covered = new Set(rules.map((r) => r.labels.rule));
    expect(FINDING_RULES.filter((r) => !covered.has(r))).toEqual([]);
  });

  it("names only metrics and labels that Switchyard's /metrics exposes", async () => {
    const { nc, server } = suite();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "ORDERS", subjects: ["orders.>"], max_msgs: 100 });
    // A work queue nobody reads: an open finding, so switchyard_finding_open has a series with its labels.
    await jsm.streams.add({ name: "JOBS", subjects: ["jobs.>"], retention: RetentionPolicy.Workqueue });
    await jetstream(nc).publish("jobs.one", "j");
    await jsm.consumers.add("ORDERS", {
      durable_name: "billing",
      ack_policy: AckPolicy.Explicit,
      filter_subject: "orders.created",
    });
    for (let i = 0; i < 3; i++) await jetstream(nc).publish("orders.created", `o${i}`);
    // One delivery, so the consumer has an idle time.
    const first = await (await jetstream(nc).consumers.get("ORDERS", "billing")).next({ expires: 2000 });
    await first!.ackAck();
    const connection = new EnvironmentConnection({
      name: "t",
      servers: [server.url],
      deadLetterStreams: [],
    }).start();
    await waitFor(() => connection.status().state === "connected");
    const collector = new Collector(connection, { intervalMs: 60_000 });
    try {
      await collector.tick();
      await collector.tick();
      expect(collector.latest().findings.map((f) => f.rule)).toContain("no_consumer_for_stream");
      // The tool series as the tool monitor feeds them (ToolMonitor.metricsSamples), for one tool.
      const toolBody = renderToolMetrics([
        {
          environment: "t",
          tool: "crm_lookup",
          outcomes: { ok: 3, duplicate_execution: 1, terminated: 1, max_deliveries: 0 },
          redeliveries: 1,
          latency: { bounds: [0.1, 1], counts: [2, 1, 0], sum: 0.7, count: 3 },
        },
      ]);
      const body = (await renderPrometheus([collector.latest()])).body + toolBody;
      const labelsOf = new Map<string, Set<string>>();
      for (const line of body.split("\n")) {
        const type = /^# TYPE (\S+) /.exec(line);
        if (type) labelsOf.set(type[1]!, labelsOf.get(type[1]!) ?? new Set());
        const sample = /^(\w+)\{([^}]*)\}/.exec(line);
        if (sample)
          for (const pair of sample[2]!.matchAll(/(\w+)="/g)) labelsOf.get(sample[1]!)?.add(pair[1]!);
      }
      const problems: string[] = [];
      for (const r of rules) {
        const metrics = [...r.expr.matchAll(/\b(switchyard_\w+)/g)].map((m) => m[1]!);
        if (metrics.length === 0) problems.push(`${r.alert}: names no Switchyard metric`);
        for (const m of metrics) if (!labelsOf.has(m)) problems.push(`${r.alert}: ${m} is not in /metrics`);
        // Labels matched on or selected must exist on every metric of the rule.
        const named = [
          ...[...r.expr.matchAll(/\bon \(([^)]*)\)/g)].flatMap((m) => m[1]!.split(",").map((l) => l.trim())),
          ...[...r.expr.matchAll(/\{([^}]*)\}/g)].flatMap((m) =>
            [...m[1]!.matchAll(/(\w+)\s*[=!]~?/g)].map((x) => x[1]!),
          ),
        ];
        for (const m of metrics)
          for (const label of named)
            if (!labelsOf.get(m)?.has(label)) problems.push(`${r.alert}: ${m} has no label ${label}`);
      }
      expect(problems).toEqual([]);
    } finally {
      collector.stop();
      await connection.stop();
    }
  });
});
