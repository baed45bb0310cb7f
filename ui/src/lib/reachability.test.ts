import { describe, expect, it } from "vitest";
import { clockTime, initialReachability, nextReachability } from "./reachability";

describe("reachability", () => {
  it("an unanswered request marks the region unreachable, keeping when it last answered", () => {
    let s = nextReachability(initialReachability, { kind: "answered", at: 1000 });
    s = nextReachability(s, { kind: "unanswered", sentAt: 1500, at: 2000 });
    s = nextReachability(s, { kind: "unanswered", sentAt: 2500, at: 3000 });
    expect(s).toEqual({ lastAnsweredAt: 1000, unreachableSince: 2000 });
  });
  it("any answer clears it", () => {
    let s = nextReachability(initialReachability, { kind: "unanswered", sentAt: 1500, at: 2000 });
    s = nextReachability(s, { kind: "answered", at: 2500 });
    expect(s.unreachableSince).toBeNull();
    expect(s.lastAnsweredAt).toBe(2500);
  });
  it("a request sent before the latest answer timing out changes nothing", () => {
    const answered = nextReachability(initialReachability, { kind: "answered", at: 5000 });
    expect(nextReachability(answered, { kind: "unanswered", sentAt: 4000, at: 14000 })).toBe(
      answered,
    );
  });
  it("clock times carry their zone", () => {
    expect(clockTime(Date.UTC(2026, 0, 2, 14, 3, 7), "UTC")).toBe("14:03:07 UTC");
  });
});
