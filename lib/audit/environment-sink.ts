// Where an environment's audit records go: its shared connection (sign-in and sign-out use the default environment).
import "server-only";
import { defaultEnvironmentName, environmentConnection } from "@/lib/nats/registry";
import type { AuditSink } from "./record-audit";

export async function environmentAuditSink(
  environment: string = defaultEnvironmentName(),
): Promise<AuditSink> {
  const connection = environmentConnection(environment);
  return { nc: connection.connection(), jsm: await connection.manager() };
}
