// Switchyard's own streams fit the account: a JetStream store or account smaller than the default sizes still gets
// dead-letter capture running, and when nothing fits, capture says why (one problem, one log line) instead of a
// stack trace a second.
import { afterEach, describe, expect, it, vi } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { waitFor } from "@/lib/testing/use-nats-server";
import { ADVISORY_STREAM } from "@/lib/advisories/advisory-stream";
import { OWN_DLQ_STREAM } from "@/lib/dlq/entries";
import { createWorkQueue, publishJobs, work } from "@/lib/dlq/testing";
import { DeadLetterCapture } from "./capture";

const MiB = 1024 * 1024;
const opened: { server: NatsServerProcess; nc: NatsConnection; capture?: DeadLetterCapture }[] = [];

async function serverWith(config: string, user?: string) {
  const server = await NatsServerProcess.start({ config });
  const nc = await connect({
    servers: server.url,
    ...(user ? { user, pass: user } : {}),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 100,
  });
  const opening = { server, nc, capture: undefined as DeadLetterCapture | undefined };
  opened.push(opening);
  const problems: (string | undefined)[] = [];
  opening.capture = new DeadLetterCapture({
    connection: () => nc,
    apiPrefix: "$JS.API",
    configuredDlqStreams: [],
    keepOriginalStreams: [],
    onProblem: (cause) => problems.push(cause),
  }).start();
  return { nc, jsm: await jetstreamManager(nc), problems };
}

afterEach(async () => {
  for (const { server, nc, capture } of opened.splice(0)) {
    await capture?.stop();
    await nc.close();
    await server.stop();
  }
});

describe("Switchyard's streams fit a small account", () => {
  it("a 64 MiB JetStream store: the advisory stream is sized down and a dead letter is captured", async () => {
    const { nc, jsm, problems } = await serverWith(`jetstream { max_file_store: ${64 * MiB} }`);
    await waitFor(() => problems.length > 0 && problems[problems.length - 1] === undefined, {
      what: `capture running (${problems.join(" | ")})`,
    });
    const info = await jsm.streams.info(ADVISORY_STREAM);
    // 1 GiB, halved until it fits (64 MiB), then an eighth of that: room is left for the DLQ and the rest.
    expect(info.config.max_bytes).toBe(8 * MiB);
    const wq = await createWorkQueue(nc, "SMALLWQ", 1);
    await publishJobs(nc, wq, 1);
    await work(
      nc,
      wq,
      () => "term",
      async () => (await jsm.streams.info(OWN_DLQ_STREAM)).state.messages >= 1,
    );
    expect((await jsm.streams.info(OWN_DLQ_STREAM)).state.messages).toBe(1);
  });

  it("an account limited to 32 MiB: the advisory stream takes an eighth, the DLQ a quarter", async () => {
    const { jsm, problems } = await serverWith(
      `accounts { APP { jetstream { max_file: ${32 * MiB}, max_mem: ${MiB} }, users: [{ user: app, password: app }] } }`,
      "app",
    );
    await waitFor(() => problems[problems.length - 1] === undefined && problems.length > 0, {
      what: "capture running",
    });
    expect((await jsm.streams.info(ADVISORY_STREAM)).config.max_bytes).toBe(4 * MiB);
    expect((await jsm.streams.info(OWN_DLQ_STREAM)).config.max_bytes).toBe(8 * MiB);
  });

  it("a store too small for anything: capture says why, once, and logs one line, not a stack a second", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const { problems } = await serverWith(`jetstream { max_file_store: ${2 * MiB} }`);
      await waitFor(() => problems.length >= 3, { what: "three failed attempts", timeoutMs: 15_000 });
      expect(problems[0]).toMatch(/^cannot create SWITCHYARD_ADVISORIES: .*insufficient/i);
      const lines = warn.mock.calls.map((c) => c.join(" "));
      expect(lines.filter((l) => l.includes("cannot create SWITCHYARD_ADVISORIES"))).toHaveLength(1);
      expect(error).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});
