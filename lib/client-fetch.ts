// The browser's one way to call Switchyard's API: same-origin JSON, the CSRF header on every mutation (the server
// requires it, lib/http/authorize.ts), and a result instead of a throw. URLs come from apiPaths (lib/dto/api-paths.ts).
import type { ApiPath } from "@/lib/dto/api-paths";
import { CSRF_HEADER } from "@/lib/dto/auth";

type ApiFailure = { ok: false; status: number; code: string; message: string };
export type ApiResult<T> = { ok: true; data: T } | ApiFailure;

type Call = { method: "GET" | "POST"; body?: unknown; signal?: AbortSignal };

/** Sends one request; a failure (network, or an error answer in the API's `{error}` shape) comes back as a value. */
async function send({ method, body, signal }: Call, url: ApiPath): Promise<Response | ApiFailure> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      signal,
      credentials: "same-origin",
      headers: {
        ...(method === "GET" ? {} : { [CSRF_HEADER]: "1" }),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, status: 0, code: "network_error", message };
  }
  if (response.ok) return response;
  const json = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string };
  } | null;
  return {
    ok: false,
    status: response.status,
    code: json?.error?.code ?? "http_error",
    message: json?.error?.message ?? `request failed (HTTP ${response.status})`,
  };
}

async function callJson<T>(call: Call, url: ApiPath): Promise<ApiResult<T>> {
  const response = await send(call, url);
  if (!(response instanceof Response)) return response;
  return { ok: true, data: (await response.json().catch(() => null)) as T };
}

/** `signal` lets a component drop a request it no longer needs (the result is then a network_error). */
export function apiGet<T>(url: ApiPath, { signal }: { signal?: AbortSignal } = {}): Promise<ApiResult<T>> {
  return callJson<T>({ method: "GET", signal }, url);
}

export function apiPost<T>(url: ApiPath, body?: unknown): Promise<ApiResult<T>> {
  return callJson<T>({ method: "POST", body }, url);
}

/** A POST whose answer is a file (an audited reveal download): the bytes as a Blob. */
export async function apiPostBlob(url: ApiPath): Promise<ApiResult<Blob>> {
  const response = await send({ method: "POST" }, url);
  if (!(response instanceof Response)) return response;
  return { ok: true, data: await response.blob() };
}
