// What an audit record says happened, in words: a job that stopped records "redrive.finish" with the state it
// stopped in, and that state is the verb (finished, paused, cancelled, failed), never "finish" for all of them.
import type { AuditRecord } from "@/lib/dto/audit";

const VERBS: Record<AuditRecord["action"], string> = {
  signin: "signed in",
  signin_failed: "sign-in failed",
  signout: "signed out",
  reveal: "revealed",
  "redrive.start": "redrive started",
  "redrive.cancel": "redrive cancelled",
  "redrive.pause": "redrive paused",
  "redrive.resume": "redrive resumed",
  "redrive.finish": "redrive ended",
  "redrive.edit": "edited and redriven",
  "redrive.in_doubt_send": "sent again (was in doubt)",
  "redrive.in_doubt_mark": "marked redriven (was in doubt)",
  discard: "discarded",
  "incident.acknowledge": "acknowledged incident",
  "silence.create": "silenced",
  "silence.delete": "ended silence",
  refused: "refused",
};

const ENDED: Record<string, string> = {
  done: "redrive finished",
  paused: "redrive paused by the job",
  cancelled: "redrive cancelled",
  failed: "redrive failed",
};

export function auditVerb(record: Pick<AuditRecord, "action" | "detail">): string {
  if (record.action === "redrive.finish" && typeof record.detail.state === "string")
    return ENDED[record.detail.state] ?? VERBS[record.action];
  return VERBS[record.action];
}
