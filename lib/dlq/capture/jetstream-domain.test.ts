// An environment's jetstreamDomain is honoured by capture, and a wrong one is named (a finding and health
// `degraded` through onProblem) instead of looking like "NATS unreachable".
import { afterEach, describe, expect, it, vi } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { waitFor } from "@/lib/testing/use-nats-server";
import { ADVISORY_STREAM } from "@/lib/advisories/advisory-stream";
import { DeadLetterCapture } from "./capture";

const opened: { server: NatsServerProcess; nc: NatsConnection; capture: DeadLetterCapture }[] = [];

async function captureOn(config: string, apiPrefix: string) {
  const server = await NatsServerProcess.start({ config });
  const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  const problems: (string | undefined)[] = [];
  const capture = new DeadLetterCapture({
    connection: () => nc,
    apiPrefix,
    configuredDlqStreams: [],
    keepOriginalStreams: [],
    onProblem: (cause) => problems.push(cause),
  }).start();
  opened.push({ server, nc, capture });
  return { nc, problems };
}

afterEach(async () => {
  for (const { server, nc, capture } of opened.splice(0)) {
    await capture.stop();
    await nc.close();
    await server.stop();
  }
});

describe("capture and the JetStream domain", () => {
  it("runs through the domain's API prefix", async () => {
    const { nc, problems } = await captureOn("jetstream { domain: hub }", "$JS.hub.API");
    await waitFor(() => problems.length > 0 && problems[problems.length - 1] === undefined, {
      what: "capture running",
    });
    const jsm = await jetstreamManager(nc, { domain: "hub" });
    expect((await jsm.streams.info(ADVISORY_STREAM)).config.name).toBe(ADVISORY_STREAM);
  });

  it("an unknown domain is named as the cause", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const { problems } = await captureOn("jetstream { domain: hub }", "$JS.hubb.API");
      await waitFor(() => problems.length > 0, { what: "a problem reported", timeoutMs: 15_000 });
      expect(problems[0]).toMatch(/^no JetStream answers for jetstreamDomain "hubb" \(\$JS\.hubb\.API\.INFO/);
      expect(warn.mock.calls.filter((c) => String(c[0]).includes("jetstreamDomain"))).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });
});
