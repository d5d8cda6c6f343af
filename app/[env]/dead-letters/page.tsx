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
import { deadLetters, type DeadLetters } from "@/lib/dlq";
import { filterFromParams } from "@/lib/dto/dead-letter-query";
import type { DeadLetterFilter } from "@/lib/dto/dead-letters";
import { AppError } from "@/lib/core/errors";
import { getOverview } from "@/lib/collector/queries";
import { filterExamples, GENERIC_EXAMPLES } from "@/lib/dto/filter-examples";

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
  const dl = deadLetters(env);
  const loaded = await loadStreams(dl);
  if ("unavailable" in loaded) {
    return (
      <>
        <h1 className="text-lg font-semibold">Dead letters</h1>
        <Unavailable message={loaded.unavailable} />
      </>
    );
  }
  const { streams, defaults } = loaded;
  const requested = typeof query.dlq === "string" ? query.dlq : undefined;
  const dlq = streams.find((s) => s.name === requested)?.name ?? streams[0]?.name ?? "SWITCHYARD_DLQ";
  const cursor = typeof query.cursor === "string" ? query.cursor : undefined;
  const jobs = await dl.jobs(20);
  const examples = await getOverview(env)
    .then((overview) => filterExamples(overview.streams))
    .catch(() => GENERIC_EXAMPLES);
  return (
    <>
      <h1 className="text-lg font-semibold">Dead letters</h1>
      <DlqPicker environment={env} streams={streams} current={dlq} />
      <Card>
        <FilterForm key={JSON.stringify(filter)} filter={filter} dlq={dlq} examples={examples} />
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
          dl={dl}
          dlq={dlq}
          filter={filter}
          cursor={cursor}
          rate={defaults.ratePerSecond}
          targetExample={examples.subject}
        />
      </Suspense>
      <Suspense key={`s${dlq}${JSON.stringify(filter)}`} fallback={<Skeleton className="h-40" />}>
        <Summary env={env} dl={dl} dlq={dlq} filter={filter} />
      </Suspense>
    </>
  );
}

/** NATS down is a state to show, not a crash: anything else still goes to the error boundary. */
async function loadStreams(dl: DeadLetters) {
  return dl
    .defaults()
    .then(async (defaults) => ({ defaults, streams: await dl.streams() }))
    .catch((error: unknown) => {
      if (error instanceof AppError && error.code === "nats_unavailable")
        return { unavailable: error.message };
      throw error;
    });
}

async function Entries({
  env,
  dl,
  dlq,
  filter,
  cursor,
  rate,
  targetExample,
}: {
  env: string;
  dl: DeadLetters;
  dlq: string;
  filter: DeadLetterFilter;
  cursor?: string;
  rate: number;
  targetExample: string;
}) {
  const result = await dl.browse({ ...filter, dlq, cursor, limit: 50 }).then(
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
      targetExample={targetExample}
    />
  );
}

async function Summary({
  env,
  dl,
  dlq,
  filter,
}: {
  env: string;
  dl: DeadLetters;
  dlq: string;
  filter: DeadLetterFilter;
}) {
  const summary = await dl.summary({ ...filter, dlq });
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
