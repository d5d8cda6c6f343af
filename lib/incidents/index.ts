// Incidents' face: the per-environment service (list, get, acknowledge, silences, delivery log) and its start.
export { incidentsFor, startAllIncidentServices } from "./registry";
export { IncidentService, type FindingsSource, type IncidentServiceOptions } from "./service";
