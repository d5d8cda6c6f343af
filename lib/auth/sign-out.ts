// Sign-out: ends the cookie's session in the session store (so a copied cookie stops working on every replica)
// and audits it.
import "server-only";
import type { AuthConfig } from "@/lib/config";
import type { Actor } from "@/lib/core/actor";
import { environmentAuditSink } from "@/lib/audit/environment-audit";
import { recordAuditBestEffort } from "@/lib/audit/record-audit";
import { sessionSecret } from "./identify";
import { decodeSession, readCookie, SESSION_COOKIE } from "./session-cookie";
import { endSession } from "./sessions";

/**
 * `endedEverywhere` is false when the store could not be reached: this process refuses the session from now on,
 * other replicas only until the cookie expires (the answer says so rather than pretending).
 */
export async function signOut(
  config: AuthConfig,
  headers: Headers,
  actor: Actor,
): Promise<{ signedOut: true; endedEverywhere: boolean }> {
  if (actor.via !== "session") return { signedOut: true, endedEverywhere: true };
  const session = decodeSession(readCookie(headers.get("cookie"), SESSION_COOKIE), sessionSecret(config));
  let endedEverywhere = true;
  if (session) {
    try {
      await endSession(config, session);
    } catch (error) {
      endedEverywhere = false;
      console.error(
        `[auth] sign-out of ${session.user}: the session store is unreachable (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  await recordAuditBestEffort(environmentAuditSink, {
    user: actor.user,
    address: actor.address,
    action: "signout",
    result: endedEverywhere ? "ok" : "partial",
    note: endedEverywhere ? undefined : "session store unreachable: ended on this replica only",
  });
  return { signedOut: true, endedEverywhere };
}
