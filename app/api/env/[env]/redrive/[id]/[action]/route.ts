import { z } from "zod";
import { jobParams } from "@/lib/dto/dead-letter-params";
import { dlqContext } from "@/lib/dlq/context";
import { controlJob } from "@/lib/dlq/job-control";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiRoute(
  { params: jobParams.extend({ action: z.enum(["cancel", "pause", "resume"]) }), permission: "operate" },
  async ({ params, actor }) => {
    const ctx = await dlqContext(params.env);
    return controlJob(ctx.src, await ctx.store(), params.id, params.action, actor, () =>
      ctx.services.runner.poke(),
    );
  },
);
