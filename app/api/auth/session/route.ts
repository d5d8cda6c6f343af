import { z } from "zod";
import { sessionInfo } from "@/lib/auth/current";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Who this browser is signed in as (actor null when not signed in) and the server's sign-in mode. */
export const GET = apiRoute({ params: z.object({}), permission: "public" }, ({ request }) =>
  sessionInfo(request.headers),
);
