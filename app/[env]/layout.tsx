import { notFound } from "next/navigation";
import { LiveOverviewProvider } from "@/components/live/live-overview";
import { AppHeader } from "@/components/shell/app-header";
import { StatusBanner } from "@/components/shell/status-banner";
import { getOverview } from "@/lib/collector/queries";
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
  const initial = await getOverview(env);
  return (
    <LiveOverviewProvider initial={initial}>
      <AppHeader environment={env} environments={all} />
      <StatusBanner />
      <main className="mx-auto max-w-7xl space-y-4 px-4 py-6">{children}</main>
    </LiveOverviewProvider>
  );
}
