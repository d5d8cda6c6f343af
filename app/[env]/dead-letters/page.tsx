import type { Metadata } from "next";
import { Suspense } from "react";
import { DeadLetterBrowser } from "@/components/dead-letters/dead-letter-browser";
import { DlqPicker } from "@/components/dead-letters/dlq-picker";
import { FilterForm } from "@/components/dead-letters/filter-form";
import { JobsList } from "@/components/dead-letters/jobs-list";
import { SummaryCard } from "@/components/dead-letters/summary-card";
import { Unavailable } from "@/components/dead-letters/unavailable";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { browse } from "@/lib/dlq/browse";
import { dlqContext, deadLetterStreams } from "@/lib/dlq/context";
import { toJobDto } from "@/lib/dlq/redrive-store";
import { summarize } from "@/lib/dlq/summary";
import { filterFromParams } from "@/lib/dto/dead-letter-query";
import type { DeadLetterFilter } from "@/lib/dto/dead-letters";
import { AppError } from "@/lib/core/errors";

export const metadata: Metadata = { title: "Dead letters" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function DeadLettersPage({
  params,
  searchParams,
}: {
  params: Promise<{ env: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { env } = await params;
  const query = await searchParams;
  const { filter, error } = filterFromParams(query);
  const loaded = await loadContext(env);
  if ("unavailable" in loaded) {
    return (
      <>
        <h1 className="text-lg font-semibold">Dead letters</h1>
        <Unavailable message={loaded.unavailable} />
      </>
    );
  }
  const { ctx, streams } = loaded;
  const requested = typeof query.dlq === "string" ? query.dlq : undefined;
  const dlq = streams.find((s) => s.name === requested)?.name ?? streams[0]?.name ?? "SWITCHYARD_DLQ";
  const cursor = typeof query.cursor === "string" ? query.cursor : undefined;
  const store = await ctx.store();
  const jobs = await Promise.all(
    (await store.list()).slice(0, 20).map(async (j) => toJobDto(j, await store.returned(j.id))),
  );
  return (
    <>
      <h1 className="text-lg font-semibold">Dead letters</h1>
      <DlqPicker environment={env} streams={streams} current={dlq} />
      <Card>
        <FilterForm key={JSON.stringify(filter)} filter={filter} dlq={dlq} />
        {error ? (
          <p role="alert" className="px-4 pb-3 text-sm text-red-700 dark:text-red-400">
            Filter ignored — {error}
          </p>
        ) : null}
      </Card>
      <JobsList environment={env} initial={jobs} />
      <Suspense key={`${dlq}${JSON.stringify(filter)}${cursor}`} fallback={<ListSkeleton />}>
        <Entries
          env={env}
          dlq={dlq}
          filter={filter}
          cursor={cursor}
          rate={ctx.services.defaults.ratePerSecond}
        />
      </Suspense>
      <Suspense key={`s${dlq}${JSON.stringify(filter)}`} fallback={<Skeleton className="h-40" />}>
        <Summary env={env} dlq={dlq} filter={filter} />
      </Suspense>
    </>
  );
}

/** NATS down is a state to show, not a crash: anything else still goes to the error boundary. */
async function loadContext(env: string) {
  return dlqContext(env)
    .then(async (ctx) => ({ ctx, streams: await deadLetterStreams(ctx) }))
    .catch((error: unknown) => {
      if (error instanceof AppError && error.code === "nats_unavailable")
        return { unavailable: error.message };
      throw error;
    });
}

async function Entries({
  env,
  dlq,
  filter,
  cursor,
  rate,
}: {
  env: string;
  dlq: string;
  filter: DeadLetterFilter;
  cursor?: string;
  rate: number;
}) {
  const ctx = await dlqContext(env);
  const result = await browse(ctx.src, dlq, filter, cursor, 50).then(
    (page) => ({ page }),
    (error: unknown) => {
      // A stale or foreign cursor is the user's to fix, not a crash.
      if (error instanceof AppError && error.status < 500) return { error: error.message };
      throw error;
    },
  );
  if ("error" in result) {
    return (
      <Card>
        <p role="alert" className="p-4 text-sm text-red-700 dark:text-red-400">
          {result.error}
        </p>
      </Card>
    );
  }
  return (
    <DeadLetterBrowser
      environment={env}
      page={result.page}
      filter={filter}
      defaultRate={rate}
      isFirstPage={!cursor}
    />
  );
}

async function Summary({ env, dlq, filter }: { env: string; dlq: string; filter: DeadLetterFilter }) {
  const ctx = await dlqContext(env);
  const summary = await summarize(ctx.src, dlq, filter);
  return <SummaryCard environment={env} dlq={dlq} filter={filter} summary={summary} />;
}

function ListSkeleton() {
  return (
    <Card className="space-y-2 p-4">
      {Array.from({ length: 8 }, (_, i) => (
        <Skeleton key={i} className="h-6" />
      ))}
    </Card>
  );
}
