"use client";
// Fetches JSON from a URL and fetches again whenever `refreshKey` changes (e.g. after each poll).
import { useEffect, useState } from "react";

/** An empty `url` fetches nothing. */
export function useRefreshingJson<T>(
  url: string,
  refreshKey: unknown,
): { data: T | undefined; error: string | undefined } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    fetch(url, { signal: controller.signal })
      .then(async (res) => {
        const body = await res.json();
        if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
        setData(body as T);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => controller.abort();
    // A new refreshKey (e.g. the next poll's time) means: fetch the same URL again.
    // oxlint-disable-next-line react/exhaustive-effect-dependencies
  }, [url, refreshKey]);
  return { data, error };
}
