"use client";
// The age of a waiting message, from the time it was stored, ticking in the browser between polls.
import { useNow } from "@/components/live/use-now";
import { formatAge } from "@/lib/core/format";

export function Age({ at }: { at: number | null }) {
  const now = useNow();
  if (at === null) return <>{formatAge(null)}</>;
  return (
    <time dateTime={new Date(at).toISOString()} suppressHydrationWarning>
      {formatAge(Math.max(0, (now - at) / 1000))}
    </time>
  );
}
