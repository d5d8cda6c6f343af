import { redriveRequestSchema } from "@/lib/dto/dead-letters";
import { envParams } from "@/lib/dto/params";
import { dlqContext, resolveDlq } from "@/lib/dlq/context";
import { toJobDto } from "@/lib/dlq/redrive-store";
import { startRedrive } from "@/lib/dlq/redrive-start";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: envParams, permission: "read" }, async ({ params }) => {
  const ctx = await dlqContext(params.env);
  const store = await ctx.store();
  const jobs = await store.list();
  return {
    jobs: await Promise.all(jobs.slice(0, 50).map(async (j) => toJobDto(j, await store.returned(j.id)))),
  };
});

/** Dry run (dryRun: true) or start a job; 409 when another active job holds any selected entry. */
export const POST = apiRoute(
  { params: envParams, body: redriveRequestSchema, permission: "operate" },
  async ({ params, body, actor }) => {
    const ctx = await dlqContext(params.env);
    const dlq = await resolveDlq(ctx, body.dlq);
    return startRedrive(
      {
        src: ctx.src,
        store: await ctx.store(),
        poke: () => ctx.services.runner.poke(),
        defaults: ctx.services.defaults,
      },
      { ...body, dlq },
      actor,
    );
  },
);
