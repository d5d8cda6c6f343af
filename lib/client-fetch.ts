// Browser helper for Switchyard's own mutations: same-origin, with the CSRF header the server requires.
import { CSRF_HEADER } from "@/lib/dto/auth";

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; code: string; message: string };

export async function apiPost<T>(url: string, body?: unknown): Promise<ApiResult<T>> {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { [CSRF_HEADER]: "1", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!response.ok) return { ok: false, status: response.status, code: json?.error?.code ?? "http_error", message: json?.error?.message ?? `HTTP ${response.status}` };
  return { ok: true, data: json as T };
}
