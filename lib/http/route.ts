// The one wrapper for API route handlers: zod-parsed params and query in, JSON DTO or {error:{code,message}} out.
import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { toAppError } from "@/lib/nats/errors";
import { AppError, type ErrorBody } from "./app-error";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function errorResponse(error: unknown): NextResponse<ErrorBody> {
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return NextResponse.json({ error: { code: "invalid_input", message: `${where}${issue?.message ?? "invalid input"}` } }, { status: 422 });
  }
  const appError = error instanceof AppError ? error : toAppError(error);
  return NextResponse.json({ error: { code: appError.code, message: appError.message } }, { status: appError.status });
}

export function apiRoute<P extends z.ZodType, Q extends z.ZodType>(
  schemas: { params: P; query?: Q },
  handler: (input: { params: z.infer<P>; query: z.infer<Q>; request: Request }) => Promise<unknown> | unknown,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const params = schemas.params.parse(await context.params);
      const query = schemas.query ? schemas.query.parse(Object.fromEntries(new URL(request.url).searchParams)) : {};
      const result = await handler({ params, query: query as z.infer<Q>, request });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      if (!(error instanceof AppError) && !(error instanceof z.ZodError)) console.error("[api]", request.url, error);
      return errorResponse(error);
    }
  };
}
