// An environment's audit log: its shared connection is where records are written and read (sign-in and sign-out
// use the default environment).
import "server-only";
import { defaultEnvironmentName, environmentConnection } from "@/lib/nats/registry";
import type { AuditPage } from "@/lib/dto/audit";
import { listAudit } from "./list-audit";
import type { AuditSink } from "./record-audit";

export async function environmentAuditSink(
  environment: string = defaultEnvironmentName(),
): Promise<AuditSink> {
  const connection = environmentConnection(environment);
  return { nc: connection.connection(), jsm: await connection.manager() };
}

/** The environment's audit records (sign-ins, reveals, dead-letter actions), newest first. */
export async function environmentAudit(
  environment: string,
  limit: number,
  before: number | undefined,
): Promise<AuditPage> {
  const connection = environmentConnection(environment);
  const source = {
    nc: connection.connection(),
    jsm: await connection.manager(),
    apiPrefix: connection.apiPrefix(),
  };
  return listAudit(source, limit, before);
}
