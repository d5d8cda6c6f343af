"use client";
// The current time, re-rendering every second, so relative times ("3 s ago") stay true. One clock for the whole
// page: every relative time on it changes in the same render, not each on a timer of its own (a table of 25 rows
// otherwise wakes React 50 times a second, and a keystroke's render queues behind those wake-ups).
import { useSyncExternalStore } from "react";

const TICK_MS = 1000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The shared time; while no clock runs it is brought up to date at most once per tick, so reads agree. */
function snapshot(): number {
  if (!timer && Date.now() - now >= TICK_MS) now = Date.now();
  return now;
}

const serverSnapshot = () => (typeof window === "undefined" ? Date.now() : snapshot());

export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, serverSnapshot);
}
