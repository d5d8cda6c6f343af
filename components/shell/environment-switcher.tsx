"use client";
import { usePathname, useRouter } from "next/navigation";
import { useNavigatingSelect } from "@/components/ui/use-navigating-select";
import type { EnvironmentSummary } from "@/lib/dto/connection";

/** Switches environment while keeping the section: /prod/streams → /staging/streams. */
export function EnvironmentSwitcher({
  current,
  environments,
}: {
  current: string;
  environments: EnvironmentSummary[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const select = useNavigatingSelect(
    (env) => router.push(`/${env}${pathname.slice(current.length + 1).replace(/^(\/[^/]+).*$/, "$1")}`),
    current,
  );
  if (environments.length < 2) return null;
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-zinc-500 dark:text-zinc-400">Environment</span>
      <select
        key={current}
        defaultValue={current}
        {...select}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      >
        {environments.map((env) => (
          <option key={env.name} value={env.name}>
            {env.name}
          </option>
        ))}
      </select>
    </label>
  );
}
