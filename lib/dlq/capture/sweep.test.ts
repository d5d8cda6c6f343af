// Dead letters whose advisory was lost: the advisory stream is full (discard new), 300 messages reach max
// deliveries, their advisories are refused, and the sweep still copies each of them to the DLQ exactly once.
import { afterAll, describe, expect, it } from "vitest";
import { DiscardPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { ADVISORY_STREAM, advisoryStreamConfig } from "@/lib/advisories/advisory-stream";
import { DLQ_HEADERS } from "@/lib/dto/message-headers";
import { OWN_DLQ_STREAM } from "@/lib/dlq/entries";
import { advisoryCount, createWorkQueue, publishJobs, work } from "@/lib/dlq/testing";
import { readRange } from "@/lib/nats/stream-reader";
import { DeadLetterCapture } from "./capture";

const suite = useNatsServer();
let capture: DeadLetterCapture | undefined;
afterAll(async () => capture?.stop());

describe("sweep for dead letters whose advisory was lost", () => {
  it("300 messages max-delivered while the advisory stream refused everything: each captured exactly once", async () => {
    const { nc } = suite();
    const jsm = await jetstreamManager(nc);
    // The advisory stream, full and refusing new advisories (what a full store does to them).
    await jsm.streams.add({ ...advisoryStreamConfig(), max_msgs: 5, discard: DiscardPolicy.New });
    const js = jetstream(nc);
    for (let i = 0; i < 5; i++) await js.publish("$JS.EVENT.ADVISORY.CONSUMER.MSG_NAKED.FILL.fill", "{}");
    capture = new DeadLetterCapture({
      connection: () => nc,
      apiPrefix: "$JS.API",
      configuredDlqStreams: [],
      keepOriginalStreams: [],
      sweepMs: 300,
    }).start();
    const wq = await createWorkQueue(nc, "SWEEPWQ", 2);
    const seqs = await publishJobs(nc, wq, 300);
    // Every delivery is NAKed: after two each message reached max deliveries.
    await work(
      nc,
      wq,
      () => "nak",
      async () => {
        const c = await jsm.consumers.info(wq.stream, wq.consumer);
        return c.delivered.stream_seq >= 300 && c.num_pending === 0 && c.num_ack_pending === 0;
      },
    );
    const entries = async () => {
      const origins: number[] = [];
      await readRange(
        nc,
        "$JS.API",
        { stream: OWN_DLQ_STREAM, startSeq: 1, filter: "switchyard.dlq.*.SWEEPWQ.>", headersOnly: true },
        (m) => void origins.push(Number(m.header?.get(DLQ_HEADERS.seq))),
      );
      return origins;
    };
    await waitFor(async () => (await entries()).length >= 300, { what: "300 swept", timeoutMs: 20_000 });
    // No advisory of them was stored: the sweep found them all.
    expect(await advisoryCount(nc, `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.SWEEPWQ.${wq.consumer}`)).toBe(
      0,
    );
    expect((await jsm.streams.info(ADVISORY_STREAM)).state.messages).toBe(5);
    // Later sweeps find nothing more (the originals were removed after their copies): still once each.
    await waitFor(async () => (await jsm.streams.info(wq.stream)).state.messages === 0, {
      what: "originals removed",
    });
    const swept = capture.stats.swept;
    const sweeps = capture.stats.sweeps;
    await waitFor(() => capture!.stats.sweeps >= sweeps + 3, { what: "three more sweeps" });
    const origins = await entries();
    console.log(
      `FAULT store full (advisory stream refusing, 0 advisories stored): ${seqs.length} stranded; swept ${swept} entries, twice ${origins.length - new Set(origins).size}, missing ${seqs.filter((q) => !origins.includes(q)).length}; 3 more sweeps added ${capture.stats.swept - swept}`,
    );
    expect(origins.sort((a, b) => a - b)).toEqual(seqs);
    expect(capture.stats.swept).toBe(swept);
    expect(swept).toBe(300);
  });
});
