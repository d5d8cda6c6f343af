import { beforeAll, describe, expect, it } from "vitest";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { useNatsServer } from "@/lib/testing/use-nats-server";
import { readSubject } from "./subject-lookup";

const SUBJECT = "conversations.conv-read01.messages";

describe("readSubject against a real nats-server", () => {
  const nats = useNatsServer();
  const seqs: number[] = [];

  beforeAll(async () => {
    const { nc } = nats();
    await (await jetstreamManager(nc)).streams.add({ name: "READS", subjects: ["conversations.*.messages"] });
    const js = jetstream(nc);
    for (let i = 0; i < 30; i++) {
      const ack = await js.publish(i % 5 === 2 ? SUBJECT : `conversations.conv-noise${i}.messages`, `m${i}`);
      if (i % 5 === 2) seqs.push(ack.seq);
    }
  });

  const read = (plan?: Parameters<typeof readSubject>[5]) => {
    const counter = { requests: 0 };
    return readSubject(nats().nc, "$JS.API", "READS", SUBJECT, counter, plan).then((r) => ({
      ...r,
      counted: counter.requests,
    }));
  };

  it("without a feed: the last message, then next_by_subj from #1 up to it and no further", async () => {
    const r = await read();
    expect(r.messages.map((m) => m.seq)).toEqual(seqs);
    expect(r.requests).toBe(1 + seqs.length);
    expect(r.counted).toBe(r.requests);
  });

  it("gets what the feed saw by sequence and continues with next_by_subj after it", async () => {
    const seen = seqs.slice(0, 3);
    const r = await read(() => ({ known: seen, from: seen.at(-1)! + 1, exact: true }));
    expect(r.messages.map((m) => m.seq)).toEqual(seqs);
    // last + 3 by sequence + the 3 after them (the third of which is the last one)
    expect(r.requests).toBe(1 + 3 + (seqs.length - 3));
    expect(r.messages.map((m) => new TextDecoder().decode(m.data))).toEqual([
      "m2",
      "m7",
      "m12",
      "m17",
      "m22",
      "m27",
    ]);
  });

  it("skips known sequences that were deleted or hold another subject, and says when a subject has no message", async () => {
    const { nc } = nats();
    await (await jetstreamManager(nc)).streams.deleteMessage("READS", seqs[1]!);
    const r = await read(() => ({
      known: [seqs[0]!, seqs[1]!, seqs[1]! + 1, ...seqs.slice(2)],
      from: null,
      exact: true,
    }));
    expect(r.messages.map((m) => m.seq)).toEqual([seqs[0], ...seqs.slice(2)]);
    const none = await readSubject(nc, "$JS.API", "READS", "conversations.conv-nobody.messages", {
      requests: 0,
    });
    expect(none).toMatchObject({ messages: [], plan: null, requests: 1 });
  });
});
