// Small fetch helpers for the dead-letter client components: JSON in, {data} or {error} out (never throws).
export type ApiResult<T> = { data: T; error?: undefined } | { data?: undefined; error: string };

export async function callApi<T>(url: string, init?: { method?: string; body?: unknown }): Promise<ApiResult<T>> {
  try {
    const response = await fetch(url, {
      method: init?.method ?? (init?.body === undefined ? "GET" : "POST"),
      headers: init?.body === undefined ? undefined : { "content-type": "application/json" },
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
