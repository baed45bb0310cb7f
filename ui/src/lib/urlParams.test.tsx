import { act, render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter, useLocation, useNavigate } from "react-router";
import { describe, expect, it } from "vitest";
import { useUrlParams } from "./urlParams";

/** Renders the hook, handing out its setter and the router's current search string. */
function harness(initial: string) {
  const seen: {
    set?: (changes: Record<string, string>) => void;
    navigate?: (to: string) => void;
    search?: string;
  } = {};
  function Probe(): ReactNode {
    const [, set] = useUrlParams();
    const navigate = useNavigate();
    seen.set = set;
    seen.navigate = (to) => void navigate(to);
    seen.search = useLocation().search;
    return null;
  }
  render(
    <MemoryRouter initialEntries={[initial]}>
      <Probe />
    </MemoryRouter>,
  );
  return seen;
}

describe("useUrlParams", () => {
  it("keeps every change when a second one comes before the page re-renders", () => {
    const seen = harness("/machines?power_state=off&sort=status");
    const set = seen.set!;
    act(() => {
      // Two quick choices (a filter cleared, then another set) through the same render's setter.
      set({ power_state: "", page: "" });
      set({ power_rack: "abc123", page: "" });
    });
    expect(new URLSearchParams(seen.search).get("power_state")).toBeNull();
    expect(new URLSearchParams(seen.search).get("power_rack")).toBe("abc123");
    expect(new URLSearchParams(seen.search).get("sort")).toBe("status");
  });

  it("starts from the URL after a navigation it did not make", () => {
    const seen = harness("/machines?q=node");
    act(() => seen.set!({ status: "ready" }));
    expect(seen.search).toBe("?q=node&status=ready");
    act(() => seen.navigate!("/machines?q=other")); // a link, or Back
    act(() => seen.set!({ power_type: "ipmi" }));
    expect(seen.search).toBe("?q=other&power_type=ipmi");
  });
});
