"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { path: "", label: "Overview" },
  { path: "/streams", label: "Streams" },
  { path: "/conversations", label: "Conversations" },
  { path: "/dead-letters", label: "Dead letters" },
  { path: "/audit", label: "Audit" },
];

export function NavLinks({ environment }: { environment: string }) {
  const pathname = usePathname();
  const base = `/${environment}`;
  return (
    <nav aria-label="Sections" className="flex gap-1 overflow-x-auto">
      {SECTIONS.map((section) => {
        const href = `${base}${section.path}`;
        const active =
          section.path === "" ? pathname === base : pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={section.label}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-sky-500 ${
              active
                ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
            }`}
          >
            {section.label}
          </Link>
        );
      })}
    </nav>
  );
}
