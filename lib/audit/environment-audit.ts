// An environment's audit log: its shared connection is where records are written and read (sign-in and sign-out
// use the default environment).
import "server-only";
import { defaultEnvironmentName, environmentConnection } from "@/lib/nats/registry";
import type { Role } from "@/lib/core/actor";
import { HIDDEN_USER, type AuditPage } from "@/lib/dto/audit";
import { listAudit } from "./list-audit";
import type { AuditSink } from "./record-audit";

export async function environmentAuditSink(
  environment: string = defaultEnvironmentName(),
): Promise<AuditSink> {
  const connection = environmentConnection(environment);
  return { nc: connection.connection(), jsm: await connection.manager() };
}

/**
 * The environment's audit records (sign-ins, reveals, dead-letter actions), newest first. The name typed into a
 * failed sign-in is shown to admins only.
 */
export async function environmentAudit(
  environment: string,
  limit: number,
  before: number | undefined,
  readerRole: Role,
): Promise<AuditPage> {
  const connection = environmentConnection(environment);
  const source = {
    nc: connection.connection(),
    jsm: await connection.manager(),
    apiPrefix: connection.apiPrefix(),
  };
  const page = await listAudit(source, limit, before);
  if (readerRole === "admin") return page;
  return {
    ...page,
    records: page.records.map((r) => (r.action === "signin_failed" ? { ...r, user: HIDDEN_USER } : r)),
  };
}
