import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ToolDetailView } from "@/components/tools/tool-detail";
import { AppError } from "@/lib/core/errors";
import { pageRange } from "@/lib/dto/params";
import { TOOL_CHARTS, toolName } from "@/lib/dto/tools";
import { getTool, getToolSeries } from "@/lib/tools/queries";

type Props = {
  params: Promise<{ env: string; tool: string }>;
  searchParams: Promise<{ range?: string | string[] }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { tool } = await params;
  return { title: `${decodeURIComponent(tool)} · Tools` };
}

export default async function ToolPage({ params, searchParams }: Props) {
  const { env, tool } = await params;
  const { range } = await searchParams;
  const name = toolName.safeParse(decodeURIComponent(tool));
  if (!name.success) notFound();
  const detail = await getTool(env, name.data).catch((error: unknown) => {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  });
  if (!detail) notFound();
  // The charts' first data comes with the page (from the in-memory history), not a fetch after it.
  const series = Object.fromEntries(
    await Promise.all(
      TOOL_CHARTS.map(
        async ({ metric }) =>
          [metric, await getToolSeries(env, name.data, metric, pageRange(range))] as const,
      ),
    ),
  );
  return <ToolDetailView initial={detail} range={pageRange(range)} series={series} />;
}
