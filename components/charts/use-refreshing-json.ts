"use client";
// Fetches JSON from the API and fetches again whenever `refreshKey` changes (e.g. after each poll).
import { useEffect, useState } from "react";
import { apiGet } from "@/lib/client-fetch";
import type { ApiPath } from "@/lib/dto/api-paths";

/**
 * A null `url` fetches nothing. A failed fetch keeps the last data and reports the error. `initial` (rendered with
 * the page) shows until the first answer, so a view never starts empty when the server had the data.
 */
export function useRefreshingJson<T>(
  url: ApiPath | null,
  refreshKey: unknown,
  initial?: T,
): { data: T | undefined; error: string | undefined } {
  const [data, setData] = useState<T | undefined>(initial);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    void apiGet<T>(url, { signal: controller.signal }).then((result) => {
      if (controller.signal.aborted) return;
      if (result.ok) {
        setData(result.data);
        setError(undefined);
      } else setError(result.message);
    });
    return () => controller.abort();
    // A new refreshKey (e.g. the next poll's time) means: fetch the same URL again.
    // oxlint-disable-next-line react/exhaustive-effect-dependencies
  }, [url, refreshKey]);
  return { data, error };
}
