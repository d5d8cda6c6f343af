import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { MessagePeek } from "@/components/streams/message-peek";
import { StreamDetail } from "@/components/streams/stream-detail";
import { getStream } from "@/lib/collector/queries";
import { pageRange, streamName } from "@/lib/dto/params";
import { AppError } from "@/lib/core/errors";

type Props = {
  params: Promise<{ env: string; stream: string }>;
  searchParams: Promise<{ range?: string | string[] }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { stream } = await params;
  return { title: decodeURIComponent(stream) };
}

export default async function StreamPage({ params, searchParams }: Props) {
  const { env, stream } = await params;
  const { range } = await searchParams;
  const name = streamName.safeParse(decodeURIComponent(stream));
  if (!name.success) notFound();
  const found = await getStream(env, name.data).catch((error: unknown) => {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  });
  if (!found) notFound();
  return (
    <>
      <StreamDetail initial={found.stream} range={pageRange(range)} />
      <Suspense>
        <MessagePeek
          environment={env}
          stream={found.stream.name}
          firstSeq={found.stream.firstSeq}
          lastSeq={found.stream.lastSeq}
        />
      </Suspense>
    </>
  );
}
