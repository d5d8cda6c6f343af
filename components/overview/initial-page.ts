// The streams table's first page as the server renders it: the same view the tab then subscribes to.
import {
  cursorOf,
  OPEN_ALL_UP_TO,
  tableState,
  type EstateSummary,
  type StreamListQuery,
  type TableState,
} from "@/lib/dto/estate";

type SearchParams = Record<string, string | string[] | undefined>;

/** The table's state from the page URL (handed to the table, which keeps it from then on) and its first query. */
export function initialStreamQuery(
  searchParams: SearchParams,
  summary: EstateSummary,
  pageSize: number,
): { state: TableState; query: StreamListQuery } {
  const state = tableState({
    get: (key) => {
      const value = searchParams[key];
      return typeof value === "string" ? value : null;
    },
  });
  return {
    state,
    query: {
      filter: state.filter,
      sort: state.sort,
      cursor: cursorOf(state.page, pageSize),
      limit: pageSize,
      open: summary.totals.appConsumers <= OPEN_ALL_UP_TO ? ["*"] : [],
    },
  };
}
