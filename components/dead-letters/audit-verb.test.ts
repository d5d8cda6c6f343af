import { describe, expect, it } from "vitest";
import { auditVerb } from "./audit-verb";

describe("auditVerb", () => {
  it("names how a job ended by the state it stopped in", () => {
    expect(auditVerb({ action: "redrive.finish", detail: { state: "done" } })).toBe("redrive finished");
    expect(auditVerb({ action: "redrive.finish", detail: { state: "paused" } })).toBe(
      "redrive paused by the job",
    );
    expect(auditVerb({ action: "redrive.finish", detail: { state: "cancelled" } })).toBe("redrive cancelled");
    expect(auditVerb({ action: "redrive.finish", detail: { state: "failed" } })).toBe("redrive failed");
  });

  it("does not claim a finish for older records that did not store the state", () => {
    expect(auditVerb({ action: "redrive.finish", detail: {} })).toBe("redrive ended");
  });

  it("uses exact past-tense verbs for operator actions", () => {
    expect(auditVerb({ action: "redrive.pause", detail: {} })).toBe("redrive paused");
    expect(auditVerb({ action: "redrive.resume", detail: {} })).toBe("redrive resumed");
    expect(auditVerb({ action: "redrive.cancel", detail: {} })).toBe("redrive cancelled");
  });
});
