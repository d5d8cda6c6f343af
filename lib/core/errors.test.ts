import { describe, expect, it } from "vitest";
import { AppError } from "./errors";

describe("AppError across module copies", () => {
  it("an AppError from another copy of the module (a separately bundled boot-time service) is still an AppError", async () => {
    // A query suffix makes Vite load a second, independent instance of the module, as Next's separate bundles do.
    const path: string = "./errors.ts?copy";
    const copy = (await import(/* @vite-ignore */ path)) as typeof import("./errors");
    expect(copy.AppError).not.toBe(AppError);
    const error = new copy.AppError("conflict", "redrive job rd-1 already holds some of these entries");
    expect(error instanceof AppError).toBe(true);
    expect((error as AppError).status).toBe(409);
    expect(new Error("plain") instanceof AppError).toBe(false);
    expect((null as unknown) instanceof AppError).toBe(false);
  });
});
