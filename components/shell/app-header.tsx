import { IntentLink } from "@/components/ui/intent-link";
import { UserMenu } from "@/components/auth/user-menu";
import type { EnvironmentSummary } from "@/lib/dto/connection";
import { ConnectionIndicator } from "./connection-indicator";
import { EnvironmentSwitcher } from "./environment-switcher";
import { NavLinks } from "./nav-links";
import { PhoneMenu } from "./phone-menu";

/** One line at every width: below lg the sections, environment and user move into the phone menu. */
export function AppHeader({
  environment,
  environments,
}: {
  environment: string;
  environments: EnvironmentSummary[];
}) {
  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
      <div className="relative mx-auto flex max-w-7xl items-center gap-x-4 px-4 py-2.5 xl:gap-x-6">
        <IntentLink
          href={`/${environment}`}
          className="flex shrink-0 items-center gap-2 font-semibold tracking-tight"
          aria-label="Switchyard overview"
        >
          <span aria-hidden className="grid size-6 place-items-center rounded bg-sky-700 text-xs text-white">
            SY
          </span>
          <span className="hidden sm:inline">Switchyard</span>
        </IntentLink>
        <div className="hidden shrink-0 lg:block">
          <NavLinks environment={environment} />
        </div>
        <div className="ml-auto flex min-w-0 items-center gap-4">
          <div className="hidden lg:block">
            <EnvironmentSwitcher current={environment} environments={environments} />
          </div>
          <ConnectionIndicator />
          <div className="hidden shrink-0 lg:block">
            <UserMenu />
          </div>
          <PhoneMenu environment={environment} environments={environments} />
        </div>
      </div>
    </header>
  );
}
