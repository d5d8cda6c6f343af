// The one wrapper for API route handlers: authenticate, zod-parse params/query/body, return a JSON DTO or
// {error:{code,message}}.
import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { toAppError } from "@/lib/nats/errors";
import type { Actor, Permission } from "@/lib/core/actor";
import { AppError, type ErrorBody } from "@/lib/core/errors";
import { authorize } from "./authorize";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/** Request bodies larger than this are refused with 413 before parsing. */
export const MAX_BODY_BYTES = 1024 * 1024;

export function errorResponse(error: unknown): NextResponse<ErrorBody> {
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return NextResponse.json(
      { error: { code: "invalid_input", message: `${where}${issue?.message ?? "invalid input"}` } },
      { status: 422 },
    );
  }
  const appError = error instanceof AppError ? error : toAppError(error);
  return NextResponse.json(
    { error: { code: appError.code, message: appError.message } },
    { status: appError.status },
  );
}

async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("payload_too_large", `request body over ${maxBytes} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes)
    throw new AppError("payload_too_large", `request body over ${maxBytes} bytes`);
  if (!text.trim()) throw new AppError("bad_request", "request body must be JSON; it was empty");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "request body is not valid JSON");
  }
}

export type RouteInput<P, Q, B> = { params: P; query: Q; body: B; request: Request; actor: Actor };

export function apiRoute<
  P extends z.ZodType,
  Q extends z.ZodType = z.ZodType<Record<string, never>>,
  B extends z.ZodType = z.ZodType<undefined>,
>(
  schemas: { params: P; query?: Q; body?: B; permission?: Permission; maxBodyBytes?: number },
  handler: (input: RouteInput<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown> | unknown,
) {
  const handle = async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const actor = await authorize(request, schemas.permission ?? "read");
      if (!schemas.body && Number(request.headers.get("content-length") ?? "0") > MAX_BODY_BYTES)
        throw new AppError("payload_too_large", "this route takes no request body");
      const params = schemas.params.parse((await context?.params) ?? {});
      const query = schemas.query
        ? schemas.query.parse(Object.fromEntries(new URL(request.url).searchParams))
        : {};
      const body = schemas.body
        ? schemas.body.parse(await readJsonBody(request, schemas.maxBodyBytes ?? MAX_BODY_BYTES))
        : undefined;
      const result = await handler({
        params,
        query: query as z.infer<Q>,
        body: body as z.infer<B>,
        request,
        actor,
      });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      if (!(error instanceof AppError) && !(error instanceof z.ZodError))
        console.error("[api]", request.method, new URL(request.url).pathname, error);
      return errorResponse(error);
    }
  };
  // Exposed so the route × role matrix test can derive every route's expected answers.
  return Object.assign(handle, { permission: schemas.permission ?? "read" });
}
