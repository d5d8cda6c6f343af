// The tools list's filters and sort ⇄ its URL (browser-safe, pure): a link reproduces the view.
import type { ToolListQuery, ToolSort } from "@/lib/dto/tools";

export type ToolListView = { q?: string; sort: ToolSort; dir?: "asc" | "desc"; problems?: "1" | "0" };

export function toolListSearch(view: ToolListView): string {
  const search = new URLSearchParams();
  if (view.q) search.set("q", view.q);
  if (view.problems === "1") search.set("problems", "1");
  if (view.sort !== "tool") search.set("sort", view.sort);
  if (view.dir) search.set("dir", view.dir);
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The direction a click on a column heading asks for: names ascend first, figures descend first. */
export function nextSort(view: ToolListQuery, sort: ToolSort): ToolListView {
  const natural = sort === "tool" ? "asc" : "desc";
  const current = view.dir ?? (view.sort === "tool" ? "asc" : "desc");
  const dir = view.sort === sort ? (current === "asc" ? "desc" : "asc") : natural;
  return { q: view.q, problems: view.problems, sort, dir: dir === natural ? undefined : dir };
}
