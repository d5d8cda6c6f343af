// Remembers since when each finding has held, so a finding says "since 12:03" rather than "now".
import type { Finding } from "@/lib/dto/findings";
import { SEVERITY_ORDER } from "@/lib/dto/findings";
import type { RawFinding } from "./health-rules";

export class FindingTracker {
  private readonly since = new Map<string, string>();

  /** Stamps findings with their first-seen time and sorts them by severity, then age. */
  update(findings: RawFinding[], now: number): Finding[] {
    const seen = new Set<string>();
    const stamped = findings.map((f) => {
      seen.add(f.id);
      let since = this.since.get(f.id);
      if (!since) {
        since = new Date(now).toISOString();
        this.since.set(f.id, since);
      }
      return { ...f, since };
    });
    for (const id of this.since.keys()) if (!seen.has(id)) this.since.delete(id);
    // Plain comparisons: ISO times and ids sort correctly by code unit, and localeCompare is slow on thousands.
    const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    return stamped.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || cmp(a.since, b.since) || cmp(a.id, b.id));
  }
}
