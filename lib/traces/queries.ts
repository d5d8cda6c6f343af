// Server face of traces for routes and pages: wires the environment's connection, indexer and collector into lookups.
import "server-only";
import { collectorFor } from "@/lib/collector/registry";
import type { ConversationList, ConversationListQuery, Timeline } from "@/lib/dto/traces";
import { originHeadersFor } from "@/lib/dlq/entries";
import { environmentConnection } from "@/lib/nats/registry";
import { listConversations, type ListDeps } from "./list-conversations";
import { lookupConversation } from "./lookup-conversation";
import { traceIndexerFor } from "./registry";

function depsFor(environment: string): ListDeps {
  const connection = environmentConnection(environment);
  const nc = connection.connection();
  const streams = collectorFor(environment).latest().streams;
  return {
    nc,
    prefix: connection.apiPrefix(),
    indexer: traceIndexerFor(environment),
    originHeaders: (dlqStream) => originHeadersFor(connection.env.deadLetters?.originHeaders, dlqStream),
    streamSince: (stream) => streams.find((s) => s.name === stream)?.firstTs ?? null,
  };
}

export function getTimeline(environment: string, id: string): Promise<Timeline> {
  return lookupConversation(depsFor(environment), id);
}

export function getConversations(
  environment: string,
  query: ConversationListQuery,
): Promise<ConversationList> {
  return listConversations(depsFor(environment), query);
}
