import { NextResponse } from "next/server";
import { z } from "zod";
import { envParams } from "@/lib/dto/params";
import { conversationId } from "@/lib/dto/traces";
import { AppError } from "@/lib/core/errors";
import { apiRoute } from "@/lib/http/route";
import { environmentConnection } from "@/lib/nats/registry";
import { getTimeline } from "@/lib/traces/queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = envParams.extend({ id: conversationId });
const querySchema = z.object({ download: z.enum(["1"]).optional() });

export const GET = apiRoute(
  { params: paramsSchema, query: querySchema, permission: "read" },
  async ({ params, query }) => {
    environmentConnection(params.env);
    const timeline = await getTimeline(params.env, params.id);
    if (timeline.counts.messages === 0 && timeline.markers.length === 0) {
      const where = timeline.searched.map((s) => s.stream).join(", ") || "no stream";
      throw new AppError(
        "not_found",
        `no message of conversation ${JSON.stringify(params.id)} found (searched ${where})`,
      );
    }
    if (!query.download) return timeline;
    return new NextResponse(JSON.stringify(timeline, null, 2), {
      headers: {
        "content-type": "application/json",
        "content-disposition": `attachment; filename="trace-${params.id.replace(/[^A-Za-z0-9_-]/g, "_")}.json"`,
      },
    });
  },
);
