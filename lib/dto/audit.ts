// The one audit record: every sign-in, reveal and dead-letter action is stored in SWITCHYARD_AUDIT in this shape.
import { z } from "zod";
import { deadLetterFilterSchema } from "./dead-letters";

export const AUDIT_ACTIONS = [
  "signin",
  "signin_failed",
  "signout",
  "reveal",
  "redrive.start",
  "redrive.cancel",
  "redrive.pause",
  "redrive.resume",
  "redrive.finish",
  "redrive.edit",
  /** An operator's decision on a job's in-doubt entries: sent again, or marked redriven without sending. */
  "redrive.in_doubt_send",
  "redrive.in_doubt_mark",
  "discard",
  "incident.acknowledge",
  "silence.create",
  "silence.delete",
  /** A mutation authorize() refused (401/403): wrong role, failed CSRF check, no or unknown credentials. */
  "refused",
] as const;

export const auditRecordSchema = z.object({
  id: z.string(),
  time: z.string(),
  /** Who acted: a user name, or the job's creator for what a job did on its own. */
  user: z.string(),
  address: z.string().nullable(),
  action: z.enum(AUDIT_ACTIONS),
  result: z.enum(["ok", "partial", "failed"]),
  /** The dead letters acted on, when the action was on dead letters. */
  dlqStream: z.string().optional(),
  filter: deadLetterFilterSchema.optional(),
  seqs: z.array(z.number()).optional(),
  target: z.string().nullable().optional(),
  jobId: z.string().optional(),
  counts: z.record(z.string(), z.number()).default({}),
  /** Anything else worth knowing: what was revealed (environment, stream, seq), how one signed in. */
  detail: z.record(z.string(), z.unknown()).default({}),
  /** A sentence for people: why a job stopped, that a target reported a duplicate. */
  note: z.string().optional(),
});

export type AuditRecord = z.infer<typeof auditRecordSchema>;
export type AuditAction = AuditRecord["action"];
/** What a writer supplies; the log adds id and time. */
export type AuditEntry = Omit<z.input<typeof auditRecordSchema>, "id" | "time">;
/** What non-admins see instead of the name typed into a failed sign-in (sometimes a password in the wrong box). */
export const HIDDEN_USER = "(hidden)";

export type AuditPage = { records: (AuditRecord & { seq: number })[]; nextBefore: number | null };
