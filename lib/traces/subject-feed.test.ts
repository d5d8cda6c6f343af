import { describe, expect, it } from "vitest";
import { SubjectFeed } from "./subject-feed";

describe("SubjectFeed", () => {
  it("gives the sequences it saw when it saw the whole stream, and what it has not seen yet", () => {
    const feed = new SubjectFeed(100);
    feed.start("S", "c1", 1, 1);
    feed.seen("S", "a", 3);
    feed.seen("S", "b", 4);
    feed.seen("S", "a", 9);
    expect(feed.plan("S", "a", 9)).toEqual({ known: [3, 9], from: null, exact: true });
    expect(feed.last("S", "a")).toBe(9);
    expect(feed.last("S", "nobody")).toBe(0);
    expect(feed.last("OTHER", "a")).toBeNull();
    // The server has a newer message than the feed has seen: read on from there with next_by_subj.
    expect(feed.plan("S", "c", 12)).toEqual({ known: [], from: 10, exact: true });
    expect(feed.plan("S", "a", 12)).toEqual({ known: [3, 9], from: 10, exact: true });
    // The feed saw a message after the server answered: it reads up to the server's last message only.
    feed.seen("S", "a", 13);
    expect(feed.plan("S", "a", 9)).toEqual({ known: [3, 9], from: null, exact: true });
  });

  it("reads the whole stream when older messages may exist or the state does not add up", () => {
    const whole = { known: [], from: 1, exact: false };
    const partial = new SubjectFeed(100);
    partial.start("S", "c1", 50, 1); // started at the index window, the stream holds older messages
    partial.seen("S", "a", 60);
    expect(partial.plan("S", "a", 60)).toEqual(whole);
    expect(partial.isComplete("S")).toBe(false);
    expect(partial.plan("OTHER", "a", 60)).toEqual(whole);

    const feed = new SubjectFeed(100);
    feed.start("S", "c1", 10, 10); // the stream's first message is where the tail starts: complete
    feed.seen("S", "a", 12);
    expect(feed.isComplete("S")).toBe(true);
    // The server has a message the feed should have seen (below what it saw) and did not.
    expect(feed.plan("S", "b", 11)).toEqual(whole);
    expect(feed.plan("S", "a", 11)).toEqual(whole);
    // An empty stream (first sequence 0) is complete from the start.
    const empty = new SubjectFeed(100);
    empty.start("E", "c1", 1, 0);
    expect(empty.isComplete("E")).toBe(true);
  });

  it("resumes after a stopped tail, and starts over for a stream created again", () => {
    const feed = new SubjectFeed(100);
    feed.start("S", "c1", 1, 1);
    feed.seen("S", "a", 5);
    expect(feed.resumeAt("S", "c1")).toBe(6);
    feed.start("S", "c1", 6, 1);
    expect(feed.plan("S", "a", 5)).toEqual({ known: [5], from: null, exact: true });
    expect(feed.resumeAt("S", "c2")).toBeNull();
    feed.start("S", "c2", 1, 1);
    expect(feed.last("S", "a")).toBe(0);
  });

  it("forgets conversations whose messages are all gone, and stops vouching once its bound drops one", () => {
    const feed = new SubjectFeed(3);
    feed.start("S", "c1", 1, 1);
    feed.seen("S", "a", 1);
    feed.seen("S", "b", 2);
    feed.seen("S", "a", 3);
    feed.prune("S", 3); // b's only message (2) is gone; a still has 3
    expect(feed.size("S")).toBe(2);
    expect(feed.last("S", "b")).toBe(0);
    expect(feed.isComplete("S")).toBe(true);
    feed.seen("S", "c", 4);
    feed.seen("S", "d", 5); // 4 sequences held: "a" (least recently active, 2 sequences) is dropped
    expect(feed.size("S")).toBe(2);
    expect(feed.last("S", "a")).toBe(0);
    expect(feed.isComplete("S")).toBe(false);
    expect(feed.plan("S", "d", 5)).toEqual({ known: [], from: 1, exact: false });
  });
});
