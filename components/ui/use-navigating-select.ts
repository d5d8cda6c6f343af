"use client";
// A <select> whose choice navigates: a pointer pick applies at once, but arrowing through a closed select (which
// fires `change` on every key in Chromium) only applies on Enter or when focus leaves, so browsing the options with
// the keyboard does not load a page per keystroke.
import { useRef } from "react";

const BROWSE_KEYS = new Set([
  "ArrowUp",
  "ArrowDown",
  "ArrowLeft",
  "ArrowRight",
  "Home",
  "End",
  "PageUp",
  "PageDown",
]);

export function useNavigatingSelect(apply: (value: string) => void, current: string) {
  const browsing = useRef(false);
  const applyIfChanged = (value: string) => {
    browsing.current = false;
    if (value !== current) apply(value);
  };
  return {
    onKeyDown: (event: React.KeyboardEvent<HTMLSelectElement>) => {
      if (BROWSE_KEYS.has(event.key)) browsing.current = true;
      else if (event.key === "Enter") applyIfChanged(event.currentTarget.value);
    },
    onChange: (event: React.ChangeEvent<HTMLSelectElement>) => {
      if (!browsing.current) applyIfChanged(event.target.value);
    },
    onBlur: (event: React.FocusEvent<HTMLSelectElement>) => applyIfChanged(event.target.value),
  };
}
