// The incidents a table's rows are marked with: for each stream shown, the worst open incident that names it (its
// consumers' included), and for each consumer shown, the worst of its own. As many answers as rows, however many
// incidents are open: the estate-wide list stops at 200, so at thousands of incidents most rows had no mark.
import { SEVERITY_ORDER } from "@/lib/dto/findings";
import type { Incident } from "@/lib/dto/incidents";
import type { ShownRows } from "@/lib/dto/params";

type Marked = Pick<Incident, "state" | "severity" | "startedAt" | "where">;

/** Worse first: higher severity, then the earlier start (the order of the incident list). */
const before = (a: Marked, b: Marked) =>
  SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.startedAt < b.startedAt ? -1 : 1);

/** The worst open incident per shown stream and consumer, each incident once, worst first. */
export function incidentsAboutRows<T extends Marked>(records: Iterable<T>, rows: ShownRows): T[] {
  const streams = new Set(rows.streams);
  const consumers = new Set(rows.consumers);
  const worst = new Map<string, T>();
  const keep = (key: string, r: T) => {
    const held = worst.get(key);
    if (!held || before(r, held) < 0) worst.set(key, r);
  };
  for (const r of records) {
    const stream = r.where.stream;
    if (r.state !== "open" || stream === undefined) continue;
    if (streams.has(stream)) keep(`s:${stream}`, r);
    const consumer = r.where.consumer === undefined ? undefined : `${stream}/${r.where.consumer}`;
    if (consumer !== undefined && consumers.has(consumer)) keep(`c:${consumer}`, r);
  }
  return [...new Set(worst.values())].sort(before);
}
