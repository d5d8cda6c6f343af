import type { Metadata } from "next";
import { AuditTable } from "@/components/dead-letters/audit-table";
import { Unavailable } from "@/components/dead-letters/unavailable";
import { Card, CardHeader } from "@/components/ui/card";
import { AppError } from "@/lib/core/errors";
import { environmentAudit } from "@/lib/audit/environment-audit";

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
  const loaded = await environmentAudit(env, 100, beforeSeq).catch((error: unknown) => {
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
          description="Every redrive, edit, discard, pause and cancel, newest first (stream SWITCHYARD_AUDIT, kept 365 days)."
        />
        <AuditTable environment={env} records={records} nextBefore={nextBefore} />
      </Card>
    </>
  );
}
