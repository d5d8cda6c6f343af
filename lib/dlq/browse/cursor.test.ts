import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/errors";
import { decodeCursor, encodeCursor } from "./cursor";

describe("cursor", () => {
  it("round-trips", () =>
    expect(decodeCursor(encodeCursor({ dlq: "D", before: 42 }), "D")).toEqual({ dlq: "D", before: 42 }));
  it.each([
    "",
    "garbage!",
    Buffer.from('{"d":"D","b":-1}').toString("base64url"),
    Buffer.from("[]").toString("base64url"),
  ])("rejects %j with 422", (text) => {
    expect(() => decodeCursor(text, "D")).toThrow(AppError);
  });
  it("rejects a cursor of another stream", () => {
    expect(() => decodeCursor(encodeCursor({ dlq: "A", before: 2 }), "B")).toThrow(/belongs to stream A/);
  });
});
