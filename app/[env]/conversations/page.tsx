import type { Metadata } from "next";
import { Suspense } from "react";
import { ConversationFilters } from "@/components/conversations/conversation-filters";
import { ConversationUpdates } from "@/components/conversations/conversation-updates";
import { ConversationsTable } from "@/components/conversations/conversations-table";
import { IndexStatusNote } from "@/components/conversations/index-status-note";
import { OpenTraceForm } from "@/components/conversations/open-trace-form";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { getConfig } from "@/lib/config";
import { conversationListQuery, type ConversationListQuery } from "@/lib/dto/traces";
import { AppError } from "@/lib/core/errors";
import { describeKeyRule, traceSettings } from "@/lib/keys/key-rules";
import { getConversations } from "@/lib/traces/queries";

export const metadata: Metadata = { title: "Conversations" };

type Props = {
  params: Promise<{ env: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

async function ConversationList({ env, query }: { env: string; query: ConversationListQuery }) {
  const list = await getConversations(env, query).catch((error: unknown) => {
    if (error instanceof AppError) return error;
    throw error;
  });
  if (list instanceof AppError) {
    return (
      <EmptyState title="Conversations cannot be listed right now">
        {list.message}. The list comes back by itself when NATS is reachable.
      </EmptyState>
    );
  }
  return (
    <>
      {/* Keyed by what is shown: after "show" the bar starts over instead of comparing an older read. */}
      <ConversationUpdates
        key={list.conversations.map((c) => `${c.conversationId}:${c.status}:${c.messages}`).join()}
        environment={env}
        query={query}
        shown={list.conversations}
      />
      <ConversationsTable
        environment={env}
        list={list}
        filtered={Boolean(query.q || query.status || query.stuck)}
        keyRules={traceSettings(getConfig().traces).keyRules.map(describeKeyRule)}
      />
      <div className="border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <IndexStatusNote index={list.index} />
      </div>
    </>
  );
}

function ListSkeleton() {
  return (
    <div className="space-y-2 p-4" aria-label="Loading conversations">
      {Array.from({ length: 6 }, (_, i) => (
        <Skeleton key={i} className="h-6 w-full" />
      ))}
    </div>
  );
}

export default async function ConversationsPage({ params, searchParams }: Props) {
  const { env } = await params;
  const raw = Object.fromEntries(
    Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
  );
  const parsed = conversationListQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : {};
  const stuckAfter = traceSettings(getConfig().traces).stuckAfterSeconds;
  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-lg font-semibold">Conversations</h1>
        <OpenTraceForm environment={env} />
      </div>
      <Card>
        <CardHeader
          title="Recent conversations"
          description="Newest first, from the conversation index; status and duration from each conversation's messages, dead letters and advisories."
          actions={<ConversationFilters query={query} defaultStuckAfter={stuckAfter} />}
        />
        {parsed.success ? null : (
          <p className="px-4 pt-3 text-sm text-red-700 dark:text-red-400">
            Ignored invalid filters: {parsed.error.issues[0]?.path.join(".")}{" "}
            {parsed.error.issues[0]?.message}
          </p>
        )}
        <Suspense key={JSON.stringify(query)} fallback={<ListSkeleton />}>
          <ConversationList env={env} query={query} />
        </Suspense>
      </Card>
    </>
  );
}
