import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { rack, region } from "../test/fixtures";
import { admin, installApi, operator, renderAt } from "../test/render";
import type { Call } from "../test/render";

const secret = "0123456789abcdef0123456789abcdef";

function controllersApi(user: typeof admin) {
  return (call: Call) => {
    if (call.path === "/MAAS/accounts/session/") return { json: user };
    if (call.path === "/MAAS/api/2.0/rackcontrollers/" && call.query.get("op") === "registration_info")
      return user.is_superuser
        ? { json: { maas_url: "http://192.0.2.1:5240/MAAS", secret } }
        : { status: 403, text: "You do not have permission." };
    if (call.path === "/MAAS/api/2.0/rackcontrollers/")
      return { json: [rack("rack-a", "3.5.0"), rack("rack-old", "3.4.2")] };
    if (call.path === "/MAAS/api/2.0/regioncontrollers/") return { json: [region("region-1", "3.5.0")] };
    if (call.path === "/MAAS/api/2.0/version/") return { json: { version: "3.5.0" } };
    return undefined;
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("Controllers page", () => {
  it("lists regions and racks with services and highlights a version mismatch", async () => {
    installApi(controllersApi(admin));
    renderAt("/controllers");
    const old = await screen.findByTestId("controller-rack-old");
    expect(within(old).getByText(/differs from 3.5.0/)).toBeTruthy();
    const ok = screen.getByTestId("controller-rack-a");
    expect(within(ok).queryByText(/differs/)).toBeNull();
    expect(within(ok).getByText("100% connected to region controllers.")).toBeTruthy();
    // last_seen more than a day old: the UTC date, the exact time machine-readable.
    const seen = within(ok).getByText("2026-11-25 12:00 UTC");
    expect(seen.tagName).toBe("TIME");
    expect(seen.getAttribute("datetime")).toBe("2026-11-25T12:00:00Z");
    expect(screen.getByTestId("controller-region-1").textContent).toContain("region");
  });

  it("shows each region's status from its workers, in words", async () => {
    const base = controllersApi(admin);
    installApi((call: Call) => {
      if (call.path === "/MAAS/api/2.0/regioncontrollers/")
        return {
          json: [
            {
              ...region("region-1", "3.5.0"),
              service_set: [
                { name: "regiond", status: "degraded", status_info: "1 of 2 workers running" },
              ],
            },
            {
              ...region("region-2", "3.5.0"),
              service_set: [{ name: "regiond", status: "dead", status_info: "no worker heartbeating" }],
            },
          ],
        };
      return base(call);
    });
    renderAt("/controllers");
    const one = await screen.findByTestId("controller-region-1");
    expect(within(one).getByText("1 of 2 workers running")).toBeTruthy();
    expect(within(one).getAllByText("degraded").length).toBeGreaterThan(0);
    const two = screen.getByTestId("controller-region-2");
    expect(within(two).getByText("no worker heartbeating")).toBeTruthy();
    expect(within(two).getAllByText("dead").length).toBeGreaterThan(0);
  });

  it("shows an admin the registration commands with the real secret", async () => {
    installApi(controllersApi(admin));
    renderAt("/controllers");
    await userEvent.click(await screen.findByRole("button", { name: "Add rack controller" }));
    const snap = await screen.findByTestId("snap-command");
    expect(snap.textContent).toBe(
      `sudo maas init rack --maas-url http://192.0.2.1:5240/MAAS --secret ${secret}`,
    );
    expect(screen.getByTestId("packages-command").textContent).toBe(
      `sudo maas-rack register --url http://192.0.2.1:5240/MAAS --secret ${secret}`,
    );
    expect(screen.getByRole("button", { name: "Copy snap command" })).toBeTruthy();
  });

  it("offers no registration to a non-admin and never asks for the secret", async () => {
    const calls = installApi(controllersApi(operator));
    renderAt("/controllers");
    await screen.findByTestId("controller-rack-a");
    expect(screen.queryByRole("button", { name: "Add rack controller" })).toBeNull();
    expect(calls.some((c) => c.query.get("op") === "registration_info")).toBe(false);
  });

  it("sends anonymous visitors to the login form and logs them in", async () => {
    let loggedIn = false;
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/")
        return loggedIn ? { json: admin } : { status: 401, text: "Not logged in." };
      if (call.path === "/MAAS/accounts/login/") {
        if (call.form.get("password") !== "pw")
          return { status: 401, text: "Invalid username or password." };
        loggedIn = true;
        return { json: admin };
      }
      return controllersApi(admin)(call);
    });
    renderAt("/controllers");
    await userEvent.type(await screen.findByLabelText("Username"), "admin");
    await userEvent.type(screen.getByLabelText("Password"), "wrong");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Invalid username or password.");
    await userEvent.clear(screen.getByLabelText("Password"));
    await userEvent.type(screen.getByLabelText("Password"), "pw");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    await screen.findByTestId("controller-rack-a");
    const login = calls.find((c) => c.path === "/MAAS/accounts/login/" && c.form.get("password") === "pw");
    expect(login?.method).toBe("POST");
    await waitFor(() => expect(screen.getByText("admin")).toBeTruthy());
  });
});
