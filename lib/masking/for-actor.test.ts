import { describe, expect, it } from "vitest";
import { discloseMessage, MASKED, revealDisclosure, searchableText } from "./for-actor";
import { isSecretHeader } from "./mask-payload";

const text = (data: Uint8Array | null) => (data === null ? null : new TextDecoder().decode(data));

describe("discloseMessage (default rules)", () => {
  it("hides secret-named headers whole, whatever the configuration lists", () => {
    const secret = ["Authorization", "Set-Cookie", "X-Auth-Token", "X-Api-Key", "apikey", "Client-Secret"];
    secret.push("X-Password", "Aws-Credential", "Proxy-Authorization", "X-Session");
    expect(secret.filter((name) => !isSecretHeader(name, {}))).toEqual([]);
    const plain = ["Conversation-Id", "X-Dlq-Reason", "Nats-Msg-Id", "traceparent", "Content-Type"];
    expect(plain.filter((name) => isSecretHeader(name, {}))).toEqual([]);
    const shown = discloseMessage({
      data: new TextEncoder().encode('{"to":"ada@example.com"}'),
      headers: [
        ["X-Refresh-Token", "r-123"],
        ["Reply-To", "ops@example.com"],
        ["Conversation-Id", "c-1"],
      ],
    });
    expect(shown.headers).toEqual([
      ["X-Refresh-Token", "[masked]"],
      ["Reply-To", "[masked:email]"],
      ["Conversation-Id", "c-1"],
    ]);
    expect(text(shown.data)).toBe('{"to":"[masked:email]"}');
    expect(shown).toMatchObject({ masked: 3, revealed: false, withheld: false });
  });

  it("withholds binary payloads (masking cannot look inside them) unless revealed", () => {
    const data = new Uint8Array([0xff, 0x00, ...new TextEncoder().encode("ada@example.com"), 0x80]);
    expect(discloseMessage({ data }, MASKED)).toMatchObject({ data: null, withheld: true });
    expect(searchableText(data)).toBeNull();
    const revealed = discloseMessage(
      { data, headers: [["Authorization", "Bearer x"]] },
      revealDisclosure({ user: "op", role: "operator", address: null, via: "session" }),
    );
    expect(revealed).toMatchObject({
      data,
      withheld: false,
      revealed: true,
      headers: [["Authorization", "Bearer x"]],
    });
  });

  it("refuses a reveal to a viewer", () => {
    expect(() => revealDisclosure({ user: "v", role: "viewer", address: null, via: "session" })).toThrow(
      /operators/,
    );
  });

  it("searches the masked text", () => {
    const data = new TextEncoder().encode("mail ada@example.com");
    expect(searchableText(data)).toBe("mail [masked:email]");
  });
});
