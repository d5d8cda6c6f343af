"use client";
// Holds the environment's live overview for every client component on the page: one EventSource per tab.
import { createContext, useContext, useEffect, useState } from "react";
import { apiPaths } from "@/lib/dto/api-paths";
import type { Overview } from "@/lib/dto/overview";

export type LiveState = "connecting" | "open" | "retrying";

type LiveOverview = { overview: Overview; live: LiveState };

const LiveOverviewContext = createContext<LiveOverview | null>(null);

export function LiveOverviewProvider({
  initial,
  children,
}: {
  initial: Overview;
  children: React.ReactNode;
}) {
  const [overview, setOverview] = useState(initial);
  const [live, setLive] = useState<LiveState>("connecting");
  const environment = initial.environment;

  useEffect(() => {
    // EventSource reconnects by itself (the server sends `retry: 2000`); we only track its state.
    const source = new EventSource(apiPaths.events(environment));
    source.addEventListener("open", () => setLive("open"));
    source.addEventListener("error", () => setLive("retrying"));
    source.addEventListener("overview", (event) => {
      setLive("open");
      setOverview(JSON.parse((event as MessageEvent<string>).data) as Overview);
    });
    return () => source.close();
  }, [environment]);

  return <LiveOverviewContext value={{ overview, live }}>{children}</LiveOverviewContext>;
}

export function useLiveOverview(): LiveOverview {
  const value = useContext(LiveOverviewContext);
  if (!value) throw new Error("useLiveOverview must be used inside <LiveOverviewProvider>");
  return value;
}
