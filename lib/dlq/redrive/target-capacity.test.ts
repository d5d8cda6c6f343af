import { describe, expect, it } from "vitest";
import { DiscardPolicy, jetstreamManager } from "@nats-io/jetstream";
import { useNatsServer } from "@/lib/testing/use-nats-server";
import type { Actor } from "@/lib/core/actor";
import { OWN_DLQ_STREAM } from "@/lib/dlq/entries";
import { seedEntries } from "@/lib/dlq/testing";
import { startRedrive } from "./start";
import { RedriveStore } from "./store";

const suite = useNatsServer();
const actor: Actor = { user: "tester", role: "admin", address: null, via: "none" };

async function dryRun(target: string) {
  const { nc } = suite();
  const jsm = await jetstreamManager(nc);
  const result = await startRedrive(
    {
      src: { nc, jsm, apiPrefix: "$JS.API" },
      store: await RedriveStore.open(nc),
      poke: () => {},
      defaults: { ratePerSecond: 0, afterRedrive: "delete" },
    },
    { dlq: OWN_DLQ_STREAM, selection: { filter: { stream: target } }, dryRun: true },
    actor,
  );
  if (!("plan" in result)) throw new Error("expected a plan");
  return result.plan;
}

describe("the dry run warns about room in the target", () => {
  it("a target with room for 100 more messages and discard new: 900 of 1,000 would fail", async () => {
    const jsm = await jetstreamManager(suite().nc);
    await jsm.streams.add({
      name: "ROOMNEW",
      subjects: ["roomnew.>"],
      max_msgs: 100,
      discard: DiscardPolicy.New,
    });
    await seedEntries(suite().nc, "ROOMNEW", 1000);
    const plan = await dryRun("ROOMNEW");
    expect(plan.warnings).toContainEqual(
      "ROOMNEW has room for 100 more messages (max 100) and refuses the rest (discard new): about 900 of its 1,000 entries would fail and stay in the dead-letter queue.",
    );
  });

  it("a byte limit with discard old: the oldest messages would be pushed out", async () => {
    const jsm = await jetstreamManager(suite().nc);
    await jsm.streams.add({ name: "ROOMOLD", subjects: ["roomold.>"], max_bytes: 64 * 1024 });
    await seedEntries(suite().nc, "ROOMOLD", 500, { payloadBytes: 500 });
    const plan = await dryRun("ROOMOLD");
    expect(plan.warnings.find((w) => w.startsWith("ROOMOLD has room for"))).toMatch(
      /\(discard old\): redriving 500 entries pushes out about \d+ of its oldest messages/,
    );
  });

  it("a target with room says nothing about capacity", async () => {
    const jsm = await jetstreamManager(suite().nc);
    await jsm.streams.add({
      name: "ROOMOK",
      subjects: ["roomok.>"],
      max_msgs: 10_000,
      discard: DiscardPolicy.New,
    });
    await seedEntries(suite().nc, "ROOMOK", 100);
    expect((await dryRun("ROOMOK")).warnings.filter((w) => w.includes("room for"))).toEqual([]);
  });
});
