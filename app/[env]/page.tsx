import type { Metadata } from "next";
import { FindingsPanel } from "@/components/overview/findings-panel";
import { OverviewStats } from "@/components/overview/overview-stats";
import { StreamsTable } from "@/components/overview/streams-table";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const { q } = await searchParams;
  return (
    <>
      <h1 className="text-lg font-semibold">Overview</h1>
      <OverviewStats />
      <FindingsPanel />
      <StreamsTable query={typeof q === "string" ? q : ""} />
    </>
  );
}
