// Two replicas (two trackers on one NATS) and a restarted one show the same finding with the same `since`.
import { describe, expect, it } from "vitest";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { FindingTracker } from "./finding-tracker";
import type { RawFinding } from "./health-rules";
import { SharedFindingState } from "./shared-findings";

const suite = useNatsServer();
const T0 = Date.UTC(2026, 0, 1, 3, 0, 0);
const stalled: RawFinding = {
  id: "consumer_stalled:TOOLS/worker",
  rule: "consumer_stalled",
  severity: "warning",
  title: "stalled",
  detail: "",
  where: { stream: "TOOLS", consumer: "worker" },
  value: 1,
  threshold: 0,
  unit: "",
  href: "",
};

const replica = () => {
  const shared = new SharedFindingState(() => suite().nc, "prod");
  return { shared, tracker: new FindingTracker(shared) };
};
const sinceOf = (tracker: FindingTracker, now: number) =>
  tracker.update([{ ...stalled }], now).find((f) => f.id === stalled.id)?.since;

describe("finding state shared through JetStream", () => {
  it("every replica and a restarted one show the first replica's since; a cleared finding starts anew", async () => {
    const a = replica();
    await a.shared.ready();
    expect(sinceOf(a.tracker, T0)).toBe(new Date(T0).toISOString());

    // B starts polling a minute later and had not heard of it yet: its next poll adopts A's time.
    const b = replica();
    sinceOf(b.tracker, T0 + 60_000);
    await waitFor(() => sinceOf(b.tracker, T0 + 65_000) === new Date(T0).toISOString(), {
      what: "B adopts A's since",
    });

    // A restarted replica (a new tracker) reads it at start.
    const restarted = replica();
    await restarted.shared.ready();
    expect(sinceOf(restarted.tracker, T0 + 10 * 60_000)).toBe(new Date(T0).toISOString());

    // The condition clears (on A), and comes back later: a new since for everyone.
    a.tracker.update([], T0 + 20 * 60_000);
    await waitFor(
      async () =>
        (await replica()
          .shared.ready()
          .then(() => undefined)) ?? true,
    );
    const fresh = replica();
    await fresh.shared.ready();
    await waitFor(() => fresh.shared.since(stalled.id) === undefined, { what: "cleared in KV" });
    expect(sinceOf(fresh.tracker, T0 + 30 * 60_000)).toBe(new Date(T0 + 30 * 60_000).toISOString());
  });
});
