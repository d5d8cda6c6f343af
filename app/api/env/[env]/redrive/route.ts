import { redriveRequestSchema } from "@/lib/dto/dead-letters";
import { envParams } from "@/lib/dto/params";
import { deadLetters } from "@/lib/dlq";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: envParams, permission: "read" }, async ({ params }) => ({
  jobs: await deadLetters(params.env).jobs(50),
}));

/** Dry run (dryRun: true) or start a job; 409 when another active job holds any selected entry. */
export const POST = apiRoute(
  { params: envParams, body: redriveRequestSchema, permission: "operate" },
  ({ params, body, actor }) => deadLetters(params.env).startRedrive(body, actor),
);
