"use client";
import { IntentLink } from "@/components/ui/intent-link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { path: "", label: "Overview" },
  { path: "/incidents", label: "Incidents" },
  { path: "/streams", label: "Streams" },
  { path: "/tools", label: "Tools" },
  { path: "/conversations", label: "Conversations" },
  { path: "/dead-letters", label: "Dead letters" },
  { path: "/audit", label: "Audit" },
];

/** The sections of an environment: a row in the header on wide screens, a column in the phone menu. */
export function NavLinks({ environment, vertical = false }: { environment: string; vertical?: boolean }) {
  const pathname = usePathname();
  const base = `/${environment}`;
  return (
    <nav aria-label="Sections" className={vertical ? "flex flex-col gap-1" : "flex gap-1"}>
      {SECTIONS.map((section) => {
        const href = `${base}${section.path}`;
        const active =
          section.path === "" ? pathname === base : pathname === href || pathname.startsWith(`${href}/`);
        return (
          <IntentLink
            key={section.label}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-sky-500 ${
              vertical ? "py-2.5" : "py-1.5"
            } ${
              active
                ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
            }`}
          >
            {section.label}
          </IntentLink>
        );
      })}
    </nav>
  );
}
