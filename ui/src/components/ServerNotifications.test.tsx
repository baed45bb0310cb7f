import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ServerNotification } from "../api/types";
import { admin, installApi, renderAt } from "../test/render";

afterEach(() => vi.unstubAllGlobals());

function note(id: number, extra: Partial<ServerNotification>): ServerNotification {
  return {
    id,
    ident: null,
    user: null,
    users: false,
    admins: true,
    message: "",
    context: {},
    category: "info",
    dismissable: true,
    resource_uri: `/MAAS/api/2.0/notifications/${id}/`,
    ...extra,
  };
}

describe("Notifications from the region", () => {
  it("lists them with their category in words, and dismisses one for this user", async () => {
    let list = [
      note(1, { message: "Maintenance at {when}", context: { when: "noon" } }),
      note(2, {
        ident: "rack_dead:abc",
        category: "error",
        message: "Rack controller rack-a is dead: no region controller has heard from it.",
      }),
      note(3, { message: "Pinned", dismissable: false }),
    ];
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/notifications/") return { json: list };
      if (call.path === "/MAAS/api/2.0/notifications/2/" && call.method === "POST") {
        list = list.filter((n) => n.id !== 2);
        return { text: "" };
      }
      if (call.path.startsWith("/MAAS/api/2.0/")) return { json: [] };
      return undefined;
    });
    renderAt("/subnets");
    const area = await screen.findByRole("region", { name: "Notifications from the region" });
    const items = await within(area).findAllByTestId("server-notification");
    expect(items.map((i) => i.textContent)).toEqual([
      "ErrorRack controller rack-a is dead: no region controller has heard from it.Dismiss",
      "InfoMaintenance at noonDismiss",
      "InfoPinned",
    ]);
    const dismissButton = within(items[0]).getByRole("button", { name: "Dismiss" });
    expect(dismissButton.getAttribute("aria-describedby")).toBe(items[0].querySelector("p")?.id);
    await userEvent.click(dismissButton);
    await waitFor(() => expect(within(area).getAllByTestId("server-notification")).toHaveLength(2));
    const dismissals = calls.filter((c) => c.method === "POST" && c.path.includes("/notifications/"));
    expect(dismissals.map((c) => `${c.path}?${c.query.toString()}`)).toEqual([
      "/MAAS/api/2.0/notifications/2/?op=dismiss",
    ]);
    expect(dismissals[0].headers["X-CSRFToken"]).toBe("csrf-admin");
  });

  it("shows markup as text", async () => {
    installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/notifications/")
        return { json: [note(5, { message: "<img src=x onerror=alert(1)>" })] };
      if (call.path.startsWith("/MAAS/api/2.0/")) return { json: [] };
      return undefined;
    });
    renderAt("/subnets");
    const item = await screen.findByTestId("server-notification");
    expect(item.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(item.querySelector("img")).toBeNull();
  });
});
