import { describe, expect, it } from "vitest";
import { filterExamples, GENERIC_EXAMPLES } from "./filter-examples";

const stream = (
  name: string,
  subjects: string[],
  retention: string,
  consumers: [string, string[]][] = [],
) => ({
  name,
  subjects,
  retention,
  consumers: consumers.map(([n, filterSubjects]) => ({ name: n, filterSubjects })) as never,
});

describe("filter examples come from the environment, not the demo", () => {
  it("prefers a work-queue stream, one of its consumers and a subject it reads; skips Switchyard's and DLQs", () => {
    expect(
      filterExamples([
        stream("SWITCHYARD_DLQ", ["switchyard.dlq.>"], "limits"),
        stream("APP_DLQ", ["failed.>"], "limits"),
        stream("RESULTS", ["tools.result.*"], "limits"),
        stream("WORK", ["tools.execute.*"], "workqueue", [
          ["switchyard_tail", [">"]],
          ["db-writers", ["tools.execute.db_write"]],
        ]),
      ]),
    ).toEqual({
      stream: "WORK",
      subject: "tools.execute.db_write",
      subjectPattern: "tools.execute.*",
      consumer: "db-writers",
    });
  });

  it("falls back to generic words when there is nothing to learn from", () => {
    expect(filterExamples([])).toEqual(GENERIC_EXAMPLES);
    expect(filterExamples([stream("ORDERS", ["orders.>"], "limits")])).toEqual({
      stream: "ORDERS",
      subject: "orders.example",
      subjectPattern: "orders.*",
      consumer: "consumer",
    });
  });
});
