import { describe, expect, it } from "vitest";
import { rackRegistrationCommands, shellQuote } from "./commands";

describe("rackRegistrationCommands", () => {
  it("builds the snap and packages commands with this MAAS's URL and secret", () => {
    const c = rackRegistrationCommands("http://192.0.2.1:5240/MAAS", "0123456789abcdef0123456789abcdef");
    expect(c.snap).toBe(
      "sudo maas init rack --maas-url http://192.0.2.1:5240/MAAS --secret 0123456789abcdef0123456789abcdef",
    );
    expect(c.packages).toBe(
      "sudo maas-rack register --url http://192.0.2.1:5240/MAAS --secret 0123456789abcdef0123456789abcdef",
    );
  });
});

describe("shellQuote", () => {
  it("leaves plain words alone and quotes the rest safely", () => {
    expect(shellQuote("abc-1.2:3/x")).toBe("abc-1.2:3/x");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote("$(rm -rf /)")).toBe("'$(rm -rf /)'");
  });
});
