"use client";
// "3 new — show": new rows arrived while the list was open; showing them is the reader's choice, so rows do not
// jump under the pointer.
export function NewItemsBar({
  count,
  capped = false,
  noun,
  onShow,
}: {
  count: number;
  /** The count is a lower bound (one page was read). What is counted, singular and plural: "new dead letter". */
  capped?: boolean;
  noun: [singular: string, plural: string];
  onShow: () => void;
}) {
  return (
    // The live region is always there, so screen readers announce the bar when it appears.
    <output className="block">
      {count > 0 ? (
        <div className="border-b border-sky-200 bg-sky-50 px-4 py-1.5 text-sm dark:border-sky-900 dark:bg-sky-950">
          <button
            type="button"
            onClick={onShow}
            data-testid="new-items"
            className="font-medium text-sky-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-300"
          >
            {count}
            {capped ? "+" : ""} {count === 1 && !capped ? noun[0] : noun[1]} — show
          </button>
        </div>
      ) : null}
    </output>
  );
}
