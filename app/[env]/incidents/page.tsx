import type { Metadata } from "next";
import { z } from "zod";
import { DeliveriesCard } from "@/components/incidents/deliveries-card";
import { IncidentHistory } from "@/components/incidents/incident-history";
import { SilencesCard } from "@/components/incidents/silences-card";

export const metadata: Metadata = { title: "Incidents" };

/** What the URL asks to see; anything else shows the first page of all of them. */
const shown = z.object({
  state: z.enum(["open", "resolved"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export default async function IncidentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ env: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { env } = await params;
  const { state, page } = shown.parse(await searchParams);
  return (
    <>
      <h1 className="text-lg font-semibold">Incidents</h1>
      <IncidentHistory env={env} state={state} page={page} />
      <SilencesCard env={env} />
      <DeliveriesCard env={env} />
    </>
  );
}
