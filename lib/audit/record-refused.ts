// Audit records for refused mutations (401/403 from authorize), limited per caller so a flood of refusals cannot
// fill the audit stream: at most REFUSED_PER_MINUTE records a minute per caller, then one summary.
import "server-only";
import type { Actor } from "@/lib/core/actor";
import { environmentAuditSink } from "./environment-audit";
import { recordAuditBestEffort } from "./record-audit";

export const REFUSED_PER_MINUTE = 10;
const WINDOW_MS = 60_000;
const MAX_CALLERS = 10_000;

type Window = { start: number; count: number; suppressedBefore: number };
const KEY = Symbol.for("switchyard.audit.refused-windows");
type Holder = { [KEY]?: Map<string, Window> };

function windows(): Map<string, Window> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

export type Refusal = {
  actor: Pick<Actor, "user" | "role" | "address"> | null;
  address: string | null;
  method: string;
  path: string;
  status: number;
  /** A short code: role, csrf, unauthenticated. */
  reason: string;
  message: string;
  environment: string | undefined;
};

/**
 * What to store for this refusal: the record's extra fields, or null once the caller's minute is used up. The
 * (limit+1)-th refusal of a minute stores a summary; the first of the next minute says how many were not stored.
 */
export function admitRefusal(
  caller: string,
  nowMs: number,
): { summary: boolean; suppressedBefore: number } | null {
  const map = windows();
  let window = map.get(caller);
  if (!window || nowMs - window.start >= WINDOW_MS) {
    const suppressed = window ? Math.max(0, window.count - REFUSED_PER_MINUTE - 1) : 0;
    map.delete(caller);
    while (map.size >= MAX_CALLERS) map.delete(map.keys().next().value as string);
    window = { start: nowMs, count: 0, suppressedBefore: suppressed };
    map.set(caller, window);
  }
  window.count++;
  if (window.count <= REFUSED_PER_MINUTE)
    return { summary: false, suppressedBefore: window.count === 1 ? window.suppressedBefore : 0 };
  if (window.count === REFUSED_PER_MINUTE + 1) return { summary: true, suppressedBefore: 0 };
  return null;
}

/** Stores the refusal without delaying the answer (best effort: logged to stderr when NATS is down). */
export function recordRefusal(refusal: Refusal, nowMs = Date.now()): void {
  const user = refusal.actor?.user ?? "anonymous";
  const admitted = admitRefusal(`${refusal.address ?? "?"}|${user}`, nowMs);
  if (!admitted) return;
  const detail: Record<string, unknown> = {
    method: refusal.method,
    path: refusal.path.slice(0, 300),
    status: refusal.status,
    reason: refusal.reason,
    role: refusal.actor?.role ?? null,
    message: refusal.message.slice(0, 200),
  };
  if (admitted.suppressedBefore > 0) detail.notRecordedLastMinute = admitted.suppressedBefore;
  if (admitted.summary) detail.summary = true;
  void recordAuditBestEffort(() => environmentAuditSink(refusal.environment), {
    user,
    address: refusal.address,
    action: "refused",
    result: "failed",
    detail,
    note: admitted.summary
      ? `more than ${REFUSED_PER_MINUTE} refused requests in a minute from ${user} at ${refusal.address ?? "?"}; the rest of this minute is not recorded`
      : undefined,
  });
}
