// Browser-safe DTOs and zod schemas of dead-letter browsing, redrive jobs, discard and audit.
import { z } from "zod";
import { publishSubjectProblem, subjectFilter } from "@/lib/core/subjects";
import { streamName } from "./params";

export type DeadLetterOrigin = {
  stream: string | null;
  subject: string | null;
  seq: number | null;
  consumer: string | null;
  deliveries: number | null;
  reason: string | null;
  time: string | null;
};

export type DeadLetterEntry = {
  dlqStream: string;
  seq: number;
  /** When the entry was stored in the DLQ stream (ISO). */
  time: string;
  dlqSubject: string;
  origin: DeadLetterOrigin;
  conversationId: string | null;
  size: number;
  /** Times redriven in all: the X-Redrive-Count it came back with plus `redriven.count`. */
  redriveCount: number;
  payloadLost: boolean;
  /** Set when the entry was redriven and kept (`redriveAfter: "keep"`): it is still here, but its copy went out. */
  redriven: RedriveMark | null;
};

export type RedriveMark = { count: number; lastJob: string; lastAt: string; lastTarget: string };

export type DeadLetterDetail = DeadLetterEntry & {
  headers: [string, string][];
  /** Payload as base64 (at most PAYLOAD_PREVIEW_BYTES, masked unless revealed); the download route gives all of it. */
  payloadBase64: string;
  truncated: boolean;
  /**
   * Values hidden in the payload and headers; `revealed` after an operator's audited reveal; `withheld` for a
   * binary payload that masking cannot look inside (payloadBase64 is then empty).
   */
  masking: { masked: number; revealed: boolean; withheld: boolean };
  /** The headers this DLQ stream keeps the origin in (X-Dlq-* or the environment's `deadLetterHeaders`). */
  originHeaderNames: {
    stream: string;
    subject: string;
    seq: string;
    consumer: string;
    deliveries: string;
    reason: string;
    time: string;
  };
};

export const PAYLOAD_PREVIEW_BYTES = 256 * 1024;
export const REDRIVE_FLAG_AT = 3;

const nonEmpty = z.string().trim().min(1);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());
const isoTime = nonEmpty.refine((s) => !Number.isNaN(Date.parse(s)), {
  message: "must be a date/time such as 2026-11-26T12:00:00Z",
});

/** Why an entry was dead-lettered, as the browse filter and the summary name it. */
/** Kinds of reason: the two Switchyard records itself, and "other" for any reason an application wrote in its words. */
export const deadLetterReasonSchema = z.enum(["max_deliveries", "terminated", "other"]);
export type DeadLetterReason = z.infer<typeof deadLetterReasonSchema>;

/** Filters of the browse view; every one lives in the URL. */
export const deadLetterFilterSchema = z.object({
  subject: optional(subjectFilter),
  stream: optional(streamName),
  consumer: optional(streamName),
  reason: optional(deadLetterReasonSchema),
  from: optional(isoTime),
  to: optional(isoTime),
  conversation: optional(nonEmpty.max(256)),
  text: optional(nonEmpty.max(256)),
});
export type DeadLetterFilter = z.infer<typeof deadLetterFilterSchema>;

export const FILTER_KEYS = [
  "subject",
  "stream",
  "consumer",
  "reason",
  "from",
  "to",
  "conversation",
  "text",
] as const satisfies readonly (keyof DeadLetterFilter)[];

export const browseQuerySchema = deadLetterFilterSchema.extend({
  dlq: optional(streamName),
  cursor: optional(z.string().max(200)),
  limit: optional(z.coerce.number().int().min(1).max(500)),
});

export type DeadLetterPage = {
  dlqStream: string;
  entries: DeadLetterEntry[];
  /** Cursor of the next (older) page; null at the oldest entry. */
  nextCursor: string | null;
  /** Messages read to fill this page (the text and header filters scan). */
  scanned: number;
  /** True when the scan cap stopped the page early: nextCursor continues the scan. */
  scanCapped: boolean;
  totalInStream: number;
};

export type DeadLetterStreamInfo = {
  name: string;
  own: boolean;
  messages: number;
  bytes: number;
  subjects: string[];
};

export type SummaryRow = { key: string; count: number };
export type DeadLetterSummary = {
  dlqStream: string;
  bySubject: SummaryRow[];
  byReason: SummaryRow[];
  scanned: number;
  complete: boolean;
};

