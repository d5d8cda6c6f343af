"use client";
// One entry page's redrive outcome, shared by its parts: the actions (job) and the edit form both end on the same
// result view, and what describes an entry that is gone (payload, headers, edit form) steps aside.
import { createContext, useContext, useState } from "react";
import type { RedriveDone } from "./redrive-result";

type State = { done: RedriveDone | undefined; setDone: (done: RedriveDone) => void };

const EntryRedrive = createContext<State>({ done: undefined, setDone: () => undefined });

export function EntryRedriveState({ children }: { children: React.ReactNode }) {
  const [done, setDone] = useState<RedriveDone>();
  return <EntryRedrive.Provider value={{ done, setDone }}>{children}</EntryRedrive.Provider>;
}

export const useEntryRedrive = () => useContext(EntryRedrive);

/** Shows its children only while the entry has not been redriven from this page. */
export function UntilRedriven({ children }: { children: React.ReactNode }) {
  return useEntryRedrive().done ? null : children;
}
