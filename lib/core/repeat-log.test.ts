import { describe, expect, it } from "vitest";
import { RepeatLog } from "./repeat-log";

describe("RepeatLog", () => {
  it("logs one line per cause with a count of repeats, never a stack", () => {
    const lines: string[] = [];
    const log = new RepeatLog("[dlq-capture]", (line) => lines.push(line), 60_000);
    for (let seq = 1; seq <= 64; seq++)
      log.report(new Error(`advisory KILLWQ ${seq}: no PubAck: disconnected`), 1000 + seq);
    log.report(new Error("maximum bytes exceeded"), 2000);
    expect(lines).toEqual([
      "[dlq-capture] advisory KILLWQ 1: no PubAck: disconnected",
      "[dlq-capture] maximum bytes exceeded",
    ]);
    log.report(new Error("advisory KILLWQ 99: no PubAck: disconnected"), 70_000);
    expect(lines[2]).toBe(
      "[dlq-capture] advisory KILLWQ 99: no PubAck: disconnected (and 63 more like it in the last 69 s)",
    );
    expect(lines.every((line) => !line.includes("\n") && !line.includes("    at "))).toBe(true);
  });
});
