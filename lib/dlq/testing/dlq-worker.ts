// A separate process running Switchyard's dead-letter services (the redrive runner and capture, built as
// lib/dlq/registry.ts builds them) against NATS_URL, for the kill -9 tests. Run with
// `node --conditions=react-server --import tsx lib/dlq/testing/dlq-worker.ts`; env: NATS_URL, LEASE_MS, ACK_WAIT_MS.
// Prints "ready <owner>" once both run; SIGTERM stops them gracefully, SIGKILL is the crash under test.
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { DeadLetterCapture } from "@/lib/dlq/capture";
import { RedriveRunner } from "@/lib/dlq/redrive";

async function main(): Promise<void> {
  const nc = await connect({
    servers: process.env.NATS_URL,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 200,
  });
  const leaseMs = Number(process.env.LEASE_MS) || undefined;
  const runner = new RedriveRunner({
    connection: () => nc,
    manager: () => jetstreamManager(nc),
    apiPrefix: "$JS.API",
    leaseMs,
  }).start();
  const capture = new DeadLetterCapture({
    connection: () => nc,
    apiPrefix: "$JS.API",
    configuredDlqStreams: [],
    keepOriginalStreams: [],
    ackWaitMs: Number(process.env.ACK_WAIT_MS) || undefined,
    onReturned: (jobId) => void runner.jobStore().then((s) => s.addReturned(jobId)),
  }).start();
  console.log(`ready ${runner.owner}`);

  process.once("SIGTERM", () => {
    void Promise.all([runner.stop(), capture.stop()])
      .then(() => nc.close())
      .finally(() => process.exit(0));
  });
}

void main();
