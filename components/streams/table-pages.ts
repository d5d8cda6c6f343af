// The stream page's paged tables: their sizes and URL parameters, `?cpage=` (consumers) and `?spage=` (subjects),
// read alike by the server page and the client components.

/** Consumers shown per page on the stream page. */
export const CONSUMER_PAGE = 25;
/** Subjects shown per page on the stream page. */
export const SUBJECT_PAGE = 25;

/** A `?cpage=` or `?spage=` value: the page of its table (anything invalid is the first). */
export function pageParam(value: string | null | undefined): number {
  const page = Number(value ?? "1");
  return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
}
