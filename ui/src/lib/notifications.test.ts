import { describe, expect, it } from "vitest";
import type { ServerNotification } from "../api/types";
import { renderMessage, sortNotifications } from "./notifications";

describe("renderMessage", () => {
  it("fills fields from the context and keeps doubled braces as braces", () => {
    expect(renderMessage("Rack {host} is {state} {{not a field}}", { host: "a", state: "dead" })).toBe(
      "Rack a is dead {not a field}",
    );
  });
  it("leaves what it cannot fill as written", () => {
    expect(renderMessage("{missing} and {open", {})).toBe("{missing} and {open");
  });
  it("never reads the context's prototype", () => {
    expect(renderMessage("{constructor}", {})).toBe("{constructor}");
  });
});

describe("sortNotifications", () => {
  const n = (id: number, category: ServerNotification["category"]) =>
    ({ id, category }) as ServerNotification;
  it("puts errors first, then warnings, oldest first within each", () => {
    const sorted = sortNotifications([n(1, "info"), n(4, "error"), n(2, "warning"), n(3, "error")]);
    expect(sorted.map((x) => x.id)).toEqual([3, 4, 2, 1]);
  });
});
