import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { rack } from "./test/fixtures";
import { admin, installApi, renderAt } from "./test/render";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("a database failover during a page load", () => {
  it("retries a 503 from the session check instead of showing the login form", async () => {
    let failures = 2;
    installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") {
        if (failures > 0) {
          failures -= 1;
          return { status: 503, text: "Database busy: the database is failing over" };
        }
        return { json: admin };
      }
      if (call.path === "/MAAS/api/2.0/rackcontrollers/") return { json: [rack("rack-a", "1")] };
      if (call.path === "/MAAS/api/2.0/regioncontrollers/") return { json: [] };
      if (call.path === "/MAAS/api/2.0/version/") return { json: { version: "1" } };
      return undefined;
    });
    renderAt("/controllers");
    expect((await screen.findByRole("heading", { name: "Waiting for the region" })).textContent).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Log in to MAAS" })).toBeNull();
    expect(await screen.findByRole("heading", { name: "Controllers" }, { timeout: 8000 })).toBeTruthy();
    expect(failures).toBe(0);
  });

  it("a 401 still means logged out", async () => {
    installApi((call) =>
      call.path === "/MAAS/accounts/session/" ? { status: 401, text: "Not logged in" } : undefined,
    );
    renderAt("/controllers");
    expect(await screen.findByRole("heading", { name: "Log in to MAAS" })).toBeTruthy();
  });
});

describe("a region that stops answering", () => {
  it("shows the banner with the time of the last answer, and clears it when answers return", async () => {
    let frozen = false;
    installApi(async (call) => {
      if (frozen && call.path !== "/MAAS/accounts/session/") return { status: 504, text: "" };
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/machines/") return { json: [] };
      return undefined;
    });
    renderAt("/machines");
    await screen.findByText("No machines yet.");
    expect(screen.queryByText(/Region unreachable/)).toBeNull();
    frozen = true;
    const banner = await screen.findByText(/Region unreachable/, undefined, { timeout: 15000 });
    expect(banner.closest("[role=alert]")?.textContent).toMatch(/data as of \d\d:\d\d:\d\d/);
    frozen = false;
    await vi.waitFor(() => expect(screen.queryByText(/Region unreachable/)).toBeNull(), {
      timeout: 15000,
    });
  }, 40000);
});
