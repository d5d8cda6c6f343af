import { describe, expect, it } from "vitest";
import { jetstream, jetstreamManager, StorageType } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import { useNatsServer } from "@/lib/testing/use-nats-server";
import { DLQ_HEADERS, REDRIVE_HEADERS } from "@/lib/dto/message-headers";
import { AppDlqIndex } from "./app-dlq-index";

const suite = useNatsServer();

describe("AppDlqIndex", () => {
  it("knows what applications dead-lettered and reports redriven messages that came back", async () => {
    const { nc } = suite();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "APPDL", subjects: ["appdl.>"], storage: StorageType.File });
    const js = jetstream(nc);
    const write = async (seq: number, job?: string) => {
      const h = headers();
      h.set(DLQ_HEADERS.stream, "WORK");
      h.set(DLQ_HEADERS.seq, String(seq));
      if (job) h.set(REDRIVE_HEADERS.job, job);
      await js.publish("appdl.x", "{}", { headers: h });
    };
    await write(1, "rd-old"); // history on first sight: not a return
    const returned: string[] = [];
    const index = new AppDlqIndex(nc, jsm, "$JS.API", (job) => returned.push(job));
    await index.catchUp(["APPDL"]);
    expect(index.has("WORK", 1)).toBe(true);
    expect(index.has("WORK", 2)).toBe(false);
    await write(2, "rd-new");
    await write(3);
    await index.catchUp(["APPDL"]);
    expect(index.has("WORK", 2) && index.has("WORK", 3)).toBe(true);
    expect(returned).toEqual(["rd-new"]);
    await index.catchUp(["APPDL"]);
    expect(returned).toEqual(["rd-new"]);
  });
});
