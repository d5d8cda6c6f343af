// The browser's one way to call Switchyard's API: same-origin JSON, the CSRF header on every mutation (the server
// requires it, lib/http/authorize.ts), and a result instead of a throw. URLs come from apiPaths (lib/dto/api-paths.ts).
import type { ApiPath } from "@/lib/dto/api-paths";
import { CSRF_HEADER } from "@/lib/dto/auth";

export type ApiResult<T> =
  { ok: true; data: T } | { ok: false; status: number; code: string; message: string };

async function callApi<T>(
  url: ApiPath,
  method: "GET" | "POST",
  body?: unknown,
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
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
    return {
      ok: false,
      status: 0,
      code: "network_error",
      message: error instanceof Error ? error.message : String(error),
    };
  }
  const json = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string };
  } | null;
  if (!response.ok)
    return {
      ok: false,
      status: response.status,
      code: json?.error?.code ?? "http_error",
      message: json?.error?.message ?? `request failed (HTTP ${response.status})`,
    };
  return { ok: true, data: json as T };
}

/** `signal` lets a component drop a request it no longer needs (the result is then a network_error). */
export function apiGet<T>(url: ApiPath, { signal }: { signal?: AbortSignal } = {}): Promise<ApiResult<T>> {
  return callApi<T>(url, "GET", undefined, signal);
}

export function apiPost<T>(url: ApiPath, body?: unknown): Promise<ApiResult<T>> {
  return callApi<T>(url, "POST", body);
}

/** A POST whose answer is a file (an audited reveal download): the bytes as a Blob. */
export async function apiPostBlob(url: ApiPath): Promise<ApiResult<Blob>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { [CSRF_HEADER]: "1" },
      cache: "no-store",
    });
  } catch (error) {
    return {
      ok: false,
      status: 0,
      code: "network_error",
      message: error instanceof Error ? error.message : String(error),
    };
  }
  if (!response.ok) {
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
  return { ok: true, data: await response.blob() };
}
