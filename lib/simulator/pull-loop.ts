// A worker slot: pulls one message at a time from a durable consumer and hands it to a handler, until stopped.
import type { Consumer, JsMsg } from "@nats-io/jetstream";

export type PullLoopControl = {
  running: () => boolean;
  enabled: () => boolean;
  /** Resolves when the loop should look again (enabled again, or stopping). */
  waitForChange: () => Promise<void>;
};

const PULL_EXPIRES_MS = 1000;

export async function runPullLoop(
  consumer: Consumer,
  handle: (msg: JsMsg) => Promise<void>,
  control: PullLoopControl,
): Promise<void> {
  while (control.running()) {
    if (!control.enabled()) {
      await control.waitForChange();
      continue;
    }
    let msg: JsMsg | null = null;
    try {
      msg = await consumer.next({ expires: PULL_EXPIRES_MS });
    } catch {
      // Connection blips: try again shortly rather than ending the worker.
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    if (!msg) continue;
    try {
      await handle(msg);
    } catch {
      // A handler that throws behaves like a crashed worker: no ack, redelivered after ack wait.
    }
  }
}
