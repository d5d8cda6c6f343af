import { describe, expect, it } from "vitest";
import { extraFindings } from "./finding-sources";
import { reportProblem, serviceFindings, serviceProblems, watchProblems } from "./service-problems";

describe("service problems", () => {
  it("become critical findings while reported, and go away when cleared", () => {
    reportProblem("sp", "dlq_capture_down", {
      rule: "dlq_capture_down",
      severity: "critical",
      title: "Dead-letter capture is not running: cannot create SWITCHYARD_ADVISORIES: insufficient storage",
      detail: "…",
    });
    // They join the health rules' findings with the other sources from outside the poll.
    const findings = extraFindings("sp");
    expect(findings).toEqual([
      expect.objectContaining({
        id: "dlq_capture_down",
        rule: "dlq_capture_down",
        severity: "critical",
        title: expect.stringMatching(
          /^Dead-letter capture is not running: cannot create SWITCHYARD_ADVISORIES/,
        ),
      }),
    ]);
    reportProblem("sp", "dlq_capture_down", undefined);
    expect(serviceProblems("sp")).toEqual([]);
    expect(serviceFindings("sp")).toEqual([]);
  });

  it("capture's figures: falling behind, and account storage near or at its limit", () => {
    const MiB = 1024 * 1024;
    const quiet = watchProblems({ waiting: 10, failing: false, storage: { used: MiB, limit: null } });
    expect(quiet.map(([, p]) => p)).toEqual([undefined, undefined, undefined]);
    const [stranded, behind, storage] = watchProblems({
      waiting: 12_000,
      failing: true,
      stranded: 300,
      storage: { used: 97 * MiB, limit: 100 * MiB },
    });
    expect(stranded![1]).toMatchObject({
      rule: "dead_letters_stranded",
      title: "300 dead letters without an advisory are not captured yet",
    });
    expect(behind![1]).toMatchObject({
      rule: "dlq_capture_behind",
      severity: "warning",
      title: "Dead-letter capture is falling behind: 12,000 advisories waiting",
      detail: expect.stringContaining("refuses new entries"),
    });
    expect(storage![1]).toMatchObject({
      rule: "jetstream_storage_near_limit",
      severity: "critical",
      title: "JetStream storage is at 97% of the account's limit",
    });
    const warn = watchProblems({ waiting: 0, failing: false, storage: { used: 85 * MiB, limit: 100 * MiB } });
    expect(warn[2]![1]?.severity).toBe("warning");
  });
});
