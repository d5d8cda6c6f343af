"use client";
// Below the lg breakpoint the header keeps the logo and connection state; sections, environment and the signed-in
// user move into this menu, so every section stays reachable on a phone.
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { UserMenu } from "@/components/auth/user-menu";
import type { EnvironmentSummary } from "@/lib/dto/connection";
import { EnvironmentSwitcher } from "./environment-switcher";
import { NavLinks } from "./nav-links";

export function PhoneMenu({
  environment,
  environments,
}: {
  environment: string;
  environments: EnvironmentSummary[];
}) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const button = useRef<HTMLButtonElement>(null);
  // Following a link closes the menu.
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <div className="lg:hidden">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="phone-menu"
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-1.5 rounded-md border border-zinc-300 px-2.5 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700"
      >
        <svg
          aria-hidden
          viewBox="0 0 16 16"
          className="size-4"
          fill="none"
          stroke="currentColor"
          strokeWidth={1.5}
        >
          {open ? <path d="M4 4l8 8M12 4l-8 8" /> : <path d="M2 4h12M2 8h12M2 12h12" />}
        </svg>
        Menu
      </button>
      {open ? (
        <div
          id="phone-menu"
          className="absolute inset-x-0 top-full space-y-3 border-b border-zinc-200 bg-white px-4 py-3 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <NavLinks environment={environment} vertical />
          <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
            <EnvironmentSwitcher current={environment} environments={environments} />
            <UserMenu />
          </div>
        </div>
      ) : null}
    </div>
  );
}
