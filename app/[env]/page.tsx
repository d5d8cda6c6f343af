import type { Metadata } from "next";
import { IncidentsPanel } from "@/components/incidents/incidents-panel";
import { notFound } from "next/navigation";
import { FindingsPanel } from "@/components/overview/findings-panel";
import { initialStreamQuery } from "@/components/overview/initial-page";
import { OverviewStats } from "@/components/overview/overview-stats";
import { StreamsTable } from "@/components/overview/streams-table";
import { WorstLists } from "@/components/overview/worst-lists";
import { getStreamPage, getSummary } from "@/lib/collector/queries";
import { AppError } from "@/lib/core/errors";

export const metadata: Metadata = { title: "Overview" };

/** Summary first (totals, findings, the worst rows), then one page of the full table. */
const PAGE_SIZE = 25;

export default async function OverviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ env: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { env } = await params;
  // The layout answers 404 for an unknown environment; this page renders alongside it and must not throw first.
  const summary = await getSummary(env).catch((error: unknown) => {
    if (error instanceof AppError && error.status === 404) notFound();
    throw error;
  });
  const { state, query } = initialStreamQuery(await searchParams, summary, PAGE_SIZE);
  const initial = await getStreamPage(env, query);
  return (
    <>
      <h1 className="text-lg font-semibold">Overview</h1>
      <IncidentsPanel />
      <OverviewStats />
      <FindingsPanel />
      <WorstLists />
      <StreamsTable initial={initial} initialState={state} pageSize={PAGE_SIZE} />
    </>
  );
}
