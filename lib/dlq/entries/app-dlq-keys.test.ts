// An application DLQ with its own header names, in a layout whose conversation id is not in Conversation-Id:
// entries are keyed by traces.keyRules through their original stream and subject, reasons stay as written.
import { describe, expect, it } from "vitest";
import { jetstream, jetstreamManager, StorageType } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import { useNatsServer } from "@/lib/testing/use-nats-server";
import type { KeyRule } from "@/lib/config/schema";
import { browse, entryDetail, summarize } from "@/lib/dlq/browse";
import type { OriginHeaderConfig, Source } from "@/lib/dlq/entries";
import { reasonKind } from "@/lib/dlq/entries";

const suite = useNatsServer();

const ORIGIN: OriginHeaderConfig = {
  APP_DLQ: {
    stream: "Original-Stream",
    subject: "Original-Subject",
    seq: "Original-Sequence",
    reason: "Failure-Reason",
  },
};
const RULES: KeyRule[] = [
  {
    subjects: "tools.execute.*",
    key: { header: ["X-Conversation"] },
    tool: { subjectToken: 3 },
    role: "request",
  },
  { subjects: "agent.events.*", key: { jsonField: "conversation" }, role: "other" },
];

describe("application DLQ entries and key rules", () => {
  it("conversation id by the original's rule (header or JSON field), ?conversation= finds them, reasons as written", async () => {
    const { nc } = suite();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "APP_DLQ", subjects: ["app.dlq.>"], storage: StorageType.File });
    const js = jetstream(nc);
    const write = async (
      subject: string,
      stream: string,
      reason: string,
      set: [string, string][],
      body: string,
    ) => {
      const h = headers();
      h.set("Original-Stream", stream);
      h.set("Original-Subject", subject);
      h.set("Original-Sequence", "7");
      h.set("Failure-Reason", reason);
      for (const [k, v] of set) h.set(k, v);
      await js.publish(`app.dlq.${subject}`, body, { headers: h });
    };
    await write(
      "tools.execute.db_write",
      "WORK",
      "db_write: primary unavailable after 3 attempts",
      [
        ["X-Conversation", "conv-a"],
        ["Conversation-Id", "not-this-one"],
      ],
      "{}",
    );
    await write("agent.events.step", "EVENTS", "max deliveries (5)", [], '{"conversation":"conv-b"}');
    const src: Source = { nc, jsm, apiPrefix: "$JS.API", originHeaders: ORIGIN, keyRules: RULES };

    const page = await browse(src, "APP_DLQ", {}, undefined, 10);
    expect(page.entries.map((e) => [e.origin.subject, e.conversationId, e.origin.reason])).toEqual([
      ["agent.events.step", "conv-b", "max deliveries (5)"],
      ["tools.execute.db_write", "conv-a", "db_write: primary unavailable after 3 attempts"],
    ]);
    const found = await browse(src, "APP_DLQ", { conversation: "conv-a" }, undefined, 10);
    expect(found.entries.map((e) => e.origin.subject)).toEqual(["tools.execute.db_write"]);
    expect((await browse(src, "APP_DLQ", { conversation: "not-this-one" }, undefined, 10)).entries).toEqual(
      [],
    );
    const detail = await entryDetail(src, "APP_DLQ", 1);
    expect(detail.conversationId).toBe("conv-a");
    expect(detail.originHeaderNames).toMatchObject({ subject: "Original-Subject", reason: "Failure-Reason" });

    // The summary groups reasons it does not know as "other", never as terminated.
    const summary = await summarize(src, "APP_DLQ", {});
    expect(summary.byReason).toEqual(
      expect.arrayContaining([
        { key: "other", count: 1 },
        { key: "max_deliveries", count: 1 },
      ]),
    );
    const other = await browse(src, "APP_DLQ", { reason: "other" }, undefined, 10);
    expect(other.entries.map((e) => e.origin.reason)).toEqual([
      "db_write: primary unavailable after 3 attempts",
    ]);
  });

  it("reason kinds", () => {
    expect(reasonKind("max deliveries (5)")).toBe("max_deliveries");
    expect(reasonKind("terminated: bad input")).toBe("terminated");
    expect(reasonKind("permanent error: tool rejected the arguments")).toBe("other");
    expect(reasonKind(null)).toBe("other");
  });
});
