"use client";
// Who is signed in, for hiding what a role cannot do. The server is the gate; this only tidies the UI.
import { createContext, useContext } from "react";
import type { SessionInfo } from "@/lib/dto/auth";

const RANK = { viewer: 1, operator: 2, admin: 3 } as const;
const NEEDS = { read: 1, operate: 2, admin: 3 } as const;

const SessionContext = createContext<SessionInfo>({ mode: "none", actor: null });

export function SessionProvider({ value, children }: { value: SessionInfo; children: React.ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionInfo {
  return useContext(SessionContext);
}

/** Whether the signed-in role may do this (read / operate: redrive, discard, reveal / admin). */
export function useCan(permission: keyof typeof NEEDS): boolean {
  const { actor } = useSession();
  return actor !== null && RANK[actor.role] >= NEEDS[permission];
}
