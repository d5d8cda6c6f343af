"use client";
// The current time, re-rendering every second, so relative times ("3 s ago") stay true. One clock for the whole
// page: every relative time on it changes in the same render, not each on a timer of its own (a table of 25 rows
// otherwise wakes React 50 times a second, and a keystroke's render queues behind those wake-ups). Each reader keeps
// the time in its own state, set by the one timer: React renders all of them together, at normal priority.
import { useEffect, useState } from "react";

const TICK_MS = 1000;
const listeners = new Set<(now: number) => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: (now: number) => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    const now = Date.now();
    for (const notify of listeners) notify(now);
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => subscribe(setNow), []);
  return now;
}
