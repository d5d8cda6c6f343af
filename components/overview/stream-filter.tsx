"use client";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";

/** Filter by stream name or subject; kept in the URL (?q=) so a link reproduces the view. */
export function StreamFilter({ query }: { query: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const [value, setValue] = useState(query);
  return (
    <input
      type="search"
      value={value}
      aria-label="Filter streams by name or subject"
      placeholder="Filter by stream or subject"
      onChange={(event) => {
        setValue(event.target.value);
        const q = event.target.value.trim();
        router.replace(q ? `${pathname}?q=${encodeURIComponent(q)}` : pathname, { scroll: false });
      }}
      className="w-64 rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-sm placeholder:text-zinc-400 dark:border-zinc-700 dark:bg-zinc-950"
    />
  );
}
