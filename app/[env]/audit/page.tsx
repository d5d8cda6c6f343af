import type { Metadata } from "next";
import { headers } from "next/headers";
import { AuditLive } from "@/components/dead-letters/audit-live";
import { AuditTable } from "@/components/dead-letters/audit-table";
import { Unavailable } from "@/components/dead-letters/unavailable";
import { Card, CardHeader } from "@/components/ui/card";
import { AppError } from "@/lib/core/errors";
import { environmentAudit } from "@/lib/audit/environment-audit";
import { sessionInfo } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ env: string }>;
  searchParams: Promise<{ before?: string }>;
}) {
  const { env } = await params;
  const { before } = await searchParams;
  const beforeSeq = before && /^\d+$/.test(before) ? Number(before) : undefined;
  // The page gate (proxy.ts) let this reader in; without an actor here, treat them as the least privileged.
  const reader = (await sessionInfo(await headers())).actor?.role ?? "viewer";
  const loaded = await environmentAudit(env, 100, beforeSeq, reader).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "nats_unavailable") return { unavailable: error.message };
    throw error;
  });
  if ("unavailable" in loaded) {
    return (
      <>
        <h1 className="text-lg font-semibold">Audit</h1>
        <Unavailable message={loaded.unavailable} />
      </>
    );
  }
  const { records, nextBefore } = loaded;
  return (
    <>
      <h1 className="text-lg font-semibold">Audit</h1>
      <Card>
        <CardHeader
          title="Who did what"
          description="Sign-ins, reveals, refused actions and every dead-letter action, newest first (stream SWITCHYARD_AUDIT, kept 90 days)."
        />
        {beforeSeq === undefined ? (
          <AuditLive key={records[0]?.seq} environment={env} newestSeq={records[0]?.seq ?? 0} />
        ) : null}
        <AuditTable environment={env} records={records} nextBefore={nextBefore} />
      </Card>
    </>
  );
}
