import Link from "next/link";
import { UserMenu } from "@/components/auth/user-menu";
import type { EnvironmentSummary } from "@/lib/dto/connection";
import { ConnectionIndicator } from "./connection-indicator";
import { EnvironmentSwitcher } from "./environment-switcher";
import { NavLinks } from "./nav-links";

export function AppHeader({
  environment,
  environments,
}: {
  environment: string;
  environments: EnvironmentSummary[];
}) {
  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5">
        <Link href={`/${environment}`} className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="grid size-6 place-items-center rounded bg-sky-600 text-xs text-white">
            SY
          </span>
          Switchyard
        </Link>
        <NavLinks environment={environment} />
        <div className="ml-auto flex min-w-0 items-center gap-4">
          <EnvironmentSwitcher current={environment} environments={environments} />
          <ConnectionIndicator />
          <UserMenu />
        </div>
      </div>
    </header>
  );
}
