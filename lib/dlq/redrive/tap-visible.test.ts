// A redrive the trace tap sees: no Nats-Expected-Stream on the redriven message (a stream's headers-only RePublish
// would copy it into SWITCHYARD_TRACE_TAP, which refuses the copy), and the PubAck's stream checked instead.
import { jobIsActive } from "@/lib/dto/dead-letters";
import { describe, expect, it } from "vitest";
import { jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { redriveMsgId } from "@/lib/dto/message-headers";
import type { Actor } from "@/lib/core/actor";
import { OWN_DLQ_STREAM, type Source } from "@/lib/dlq/entries";
import { seedEntries } from "@/lib/dlq/testing";
import { readRange } from "@/lib/nats/stream-reader";
import { ensureTapStream, TAP_STREAM, tapRepublish } from "@/lib/traces/tap-stream";
import { editAndRedrive } from "./edit-redrive";
import { RedriveRunner } from "./runner";
import { startRedrive } from "./start";

const suite = useNatsServer();
const actor: Actor = { user: "tester", role: "admin", address: "127.0.0.1", via: "none" };

/** Nats-Msg-Id of every headers-only copy the tap holds. */
async function tapMsgIds(): Promise<string[]> {
  const ids: string[] = [];
  await readRange(suite().nc, "$JS.API", { stream: TAP_STREAM, startSeq: 1, headersOnly: true }, (m) => {
    ids.push(m.header?.get("Nats-Msg-Id") ?? "");
  });
  return ids;
}

describe("redrive into a tapped work-queue stream", () => {
  it("the job's and the edit's redriven messages reach the trace tap", async () => {
    const { nc } = suite();
    const jsm = await jetstreamManager(nc);
    await ensureTapStream(jsm);
    await jsm.streams.add({
      name: "TAPPED",
      subjects: ["tapped.>"],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      republish: tapRepublish("TAPPED"),
    });
    const seqs = await seedEntries(nc, "TAPPED", 3);
    const src: Source = { nc, jsm, apiPrefix: "$JS.API" };
    const runner = new RedriveRunner({
      connection: () => nc,
      manager: () => jetstreamManager(nc),
      apiPrefix: "$JS.API",
    }).start();
    const store = await runner.jobStore();
    const started = await startRedrive(
      { src, store, poke: () => runner.poke(), defaults: { ratePerSecond: 0, afterRedrive: "delete" } },
      { dlq: OWN_DLQ_STREAM, selection: { seqs: seqs.slice(0, 2) } },
      actor,
    );
    if (!("job" in started)) throw new Error("expected a job");
    const done = await waitFor(
      async () => {
        const job = (await store.get(started.job.id))?.job;
        return job && !jobIsActive(job.state) ? job : undefined;
      },
      { what: "job settled", timeoutMs: 20_000 },
    );
    await runner.stop();
    expect(done).toMatchObject({ state: "done", moved: 2, failed: 0 });

    const edited = await editAndRedrive(
      src,
      OWN_DLQ_STREAM,
      seqs[2]!,
      { payload: "{}", payloadEncoding: "utf8", headers: [["Conversation-Id", "conv-2"]] },
      actor,
    );
    expect(edited).toMatchObject({ stream: "TAPPED", duplicate: false });
    expect(edited.seq).toBeGreaterThan(0);

    const expected = seqs.map((seq) => redriveMsgId(OWN_DLQ_STREAM, seq));
    const ids = await waitFor(
      async () => {
        const found = await tapMsgIds();
        return expected.every((id) => found.includes(id)) ? found : undefined;
      },
      { what: "redriven messages in the tap", timeoutMs: 10_000 },
    );
    expect(ids.filter((id) => id.startsWith("redrive"))).toEqual(expected);
  });
});
