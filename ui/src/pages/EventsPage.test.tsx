import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { installApi, operator, renderAt } from "../test/render";
import { olderStart } from "./EventsPage";

afterEach(() => vi.unstubAllGlobals());

const entry = (id: number, description: string) => ({
  id,
  username: "admin",
  node: null,
  hostname: "",
  level: "AUDIT",
  created: "Mon, 07 Dec. 2026 09:15:02",
  type: "Authorisation",
  description,
});

describe("Events", () => {
  it("shows the audit log newest first and pages to older events through prev_uri", async () => {
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: operator };
      if (call.path !== "/MAAS/api/2.0/events/") return undefined;
      if (call.query.get("before") === "41")
        return { json: { count: 1, events: [entry(40, "Logged in bob.")], next_uri: "", prev_uri: null } };
      return {
        json: {
          count: 2,
          events: [entry(42, "Logged out admin."), entry(41, "Logged in admin.")],
          next_uri: "/MAAS/api/2.0/events/?op=query&level=AUDIT&after=42",
          prev_uri: "/MAAS/api/2.0/events/?op=query&level=AUDIT&limit=50&before=41",
        },
      };
    });
    renderAt("/events");
    const table = await screen.findByRole("table", { name: "Events" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell").at(-1)?.textContent)).toEqual([
      "Logged out admin.",
      "Logged in admin.",
    ]);
    await userEvent.click(screen.getByRole("button", { name: "Older events" }));
    await screen.findByText("Logged in bob.");
    const older = screen.getByRole("button", { name: "Older events" });
    await waitFor(() => expect(older.getAttribute("aria-disabled")).toBe("true"));
    const queried = calls.filter((c) => c.path === "/MAAS/api/2.0/events/");
    expect(queried[0].query.get("level")).toBe("AUDIT");
    expect(queried.at(-1)?.query.get("before")).toBe("41");
  });

  it("reads where older events start from prev_uri", () => {
    expect(olderStart("/MAAS/api/2.0/events/?op=query&before=17")).toBe(17);
    expect(olderStart(null)).toBeUndefined();
  });
});
