"use client";
import { usePathname, useRouter } from "next/navigation";
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
  if (environments.length < 2) return null;
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-zinc-500 dark:text-zinc-400">Environment</span>
      <select
        value={current}
        onChange={(event) =>
          router.push(
            `/${event.target.value}${pathname.slice(current.length + 1).replace(/^(\/[^/]+).*$/, "$1")}`,
          )
        }
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
