import type { Metadata } from "next";
import { DeliveriesCard } from "@/components/incidents/deliveries-card";
import { IncidentHistory } from "@/components/incidents/incident-history";
import { SilencesCard } from "@/components/incidents/silences-card";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage({ params }: { params: Promise<{ env: string }> }) {
  const { env } = await params;
  return (
    <>
      <h1 className="text-lg font-semibold">Incidents</h1>
      <IncidentHistory env={env} />
      <SilencesCard env={env} />
      <DeliveriesCard env={env} />
    </>
  );
}
