import { notFound } from "next/navigation";
import { LiveOverviewProvider } from "@/components/live/live-overview";
import { AppHeader } from "@/components/shell/app-header";
import { StatusBanner } from "@/components/shell/status-banner";
import { getSummary } from "@/lib/collector/queries";
import { environments } from "@/lib/nats/registry";

export const dynamic = "force-dynamic";

export default async function EnvironmentLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ env: string }>;
}) {
  const { env } = await params;
  const all = environments();
  if (!all.some((e) => e.name === env)) notFound();
  const initial = await getSummary(env);
  return (
    <LiveOverviewProvider initial={initial}>
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-20 dark:bg-zinc-900"
      >
        Skip to content
      </a>
      <AppHeader environment={env} environments={all} />
      <StatusBanner />
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl space-y-4 px-4 py-6 focus:outline-none">
        {children}
      </main>
    </LiveOverviewProvider>
  );
}
