"use client";
// A navigation link (the header's sections, range and paging links, "see all"): prefetched when the pointer rests on
// it or it takes focus, not when it scrolls into view. Every page is rendered on demand from live data, so prefetching
// each link in view made every page load send half a dozen page renders to the server, which the page's own requests
// (a filter keystroke, its sparklines) then waited behind. Links in lists of rows are not prefetched: RowLink.
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ComponentProps } from "react";

export function IntentLink({
  onMouseEnter,
  onFocus,
  onTouchStart,
  ...props
}: Omit<ComponentProps<typeof Link>, "prefetch">) {
  const router = useRouter();
  const warm = () => {
    if (typeof props.href === "string") router.prefetch(props.href);
  };
  return (
    <Link
      {...props}
      prefetch={false}
      onMouseEnter={(event) => {
        warm();
        onMouseEnter?.(event);
      }}
      onFocus={(event) => {
        warm();
        onFocus?.(event);
      }}
      onTouchStart={(event) => {
        warm();
        onTouchStart?.(event);
      }}
    />
  );
}
