import type { Metadata } from "next";
import { StreamsTable } from "@/components/overview/streams-table";

export const metadata: Metadata = { title: "Streams" };

export default async function StreamsPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const { q } = await searchParams;
  return (
    <>
      <h1 className="text-lg font-semibold">Streams</h1>
      <StreamsTable query={typeof q === "string" ? q : ""} />
    </>
  );
}
