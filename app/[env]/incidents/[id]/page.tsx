import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Unavailable } from "@/components/dead-letters/unavailable";
import { IncidentDetail } from "@/components/incidents/incident-detail";
import { AppError } from "@/lib/core/errors";
import { incidentIdSchema } from "@/lib/dto/incidents";
import { incidentsFor } from "@/lib/incidents";

export const metadata: Metadata = { title: "Incident" };

export default async function IncidentPage({ params }: { params: Promise<{ env: string; id: string }> }) {
  const { env, id } = await params;
  if (!incidentIdSchema.safeParse(id).success) notFound();
  const loaded = await incidentsFor(env)
    .then((s) => s.get(id))
    .catch((error: unknown) => {
      if (error instanceof AppError && error.code === "not_found") notFound();
      if (error instanceof AppError && error.code === "nats_unavailable")
        return { unavailable: error.message };
      throw error;
    });
  if ("unavailable" in loaded) return <Unavailable message={loaded.unavailable} />;
  return <IncidentDetail env={env} initial={loaded} />;
}
