// Which silence, if any, covers an incident: every field a silence names must match, and it must not have expired.
import type { Incident, Silence } from "@/lib/dto/incidents";

export function silenceFor(
  incident: Pick<Incident, "where" | "symptoms">,
  silences: readonly Silence[],
  now: number,
): Silence | undefined {
  return silences.find(
    (s) =>
      Date.parse(s.expiresAt) > now &&
      (!s.rule || incident.symptoms.some((sym) => sym.rule === s.rule)) &&
      (!s.stream || incident.where.stream === s.stream) &&
      (!s.consumer || incident.where.consumer === s.consumer),
  );
}
