// Audit records for identity events (sign-in, sign-out, payload reveal) in a JetStream stream Switchyard owns.
import "server-only";
import { jetstream, RetentionPolicy, StorageType, type StreamConfig } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import type { Actor } from "@/lib/http/actor";
import { defaultEnvironmentName, environmentConnection } from "@/lib/nats/registry";
import { createStreamIfMissing } from "@/lib/nats/ensure-stream";

export const AUDIT_STREAM = "SWITCHYARD_AUDIT";
export const AUDIT_SUBJECT_PREFIX = "switchyard.audit";

export type AuditKind = "signin" | "signin_failed" | "signout" | "reveal";

/** One JSON record per event on `switchyard.audit.<kind>`. */
export type AuditRecord = {
  time: string;
  user: string;
  address: string | null;
  action: AuditKind;
  detail: Record<string, unknown>;
};

export function auditStreamConfig(): Partial<StreamConfig> & { name: string } {
  return {
    name: AUDIT_STREAM,
    description: "Switchyard audit log: sign-ins, payload reveals and operator actions",
    subjects: [`${AUDIT_SUBJECT_PREFIX}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(90 * 24 * 60 * 60 * 1000),
    max_bytes: 256 * 1024 * 1024,
  };
}

const READY = Symbol.for("switchyard.auth.audit-ready");
type Holder = { [READY]?: Set<string> };

async function ensureAuditStream(environment: string): Promise<void> {
  const holder = globalThis as Holder;
  holder[READY] ??= new Set();
  if (holder[READY].has(environment)) return;
  const jsm = await environmentConnection(environment).manager();
  await createStreamIfMissing(jsm, auditStreamConfig());
  holder[READY].add(environment);
}

/** Publishes one record and waits for the PubAck; throws (503 when NATS is down) if it was not stored. */
export async function recordAudit(
  action: AuditKind,
  actor: Pick<Actor, "user" | "address">,
  detail: Record<string, unknown>,
  environment: string = defaultEnvironmentName(),
): Promise<AuditRecord> {
  const record: AuditRecord = {
    time: new Date().toISOString(),
    user: actor.user,
    address: actor.address,
    action,
    detail,
  };
  await ensureAuditStream(environment);
  await jetstream(environmentConnection(environment).connection()).publish(
    `${AUDIT_SUBJECT_PREFIX}.${action}`,
    JSON.stringify(record),
    { expect: { streamName: AUDIT_STREAM }, timeout: 3000 },
  );
  return record;
}

/** For events that must not block the user (sign-in): logged to stderr when the stream cannot take it. */
export async function recordAuditBestEffort(
  action: AuditKind,
  actor: Pick<Actor, "user" | "address">,
  detail: Record<string, unknown>,
): Promise<void> {
  try {
    await recordAudit(action, actor, detail);
  } catch (error) {
    console.error(
      `[audit] could not store ${action} for ${actor.user} from ${actor.address ?? "?"}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
