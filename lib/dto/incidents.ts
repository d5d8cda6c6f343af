// Browser-safe shapes of incidents (findings grouped by cause), silences and notification deliveries.
import { z } from "zod";
import type { FindingRule, Severity } from "./findings";

export type IncidentKind = "consumer" | "stream" | "subject" | "dead_letters" | "nats" | "tool" | "service";
export type IncidentState = "open" | "resolved";

/** One finding while it belongs to an incident. */
export type Symptom = {
  findingId: string;
  rule: FindingRule;
  severity: Severity;
  title: string;
  detail: string;
  href: string;
  /** When this symptom was first seen in this incident. */
  since: string;
  /** Set while the finding no longer fires. */
  clearedAt: string | null;
};

export type TimelineEntry = {
  at: string;
  kind: "started" | "opened" | "appeared" | "cleared" | "severity" | "resolved" | "reopened" | "acknowledged";
  text: string;
  rule?: FindingRule;
  severity?: Severity;
};

/** What is sent to notification channels, numbered per incident so every channel delivers each at most once. */
export type IncidentEventKind = "open" | "severity" | "resolve" | "reminder";
export type IncidentEvent = { seq: number; kind: IncidentEventKind; at: string; severity: Severity };

export type Acknowledgement = { by: string; at: string; note?: string };

export type Incident = {
  id: string;
  /** The cause all its symptoms share, e.g. consumer:TOOLS/worker-crm_lookup. */
  cause: string;
  kind: IncidentKind;
  title: string;
  where: { stream?: string; consumer?: string; subject?: string };
  state: IncidentState;
  severity: Severity;
  /** The first symptom: the earliest onset of any finding in it (a consumer's last delivery, when known). */
  startedAt: string;
  /** When Switchyard first saw one of its findings. */
  detectedAt: string;
  /** The last time any symptom fired. */
  lastActiveAt: string;
  resolvedAt: string | null;
  /** All symptoms must stay clear this long before the incident resolves (doubles when it flaps). */
  settleSeconds: number;
  reopened: number;
  symptoms: Symptom[];
  timeline: TimelineEntry[];
  events: IncidentEvent[];
  acknowledged: Acknowledgement | null;
  /** What to check next, per rule of its symptoms. */
  nextSteps: string[];
  runbookUrl: string | null;
};

/** Every incident kept, counted: what a list's header says however many its page holds. */
export type IncidentCounts = {
  open: number;
  critical: number;
  warning: number;
  info: number;
  /** Open and not acknowledged. */
  unacknowledged: number;
  resolved: number;
};

export type IncidentList = {
  /** A page of the incidents asked for, from `offset`. */
  incidents: Incident[];
  /** Incidents in the state asked for. */
  matched: number;
  offset: number;
  nextCursor: string | null;
  counts: IncidentCounts;
  /** The streams with the most open incidents, most first (at most 3): where an outage sits. */
  openStreams: { stream: string; open: number }[];
  sendingReplica: string | null;
};

export const silenceRequestSchema = z
  .object({
    rule: z.string().min(1).max(64).optional(),
    stream: z.string().min(1).max(255).optional(),
    consumer: z.string().min(1).max(255).optional(),
    /** How long it lasts, in minutes (up to 30 days). */
    minutes: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 60),
    comment: z.string().max(500).optional(),
  })
  .strict()
  .refine((s) => s.rule || s.stream || s.consumer, "name a rule, a stream or a consumer to silence");

export type SilenceRequest = z.infer<typeof silenceRequestSchema>;

export type Silence = {
  id: string;
  rule?: string;
  stream?: string;
  consumer?: string;
  comment?: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
};

export const acknowledgeRequestSchema = z
  .object({ note: z.string().max(500).optional() })
  .strict()
  .optional();

/** Ids are `<kind>-<cause hash>-<start>`; any id of that alphabet is looked up (unknown ones are 404). */
export const incidentIdSchema = z
  .string()
  .regex(/^[a-z0-9_-]{1,100}$/, "must be an incident id such as consumer-0123456789-lx2k9");

export const silenceIdSchema = z.string().regex(/^[0-9a-f]{16}$/, "must be a silence id (16 hex digits)");

export type DeliveryResult = "delivered" | "failed" | "silenced" | "skipped";

export type DeliveryLogEntry = {
  at: string;
  channel: string;
  incidentId: string;
  eventSeq: number;
  event: IncidentEventKind;
  result: DeliveryResult;
  attempt: number;
  status: number | null;
  error: string | null;
  durationMs: number | null;
  /** Sent in a digest of this many events (this entry names the first of them). */
  digestOf?: number;
};

export type ChannelInfo = {
  name: string;
  type: "webhook" | "slack" | "alertmanager";
  /** Scheme and host only; the rest of the URL (tokens live there) never leaves the server. */
  maskedUrl: string;
};

export type DeliveryLog = { channels: ChannelInfo[]; entries: DeliveryLogEntry[] };

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
