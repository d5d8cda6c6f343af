// A terminated work-queue message is gone when its advisory arrives; the trace tap still holds its subject,
// headers and size, and capture keeps them on the entry (only the payload is lost).
import { describe, expect, it } from "vitest";
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { headers, nanos } from "@nats-io/transport-node";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { DLQ_HEADERS } from "@/lib/dto/message-headers";
import { ensureAdvisoryStream } from "@/lib/advisories/advisory-stream";
import { DeadLetterCapture } from "@/lib/dlq/capture";
import { browse } from "@/lib/dlq/browse";
import { ensureTapStream, tapRepublish } from "@/lib/traces/tap-stream";
import { ensureOwnDlqStream, OWN_DLQ_STREAM, type Source } from "./index";
import { findInTap } from "./tap-original";

const suite = useNatsServer();

async function tappedQueue(name: string) {
  const jsm = await jetstreamManager(suite().nc);
  await jsm.streams.add({
    name,
    subjects: [`${name.toLowerCase()}.>`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    republish: tapRepublish(name),
  });
}

describe("the trace tap's record of a message gone from its work queue", () => {
  it("finds any sequence by binary search among interleaved streams, and null where there is none", async () => {
    const { nc } = suite();
    const jsm = await jetstreamManager(nc);
    await ensureTapStream(jsm);
    await tappedQueue("TQA");
    await tappedQueue("TQB");
    const js = jetstream(nc);
    const seqs: number[] = [];
    for (let i = 0; i < 40; i++) {
      const h = headers();
      h.set("X-Conversation", `c-${i}`);
      seqs.push((await js.publish(`tqa.job.${i}`, "x".repeat(i), { headers: h })).seq);
      if (i % 3 === 0) await js.publish(`tqb.other.${i}`, "y");
    }
    for (const i of [0, 1, 17, 38, 39]) {
      const found = await findInTap(jsm, "TQA", seqs[i]!);
      expect(found).toMatchObject({ subject: `tqa.job.${i}`, size: i });
      expect(found!.header.get("X-Conversation")).toBe(`c-${i}`);
    }
    expect(await findInTap(jsm, "TQA", 1000)).toBeNull();
    expect(await findInTap(jsm, "NOPE", 1)).toBeNull();
  });

  it("capture keeps subject, headers and size of a terminated message; the entry is keyed and filterable", async () => {
    const { nc } = suite();
    const jsm = await jetstreamManager(nc);
    await ensureTapStream(jsm);
    await ensureAdvisoryStream(jsm);
    await ensureOwnDlqStream(jsm);
    await tappedQueue("TQT");
    await jsm.consumers.add("TQT", {
      durable_name: "workers",
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(500),
    });
    const h = headers();
    h.set("X-Conversation", "conv-term");
    await jetstream(nc).publish("tqt.job.write", '{"row":1}', { headers: h });
    const capture = new DeadLetterCapture({
      connection: () => nc,
      apiPrefix: "$JS.API",
      configuredDlqStreams: [],
      keepOriginalStreams: [],
    }).start();
    const consumer = await jetstream(nc).consumers.get("TQT", "workers");
    const m = await consumer.next({ expires: 2000 });
    m!.term();
    const src: Source = {
      nc,
      jsm,
      apiPrefix: "$JS.API",
      keyRules: [{ subjects: "tqt.job.*", key: { header: ["X-Conversation"] }, role: "request" }],
    };
    const page = await waitFor(
      async () => {
        const found = await browse(src, OWN_DLQ_STREAM, { stream: "TQT" }, undefined, 10);
        return found.entries.length ? found : undefined;
      },
      { what: "the terminated message captured" },
    );
    await capture.stop();
    expect(page.entries[0]).toMatchObject({
      payloadLost: true,
      size: 9,
      conversationId: "conv-term",
      origin: { stream: "TQT", subject: "tqt.job.write" },
    });
    const byConversation = await browse(src, OWN_DLQ_STREAM, { conversation: "conv-term" }, undefined, 10);
    expect(byConversation.entries).toHaveLength(1);
    const stored = await jsm.streams.getMessage(OWN_DLQ_STREAM, { seq: page.entries[0]!.seq });
    expect(stored!.subject).toBe("switchyard.dlq.terminated.TQT.workers.tqt.job.write");
    expect(stored!.header.get(DLQ_HEADERS.originalSize)).toBe("9");
    expect([...stored!.header].map(([k]) => k).filter((k) => /^nats-(?!msg-id)/i.test(k))).toEqual([]);
  });
});
