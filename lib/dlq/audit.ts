// The audit log: one JSON record per redrive, edit, discard and cancel (and, from lib/auth, per sign-in and reveal) in SWITCHYARD_AUDIT.
import { jetstream, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { AuditRecord } from "@/lib/dto/dead-letters";
import { AUDIT_STREAM, auditStreamConfig } from "@/lib/auth/audit";
import { readRange } from "./stream-reader";
import { createStreamIfMissing } from "@/lib/nats/ensure-stream";

export { AUDIT_STREAM };

/** One audit stream for identity events (lib/auth) and operator actions (here): created with one config. */
export async function ensureAuditStream(jsm: JetStreamManager): Promise<void> {
  await createStreamIfMissing(jsm, auditStreamConfig());
}

type IdentityRecord = {
  time: string;
  user: string;
  address: string | null;
  action: "signin" | "signin_failed" | "signout" | "reveal";
  detail?: Record<string, unknown>;
};

/** Reads either record shape into the one the audit page shows; undefined for anything else. */
export function normalizeAuditRecord(raw: unknown, seq: number): AuditRecord | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const r = raw as Partial<AuditRecord> & Partial<IdentityRecord>;
  if (typeof r.actor === "string" && typeof r.action === "string") return r as AuditRecord;
  if (typeof r.user !== "string" || typeof r.action !== "string" || typeof r.time !== "string")
    return undefined;
  const detail = (r.detail && typeof r.detail === "object" ? r.detail : {}) as Record<string, unknown>;
  return {
    id: `audit-${seq}`,
    time: r.time,
    actor: r.user,
    address: r.address ?? null,
    action: r.action,
    dlqStream: typeof detail.stream === "string" ? detail.stream : "",
    seqs: typeof detail.seq === "number" ? [detail.seq] : undefined,
    counts: {},
    result: r.action === "signin_failed" ? "failed" : "ok",
    detail: Object.entries(detail)
      .filter(([k]) => k !== "stream" && k !== "seq")
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join(", "),
  };
}

export async function recordAudit(
  nc: NatsConnection,
  jsm: JetStreamManager,
  record: Omit<AuditRecord, "id" | "time">,
): Promise<void> {
  await ensureAuditStream(jsm);
  const full: AuditRecord = { id: crypto.randomUUID(), time: new Date().toISOString(), ...record };
  await jetstream(nc).publish(`switchyard.audit.${record.action}`, JSON.stringify(full), { msgID: full.id });
}

/** Newest first: up to `limit` records older than `before` (a stream sequence). */
export async function listAudit(
  nc: NatsConnection,
  jsm: JetStreamManager,
  apiPrefix: string,
  limit = 100,
  before?: number,
): Promise<{ records: (AuditRecord & { seq: number })[]; nextBefore: number | null }> {
  await ensureAuditStream(jsm);
  const info = await jsm.streams.info(AUDIT_STREAM);
  const end = Math.min(before ?? info.state.last_seq + 1, info.state.last_seq + 1);
  const start = Math.max(info.state.first_seq, end - limit);
  const records: (AuditRecord & { seq: number })[] = [];
  const decoder = new TextDecoder();
  await readRange(nc, apiPrefix, { stream: AUDIT_STREAM, startSeq: start, endSeq: end }, (msg) => {
    try {
      const record = normalizeAuditRecord(JSON.parse(decoder.decode(msg.data)), msg.seq);
      if (record) records.push({ ...record, seq: msg.seq });
    } catch {
      // not JSON: skip
    }
  });
  return { records: records.reverse(), nextBefore: start > info.state.first_seq ? start : null };
}