export const targetSubject = nonEmpty.superRefine((s, ctx) => {
  const problem = publishSubjectProblem(s);
  if (problem) ctx.addIssue({ code: "custom", message: `target subject ${problem}` });
});

export const selectionSchema = z.union([
  z.object({ seqs: z.array(z.number().int().positive()).min(1, "select at least one entry").max(100_000) }),
  z.object({ filter: deadLetterFilterSchema }),
]);
/** Chosen entries by sequence, or everything a filter matches (snapshotted when the job starts). */
export type Selection = z.infer<typeof selectionSchema>;

/** What happens to a dead letter once its target confirmed the copy: removed, or kept and marked. */
export const afterRedriveSchema = z.enum(["delete", "keep"]);
export type AfterRedrive = z.infer<typeof afterRedriveSchema>;

export const redriveRequestSchema = z.object({
  dlq: streamName,
  selection: selectionSchema,
  /** Omitted: every entry goes back to its original subject. */
  target: targetSubject.optional(),
  ratePerSecond: z.number().int().min(0).max(100_000).optional(),
  dryRun: z.boolean().optional(),
});
export type RedriveRequest = z.infer<typeof redriveRequestSchema>;

export const editRedriveSchema = z.object({
  target: targetSubject.optional(),
  payload: z.string().max(5 * 1024 * 1024),
  payloadEncoding: z.enum(["utf8", "base64"]).default("utf8"),
  headers: z
    .array(
      z.tuple([
        nonEmpty.max(256).regex(/^[!-9;-~]+$/, "header names are printable ASCII without ':' or spaces"),
        z
          .string()
          .max(4096)
          .refine((v) => ![...v].some((ch) => ch.charCodeAt(0) < 0x20 && ch !== "\t"), {
            message: "header values must not contain line breaks or control characters",
          }),
      ]),
    )
    .max(100),
});
/** What the edit form sends (`payloadEncoding` may be left out: utf8). */
export type EditRedriveRequest = z.input<typeof editRedriveSchema>;

export const discardRequestSchema = z.object({
  dlq: streamName,
  selection: selectionSchema,
  /** Bulk discards (more than one entry) must repeat the count the dry run showed. */
  confirmCount: z.number().int().nonnegative().optional(),
});
export type DiscardRequest = z.infer<typeof discardRequestSchema>;

export type RedrivePlan = {
  count: number;
  samples: DeadLetterEntry[];
  perTarget: { target: string; count: number; stream: string | null; consumers: number }[];
  warnings: string[];
  /** Entries that can't be redriven to their original subject (payload lost, origin unknown). */
  skipped: number;
};

/** "planning": the job exists and holds what it can, while the runner snapshots its selection in the background. */
export type JobState = "planning" | "running" | "paused" | "cancelled" | "done" | "failed";

/** States in which a job holds its entries and may still move some (planning, running, paused). */
export function jobIsActive(state: JobState): boolean {
  return state === "planning" || state === "running" || state === "paused";
}

/** How far a job in "planning" got: entries read of about how many, and how many of them are selected so far. */
export type PlanningProgress = { examined: number; of: number; selected: number };

export type RedriveJob = {
  id: string;
  dlqStream: string;
  selection: { seqs?: number; filter?: DeadLetterFilter };
  target: string | null;
  ratePerSecond: number;
  state: JobState;
  stateReason: string | null;
  /** While planning: the selection's size is not known yet (0 until planned). */
  total: number;
  /** While the state is "planning" (else null). */
  planning: PlanningProgress | null;
  moved: number;
  failed: number;
  skipped: number;
  remaining: number;
  returned: number;
  /** Moves per second over the last progress interval. */
  rate: number;
  etaSeconds: number | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  owner: string | null;
  errors: { seq: number; error: string }[];
  /** Entries that may already have been delivered (work in flight at a NATS restart that could not be verified). */
  inDoubt: number;
  /** Their DLQ sequences (the first 1,000). */
  inDoubtSeqs: number[];
};

/** What an operator decides for a job's in-doubt entries: publish them again, or record them as delivered. */
export const inDoubtRequestSchema = z.object({
  action: z.enum(["send", "mark"]),
  /** Which in-doubt entries; all of the job's when left out. */
  seqs: z.array(z.number().int().positive()).max(10_000).optional(),
});
export type InDoubtRequest = z.infer<typeof inDoubtRequestSchema>;
