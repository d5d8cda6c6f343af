import { envParams } from "@/lib/dto/params";
import { conversationListQuery } from "@/lib/dto/traces";
import { apiRoute } from "@/lib/http/route";
import { environmentConnection } from "@/lib/nats/registry";
import { getConversations } from "@/lib/traces/queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { params: envParams, query: conversationListQuery, permission: "read" },
  async ({ params, query }) => {
    environmentConnection(params.env);
    return getConversations(params.env, query);
  },
);
