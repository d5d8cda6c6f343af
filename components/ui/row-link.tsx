// A link in a list of rows (tables, findings, incidents): not prefetched. Next prefetches every link in view, so a
// page of 25 rows sent 25+ page renders to the server as soon as it was shown, which the page's own next request
// (a filter keystroke, a sort) then waited behind. Navigation links prefetch on intent: IntentLink.
import Link from "next/link";
import type { ComponentProps } from "react";

export function RowLink(props: Omit<ComponentProps<typeof Link>, "prefetch">) {
  return <Link {...props} prefetch={false} />;
}
