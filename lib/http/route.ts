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

/**
 * A route without a body schema still tolerates this much (a client posting `{}` to an action), read and ignored;
 * anything more is refused after reading at most this plus one chunk.
 */
export const NO_BODY_MAX_BYTES = 1024;

/**
 * The body's bytes, read chunk by chunk and stopped (the stream cancelled) as soon as they pass `maxBytes`, so
 * an oversized body costs at most the limit plus one chunk whether or not it declared a Content-Length.
 */
export async function readBodyBytes(
  request: Request,
  maxBytes: number,
  refusal = `request body over ${maxBytes} bytes`,
): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("payload_too_large", refusal);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      throw new AppError("bad_request", "the request body could not be read");
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      throw new AppError("payload_too_large", refusal);
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks, size);
}

async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const text = new TextDecoder().decode(await readBodyBytes(request, maxBytes));
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
      if (!schemas.body && request.body)
        await readBodyBytes(request, NO_BODY_MAX_BYTES).catch((error: unknown) => {
          throw error instanceof AppError
            ? new AppError(error.code, "this route takes no request body")
            : error;
        });
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
  // Exposed so the route × role matrix test can derive every route's expected answers, and the bad-input test
  // each route's body limit.
  return Object.assign(handle, {
    permission: schemas.permission ?? "read",
    maxBodyBytes: schemas.body ? (schemas.maxBodyBytes ?? MAX_BODY_BYTES) : NO_BODY_MAX_BYTES,
  });
}
