// Findings from outside the poll — Switchyard's own service problems and registered sources (the tool monitor's) —
// joined to the health rules' findings at each evaluation, so they share the finding tracker, the incidents and
// /metrics.
import type { RawFinding } from "./health-rules";
import { serviceFindings } from "./service-problems";

type Source = () => RawFinding[];
const KEY = Symbol.for("switchyard.findingSources");

function sources(): Map<string, Set<Source>> {
  const holder = globalThis as { [KEY]?: Map<string, Set<Source>> };
  return (holder[KEY] ??= new Map());
}

/** Adds a source of findings for one environment; returns its removal. */
export function addFindingSource(environment: string, source: Source): () => void {
  let set = sources().get(environment);
  if (!set) sources().set(environment, (set = new Set()));
  set.add(source);
  return () => set.delete(source);
}

/** Every registered source's current findings for an environment (a failing source adds none). */
export function extraFindings(environment: string): RawFinding[] {
  const out: RawFinding[] = serviceFindings(environment);
  for (const source of sources().get(environment) ?? []) {
    try {
      out.push(...source());
    } catch {
      // One broken source must not stop the health rules.
    }
  }
  return out;
}
