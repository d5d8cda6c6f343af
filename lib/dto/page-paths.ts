// The one builder of links between pages that close the loop: a trace's dead letter → its entry page, an entry →
// its conversation (scrolled to that message), the overview's incidents → the page of all of them.

const segment = (value: string | number) => encodeURIComponent(String(value));

export const pagePaths = {
  /** One dead-letter entry; `conversation` lets the page link back when the entry is gone (redriven, discarded). */
  deadLetterEntry: (env: string, dlq: string, seq: number, options: { conversation?: string } = {}) =>
    `/${segment(env)}/dead-letters/${segment(dlq)}/${seq}` +
    (options.conversation ? `?conversation=${segment(options.conversation)}` : ""),
  /** A conversation's trace; `mark` (`<stream>:<seq>`) selects that message and scrolls to it. */
  conversation: (env: string, id: string, options: { mark?: string } = {}) =>
    `/${segment(env)}/conversations/${segment(id)}` + (options.mark ? `?mark=${segment(options.mark)}` : ""),
  /** The incidents page, showing those in `state` (all when absent), page `page` (from 1). */
  incidents: (env: string, options: { state?: "open" | "resolved"; page?: number } = {}) => {
    const query = new URLSearchParams();
    if (options.state) query.set("state", options.state);
    if (options.page && options.page > 1) query.set("page", String(options.page));
    const search = query.toString();
    return `/${segment(env)}/incidents${search ? `?${search}` : ""}`;
  },
};

/** The trace's id of a stored message: `<stream>:<seq>` (what `mark` above selects). */
export const markId = (stream: string, seq: number) => `${stream}:${seq}`;
