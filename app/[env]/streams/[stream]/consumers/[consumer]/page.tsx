import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConsumerDetail } from "@/components/consumers/consumer-detail";
import { getConsumer } from "@/lib/collector/queries";
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
  return <ConsumerDetail initial={found.consumer} range={pageRange(range)} />;
}
