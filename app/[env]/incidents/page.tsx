import type { Metadata } from "next";
import { z } from "zod";
import { DeliveriesCard } from "@/components/incidents/deliveries-card";
import { IncidentHistory } from "@/components/incidents/incident-history";
import { INCIDENT_PAGE } from "@/lib/dto/params";
import { AppError } from "@/lib/core/errors";
import { incidentsFor } from "@/lib/incidents";
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
  // The page's incidents come with it: no "Loading…" that the list then replaces (on a phone, scrolled down, the
  // browser kept the reader mid-list when it did). Without NATS the list says so itself, after its first fetch.
  const initial = await incidentsFor(env)
    .then((s) => s.list({ state: state ?? "all", limit: INCIDENT_PAGE, offset: (page - 1) * INCIDENT_PAGE }))
    .catch((error: unknown) => {
      if (error instanceof AppError && error.code === "nats_unavailable") return undefined;
      throw error;
    });
  return (
    <>
      <h1 className="text-lg font-semibold">Incidents</h1>
      <IncidentHistory key={`${state}:${page}`} env={env} state={state} page={page} initial={initial} />
      <SilencesCard env={env} />
      <DeliveriesCard env={env} />
    </>
  );
}
