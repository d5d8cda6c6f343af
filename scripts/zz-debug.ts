import { startAppStack } from "../bench/lib/app-stack";
async function main() {
  const stack = await startAppStack(39991, "dbg", { seed: 7, conversationsPerMinute: 120, ackWaitMs: 2000, timeScale: 0.1 }, { SWITCHYARD_POLL_INTERVAL_MS: "1000" });
  try {
    await new Promise((r) => setTimeout(r, 8000));
    stack.simulator.setPoolEnabled("web_search", false);
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setTimeout(r, 10000));
      const c = await (await fetch(`${stack.baseUrl}/api/env/dbg/streams/TOOL_REQUESTS/consumers/worker-web_search`)).json();
      const o = await (await fetch(`${stack.baseUrl}/api/env/dbg/overview`)).json();
      for (const s of o.streams) if (s.consumerCount > 1) console.log(s.name, s.consumerCount, s.consumers.slice(0, 3).map((c: { name: string; filterSubjects: string[] }) => c.name + " " + c.filterSubjects.join(",")).join(" / "));
      console.log((i + 1) * 10, "s: backlog", c.backlog, "floor", c.ackFloorStreamSeq, "oldest", c.oldestUnprocessedSeq, c.oldestUnprocessedAgeSeconds, "consumers", o.streams.reduce((n: number, s: { consumerCount: number }) => n + s.consumerCount, 0), "findings", o.findings.filter((f: { where: { consumer?: string } }) => f.where.consumer === "worker-web_search").map((f: { rule: string }) => f.rule).join(","));
    }
  } finally {
    await stack.stop();
  }
}
main();
