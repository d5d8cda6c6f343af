import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { MessagePeek } from "@/components/streams/message-peek";
import { CONSUMER_PAGE, pageParam } from "@/components/streams/table-pages";
import { StreamDetail } from "@/components/streams/stream-detail";
import { getLiveView, getStream, getStreamSeries } from "@/lib/collector/queries";
import { cursorOf } from "@/lib/dto/estate";
import type { StreamView } from "@/lib/dto/live-view";
import { pageRange, streamName } from "@/lib/dto/params";
import { AppError } from "@/lib/core/errors";

type Props = {
  params: Promise<{ env: string; stream: string }>;
  searchParams: Promise<{ range?: string | string[]; cpage?: string | string[] }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { stream } = await params;
  return { title: decodeURIComponent(stream) };
}

export default async function StreamPage({ params, searchParams }: Props) {
  const { env, stream } = await params;
  const { range, cpage } = await searchParams;
  const name = streamName.safeParse(decodeURIComponent(stream));
  if (!name.success) notFound();
  const found = await getStream(env, name.data).catch((error: unknown) => {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  });
  if (!found) notFound();
  // The charts' first data comes with the page (from the in-memory history), not a fetch after it.
  const [messages, inRate] = await Promise.all(
    (["messages", "inRate"] as const).map((m) => getStreamSeries(env, name.data, m, pageRange(range))),
  );
  const page = pageParam(typeof cpage === "string" ? cpage : null);
  const view = (await getLiveView(env, {
    view: "stream",
    stream: name.data,
    filter: "",
    sort: "name",
    limit: CONSUMER_PAGE,
    cursor: cursorOf(page, CONSUMER_PAGE),
    open: [],
  })) as StreamView;
  return (
    <>
      <StreamDetail
        initial={{ ...view, stream: view.stream ?? found.stream }}
        range={pageRange(range)}
        series={{ messages, inRate }}
      />
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
