// Small fetch helpers for the dead-letter client components: JSON in, {data} or {error} out (never throws).
import { CSRF_HEADER } from "@/lib/dto/auth";

export type ApiResult<T> = { data: T; error?: undefined } | { data?: undefined; error: string };

export async function callApi<T>(url: string, init?: { method?: string; body?: unknown }): Promise<ApiResult<T>> {
  try {
    const method = init?.method ?? (init?.body === undefined ? "GET" : "POST");
    const response = await fetch(url, {
      method,
      credentials: "same-origin",
      // Mutations carry the CSRF header the server requires (lib/http/authorize.ts).
      headers: { ...(method === "GET" ? {} : { [CSRF_HEADER]: "1" }), ...(init?.body === undefined ? {} : { "content-type": "application/json" }) },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
    });
    const json = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
    if (!response.ok) return { error: json?.error?.message ?? `request failed (${response.status})` };
    return { data: json as T };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
