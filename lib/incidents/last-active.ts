// When each open incident last had a symptom, kept exactly in the lease holder's memory rather than written to KV on
// every poll: an open incident's record otherwise changes every poll (its lastActiveAt), so an estate with
// thousands of open incidents rewrote thousands of KV entries per poll, competing with the poll itself.
import { recordsDiffer, type IncidentRecord } from "./engine";

export class LastActive {
  private readonly exact = new Map<string, string>();
  private since: string | null = null;

  /** The lease was (re)acquired at `now`: what another holder saw is unknown, so it counts as active until then. */
  acquired(now: number): void {
    this.exact.clear();
    this.since = new Date(now).toISOString();
  }

  released(): void {
    this.exact.clear();
    this.since = null;
  }

  /** The stored record with its exact lastActiveAt (never earlier than this holder's lease): what the engine reads. */
  overlay(stored: IncidentRecord): IncidentRecord {
    if (stored.state !== "open") return stored;
    const latest = [this.exact.get(stored.id), this.since, stored.lastActiveAt].reduce<string>(
      (a, b) => (b && b > a ? b : a),
      stored.lastActiveAt,
    );
    return latest === stored.lastActiveAt ? stored : { ...stored, lastActiveAt: latest };
  }

  /**
   * Remembers `next`'s lastActiveAt; true when it differs from `stored` in what is stored (it must be written): not
   * in lastActiveAt, nor in its symptoms' live text (lib/incidents/engine.ts recordsDiffer).
   */
  mustWrite(next: IncidentRecord, stored: IncidentRecord | undefined): boolean {
    if (next.state === "open") this.exact.set(next.id, next.lastActiveAt);
    else this.exact.delete(next.id);
    if (!stored || next.state !== "open") return true;
    return recordsDiffer(next, stored, true);
  }
}
