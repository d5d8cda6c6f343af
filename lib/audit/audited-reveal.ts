// The one way to reveal originals: operators only, and the audit record is stored before the revealed value is
// returned to the caller (docs/architecture.md §12).
import "server-only";
import type { Actor } from "@/lib/core/actor";
import { revealDisclosure, type Disclosure } from "@/lib/masking/for-actor";
import { environmentAuditSink } from "./environment-audit";
import { recordAudit } from "./record-audit";

/**
 * Reads with a reveal, then stores a `reveal` audit record (user, address, what) and only then returns what was
 * read. Refuses (403) an actor who may not reveal, before reading anything; a failed audit write fails the reveal.
 */
export async function withAuditedReveal<T>(
  environment: string,
  actor: Actor,
  read: (disclosure: Disclosure) => Promise<T>,
  detail: (value: T) => Record<string, unknown>,
): Promise<T> {
  const disclosure = revealDisclosure(actor);
  const value = await read(disclosure);
  await recordAudit(await environmentAuditSink(environment), {
    user: actor.user,
    address: actor.address,
    action: "reveal",
    result: "ok",
    detail: { environment, ...detail(value) },
  });
  return value;
}
