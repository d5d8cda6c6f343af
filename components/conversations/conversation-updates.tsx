"use client";
// "N new or changed — show" above the conversations list: after each poll the same query is read again (the
// summaries are cached by the index, so an unchanged conversation costs no NATS request) and compared.
import { useRouter } from "next/navigation";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { NewItemsBar } from "@/components/freshness/new-items-bar";
import { usePollKey } from "@/components/freshness/use-poll-key";
import { apiPaths } from "@/lib/dto/api-paths";
import type { ConversationList, ConversationListQuery } from "@/lib/dto/traces";

type Summary = ConversationList["conversations"][number];
/** What makes a row different; waits and durations of open conversations grow by themselves and do not count. */
const facts = (c: Summary) => `${c.status}|${c.messages}|${c.tools}|${c.failures}`;

export function ConversationUpdates({
  environment,
  query,
  shown,
}: {
  environment: string;
  query: ConversationListQuery;
  shown: ConversationList["conversations"];
}) {
  const router = useRouter();
  const poll = usePollKey();
  const { data } = useRefreshingJson<ConversationList>(
    poll.changed ? apiPaths.conversations(environment, query) : null,
    poll.key,
  );
  const before = new Map(shown.map((c) => [c.conversationId, facts(c)]));
  const count = data ? data.conversations.filter((c) => before.get(c.conversationId) !== facts(c)).length : 0;
  return (
    <NewItemsBar
      count={count}
      noun={["conversation new or changed", "conversations new or changed"]}
      onShow={() => router.refresh()}
    />
  );
}
