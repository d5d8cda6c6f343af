import type { Metadata } from "next";
import { Suspense } from "react";
import { ToolFilters } from "@/components/tools/tool-filters";
import { ToolsTable } from "@/components/tools/tools-table";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { AppError } from "@/lib/core/errors";
import { toolListQuery, type ToolListQuery } from "@/lib/dto/tools";
import { getTools } from "@/lib/tools/queries";

export const metadata: Metadata = { title: "Tools" };

type Props = {
  params: Promise<{ env: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

async function ToolRows({ env, query }: { env: string; query: ToolListQuery }) {
  const list = await getTools(env, query).catch((error: unknown) => {
    if (error instanceof AppError) return error;
    throw error;
  });
  if (list instanceof AppError)
    return (
      <EmptyState title="Tools cannot be listed right now">
        {list.message}. The list comes back by itself when NATS is reachable.
      </EmptyState>
    );
  return <ToolsTable environment={env} initial={list} query={query} />;
}

function RowsSkeleton() {
  return (
    <div className="space-y-2 p-4" aria-label="Loading tools">
      {Array.from({ length: 4 }, (_, i) => (
        <Skeleton key={i} className="h-6 w-full" />
      ))}
    </div>
  );
}

export default async function ToolsPage({ params, searchParams }: Props) {
  const { env } = await params;
  const raw = Object.fromEntries(
    Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
  );
  const parsed = toolListQuery.safeParse(raw);
  const query: ToolListQuery = parsed.success ? parsed.data : { sort: "tool" };
  return (
    <>
      <h1 className="text-lg font-semibold">Tools</h1>
      <Card>
        <CardHeader
          title="Tool calls"
          description="Every tool seen in the requests, with the queue behind it and what became of its calls."
          actions={<ToolFilters query={query} />}
        />
        {parsed.success ? null : (
          <p className="px-4 pt-3 text-sm text-red-700 dark:text-red-400">
            Ignored invalid filters: {parsed.error.issues[0]?.path.join(".")}{" "}
            {parsed.error.issues[0]?.message}
          </p>
        )}
        <Suspense key={JSON.stringify(query)} fallback={<RowsSkeleton />}>
          <ToolRows env={env} query={query} />
        </Suspense>
      </Card>
    </>
  );
}
