import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { initialStreamQuery } from "@/components/overview/initial-page";
import { StreamsTable } from "@/components/overview/streams-table";
import { getStreamPage, getSummary } from "@/lib/collector/queries";
import { AppError } from "@/lib/core/errors";

export const metadata: Metadata = { title: "Streams" };

const PAGE_SIZE = 50;

export default async function StreamsPage({
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
      <h1 className="text-lg font-semibold">Streams</h1>
      <StreamsTable initial={initial} initialState={state} pageSize={PAGE_SIZE} />
    </>
  );
}
