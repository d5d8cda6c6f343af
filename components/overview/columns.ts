// The streams table's columns: a phone shows only the first (its key figures inline, see PhoneFigures); the
// others appear as the screen widens.
const NUM = "num px-3 py-1.5 text-right whitespace-nowrap";
const WIDE = "hidden md:table-cell";

export const COLUMN = {
  messages: `${NUM} hidden sm:table-cell`,
  bytes: `${NUM} ${WIDE}`,
  consumers: `${NUM} ${WIDE}`,
  pending: `${NUM} hidden sm:table-cell`,
  ackPending: `${NUM} hidden lg:table-cell`,
  redelivered: `${NUM} ${WIDE}`,
  oldest: `${NUM} hidden sm:table-cell`,
  rate: `${NUM} hidden sm:table-cell`,
  spark: "hidden px-3 py-1.5 text-right xl:table-cell",
} as const;

/** The column headers, with the same visibility as their cells. */
export const HEADERS: [string, string][] = [
  ["Messages", "hidden sm:table-cell"],
  ["Bytes", "hidden md:table-cell"],
  ["Consumers", "hidden md:table-cell"],
  ["Pending", "hidden sm:table-cell"],
  ["Ack pending", "hidden lg:table-cell"],
  ["Redelivered", "hidden md:table-cell"],
  ["Oldest waiting", "hidden sm:table-cell"],
  ["Rate", "hidden sm:table-cell"],
  ["Last 15 min", "hidden xl:table-cell"],
];

/** On a phone the row's key figures sit under its name instead of in columns. */
export const PHONE_FIGURES = "mt-1 flex flex-wrap gap-x-3 text-xs text-zinc-700 sm:hidden dark:text-zinc-300";

export type ColumnName = keyof typeof COLUMN;
