// Remembers since when each finding has held, so a finding says "since 12:03" rather than "now".
import type { Finding } from "@/lib/dto/findings";
import { SEVERITY_ORDER } from "@/lib/dto/findings";
import type { RawFinding } from "./health-rules";
import type { SharedFindingState } from "./shared-findings";

type Held = { since: string; rank: number; update: number };

export class FindingTracker {
  private readonly held = new Map<string, Held>();
  private updates = 0;
  private nextRank = 0;

  /** With `shared`, `since` comes from JetStream: the same on every replica and after a restart. */
  constructor(private readonly shared?: SharedFindingState) {}

  /**
   * Stamps findings with their first-seen time and sorts them by severity, then age, then id. Each finding gets a
   * rank when first seen (new ones in id order), so the sort compares numbers, not times and ids, on every poll.
   */
  update(findings: RawFinding[], now: number): Finding[] {
    const update = ++this.updates;
    const fresh: RawFinding[] = [];
    for (const f of findings) {
      const known = this.held.get(f.id);
      if (known) {
        known.update = update;
        // Another replica saw it first: adopt the earlier time.
        const shared = this.shared?.since(f.id);
        if (shared && shared < known.since) known.since = shared;
        else if (!shared) this.shared?.seen(f.id, known.since); // not recorded yet (NATS was away): record it now
      } else fresh.push(f);
    }
    const since = new Date(now).toISOString();
    fresh.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const f of fresh) {
      const shared = this.shared?.since(f.id);
      this.held.set(f.id, { since: shared ?? since, rank: this.nextRank++, update });
      if (!shared) this.shared?.seen(f.id, since);
    }
    for (const [id, held] of this.held)
      if (held.update !== update) {
        this.held.delete(id);
        this.shared?.cleared(id);
      }
    const stamped = findings.map((f) => {
      const held = this.held.get(f.id)!;
      return { finding: Object.assign(f, { since: held.since }) as Finding, rank: held.rank };
    });
    stamped.sort(
      (a, b) => SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] || a.rank - b.rank,
    );
    return stamped.map((s) => s.finding);
  }
}
