import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import { SearchedSources } from "@/components/conversations/searched-sources";
import { TraceSummary } from "@/components/conversations/trace-summary";
import { TraceTimeline } from "@/components/conversations/trace-timeline";
import { TraceUpdates } from "@/components/conversations/trace-updates";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { apiPaths } from "@/lib/dto/api-paths";
import { conversationId } from "@/lib/dto/traces";
import { AppError } from "@/lib/core/errors";
import { getTimeline } from "@/lib/traces/queries";

type Props = {
  params: Promise<{ env: string; id: string }>;
  searchParams: Promise<{ mark?: string | string[] }>;
};

/** The segment arrives percent-encoded; a stray "%" must not turn into a 500. */
function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Conversation ${decodeSegment(id)}` };
}

export default async function ConversationPage({ params, searchParams }: Props) {
  const { env, id: rawId } = await params;
  const { mark } = await searchParams;
  const id = decodeSegment(rawId);
  const back = (
    <IntentLink href={`/${env}/conversations`} className="text-sm text-sky-700 underline dark:text-sky-400">
      ← Conversations
    </IntentLink>
  );
  const parsed = conversationId.safeParse(id);
  if (!parsed.success) {
    return (
      <>
        {back}
        <Card>
          <EmptyState title="Not a conversation id">
            <span role="alert">
              {JSON.stringify(id)} {parsed.error.issues[0]?.message}.
            </span>
          </EmptyState>
        </Card>
      </>
    );
  }
  const timeline = await getTimeline(env, parsed.data).catch((error: unknown) => {
    if (error instanceof AppError) return error;
    throw error;
  });
  if (timeline instanceof AppError) {
    return (
      <>
        {back}
        <Card>
          <EmptyState title="This trace cannot be read right now">
            {timeline.message}. Reload when NATS is reachable.
          </EmptyState>
        </Card>
      </>
    );
  }
  return (
    <>
      {back}
      <h1 className="font-mono text-lg font-semibold">{parsed.data}</h1>
      {timeline.marks.length === 0 ? (
        <Card>
          <SearchedSources id={parsed.data} searched={timeline.searched} />
        </Card>
      ) : (
        <>
          <TraceUpdates
            key={timeline.marks.length + timeline.markers.length}
            environment={env}
            id={parsed.data}
            shownEvents={timeline.marks.length + timeline.markers.length}
          />
          <TraceSummary
            timeline={timeline}
            exportHref={apiPaths.conversation(env, parsed.data, { download: true })}
          />
          <TraceTimeline
            environment={env}
            timeline={timeline}
            initialMark={typeof mark === "string" ? mark : null}
          />
        </>
      )}
    </>
  );
}
