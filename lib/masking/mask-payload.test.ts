import { describe, expect, it } from "vitest";
import { maskHeaders, maskPayload } from "./mask-payload";
import type { MaskRules } from "@/lib/config/schema";

const all: MaskRules = { patterns: ["email", "phone", "apiKey"] };

describe("maskPayload", () => {
  it("masks emails, phone numbers and API keys in plain text", () => {
    const { text, masked } = maskPayload(
      "mail ada@example.com, call +44 20 7946 0958 or +14155550123, key sk-live_abcdefghijklmnopqrstu",
      all,
    );
    expect(text).toBe("mail [masked:email], call [masked:phone] or [masked:phone], key [masked:apiKey]");
    expect(masked).toBe(4);
  });

  it("leaves ids, timestamps and ordinary numbers alone", () => {
    const input = "order 1732623000123 seq 42 took 12.5 ms, ticket ABC-1234";
    expect(maskPayload(input, all)).toEqual({ text: input, masked: 0 });
  });

  it("masks JSON paths with wildcards and patterns inside string values", () => {
    const rules: MaskRules = { paths: ["$.customer.name", "items.*.card"], patterns: ["email"] };
    const input = JSON.stringify({
      customer: { name: "Ada", contact: "ada@example.com" },
      items: [
        { card: "4111", qty: 1 },
        { card: "5500", qty: 2 },
      ],
    });
    const { text, masked } = maskPayload(input, rules);
    expect(JSON.parse(text)).toEqual({
      customer: { name: "[masked]", contact: "[masked:email]" },
      items: [
        { card: "[masked]", qty: 1 },
        { card: "[masked]", qty: 2 },
      ],
    });
    expect(masked).toBe(4);
  });

  it("returns the original text byte for byte when nothing matched", () => {
    const input = '{ "a" : 1 ,\n "b": "x" }';
    expect(maskPayload(input, all)).toEqual({ text: input, masked: 0 });
  });

  it("treats invalid JSON as text", () => {
    expect(maskPayload('{"to": "bob@example.org"', all).text).toBe('{"to": "[masked:email]"');
  });

  it("supports custom patterns and masks JWTs and bearer tokens", () => {
    const rules: MaskRules = { patterns: [{ name: "iban", regex: "GB\\d{2}[A-Z]{4}\\d{14}" }, "apiKey"] };
    const jwt =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    const { text } = maskPayload(`GB82WEST12345698765432 ${jwt} Bearer abcdefghijklmnopqrstuvwxyz`, rules);
    expect(text).toBe("[masked:iban] [masked:apiKey] [masked:apiKey]");
  });
});

describe("maskHeaders", () => {
  it("masks listed headers whole and patterns in the others", () => {
    const { headers, masked } = maskHeaders(
      { Authorization: ["Bearer x"], "Reply-To": ["ops@example.com"], "Conversation-Id": ["c-1"] },
      { headers: ["authorization"], patterns: ["email"] },
    );
    expect(headers).toEqual({
      Authorization: ["[masked]"],
      "Reply-To": ["[masked:email]"],
      "Conversation-Id": ["c-1"],
    });
    expect(masked).toBe(2);
  });
});
