import { jobParams } from "@/lib/dto/dead-letter-params";
import { dlqContext } from "@/lib/dlq/context";
import { toJobDto } from "@/lib/dlq/redrive-store";
import { AppError } from "@/lib/core/errors";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: jobParams, permission: "read" }, async ({ params }) => {
  const store = await (await dlqContext(params.env)).store();
  const found = await store.get(params.id);
  if (!found) throw new AppError("not_found", `redrive job ${params.id} does not exist`);
  return toJobDto(found.job, await store.returned(params.id));
});
