// Dead-letter filters ⇄ URL search parameters (browser-safe, pure): deep links reproduce a view.
import { deadLetterFilterSchema, FILTER_KEYS, type DeadLetterFilter } from "./dead-letters";

type Params = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Parses filters from search params; an invalid one is reported, never thrown. */
export function filterFromParams(params: Params): { filter: DeadLetterFilter; error?: string } {
  const raw = Object.fromEntries(FILTER_KEYS.map((k) => [k, first(params[k])]));
  const parsed = deadLetterFilterSchema.safeParse(raw);
  if (parsed.success) return { filter: parsed.data };
  const issue = parsed.error.issues[0];
  return { filter: {}, error: `${issue?.path.join(".") ?? "filter"}: ${issue?.message ?? "invalid"}` };
}

export function filterToSearch(
  filter: DeadLetterFilter,
  extra: Record<string, string | undefined> = {},
): string {
  const search = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value) search.set(key, value);
  }
  for (const [k, v] of Object.entries(extra)) if (v) search.set(k, v);
  const text = search.toString();
  return text ? `?${text}` : "";
}

export function hasFilter(filter: DeadLetterFilter): boolean {
  return FILTER_KEYS.some((k) => Boolean(filter[k]));
}
