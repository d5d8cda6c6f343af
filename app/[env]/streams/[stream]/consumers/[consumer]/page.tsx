import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConsumerDetail } from "@/components/consumers/consumer-detail";
import { getConsumer, getConsumerSeries, getLiveView } from "@/lib/collector/queries";
import type { ConsumerMetric } from "@/lib/core/series-keys";
import type { ConsumerView } from "@/lib/dto/live-view";
import { consumerName, pageRange, streamName } from "@/lib/dto/params";
import { AppError } from "@/lib/core/errors";

type Props = {
  params: Promise<{ env: string; stream: string; consumer: string }>;
  searchParams: Promise<{ range?: string | string[] }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { consumer } = await params;
  return { title: decodeURIComponent(consumer) };
}

export default async function ConsumerPage({ params, searchParams }: Props) {
  const { env, stream, consumer } = await params;
  const { range } = await searchParams;
  const s = streamName.safeParse(decodeURIComponent(stream));
  const c = consumerName.safeParse(decodeURIComponent(consumer));
  if (!s.success || !c.success) notFound();
  const found = await getConsumer(env, s.data, c.data).catch((error: unknown) => {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  });
  if (!found) notFound();
  // The charts' first data comes with the page (from the in-memory history), not a fetch after it.
  const metrics: ConsumerMetric[] = [
    "backlog",
    "oldestUnprocessedAgeSeconds",
    "numAckPending",
    "outRate",
    "redeliveryRate",
  ];
  const series = Object.fromEntries(
    await Promise.all(
      metrics.map(
        async (m) => [m, await getConsumerSeries(env, s.data, c.data, m, pageRange(range))] as const,
      ),
    ),
  );
  const view = (await getLiveView(env, {
    view: "consumer",
    stream: s.data,
    consumer: c.data,
    filter: "",
    sort: "name",
    limit: 1,
    open: [],
  })) as ConsumerView;
  return (
    <ConsumerDetail
      initial={{ ...view, consumer: found.consumer }}
      range={pageRange(range)}
      series={series}
    />
  );
}
