// A table row's mark for the open incident that concerns it: a badge linking to the incident.
import { Badge } from "@/components/ui/badge";
import { RowLink } from "@/components/ui/row-link";
import type { Incident } from "@/lib/dto/incidents";
import { SEVERITY_TONE } from "./severity";

/** Row background by severity, so an affected row stands out in a long table. */
export const INCIDENT_ROW = {
  critical: "bg-red-50/70 dark:bg-red-950/30",
  warning: "bg-amber-50/70 dark:bg-amber-950/30",
  info: "",
} as const;

export function IncidentMarker({ env, incident }: { env: string; incident: Incident }) {
  return (
    <RowLink
      href={`/${env}/incidents/${encodeURIComponent(incident.id)}`}
      className="ml-2 inline-block align-middle"
      title={incident.title}
      data-testid="incident-marker"
    >
      <Badge tone={SEVERITY_TONE[incident.severity]}>incident</Badge>
    </RowLink>
  );
}
