import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Machine } from "../api/types";
import { machine1 } from "../test/fixtures";
import { admin, installApi, notified, operator, renderAt } from "../test/render";

afterEach(() => vi.unstubAllGlobals());

const detailed: Machine = {
  ...machine1,
  status_name: "Ready",
  architecture: "amd64/generic",
  cpu_count: 4,
  memory: 8192,
  zone: { name: "default" },
  pool: { name: "default" },
  ip_addresses: ["192.0.2.20"],
  interface_set: [
    {
      id: 7,
      name: "eth0",
      mac_address: "52:54:00:aa:bb:cc",
      vlan: { id: 1, name: "untagged", vid: 0, fabric: "fabric-0", fabric_id: 0 },
      links: [{ ip_address: "192.0.2.20", subnet: { cidr: "192.0.2.0/24" } }],
    },
  ],
};

const event = {
  id: 3,
  username: "admin",
  node: "m1",
  hostname: "node-1",
  level: "AUDIT",
  created: "Mon, 07 Dec. 2026 09:15:02",
  type: "Node",
  description: "Powered on 'node-1'.",
};

describe("Machine details", () => {
  it("shows summary, interfaces and the machine's events; edits power with the API's field errors", async () => {
    const params: Record<string, string> = {
      power_on_uri: "http://192.0.2.9/on",
      power_off_uri: "http://192.0.2.9/off",
      power_pass: "hunter2",
    };
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/events/") {
        const level = call.query.get("level");
        const events = level === "AUDIT" ? [event] : [{ ...event, id: 2, level: "INFO", description: "Commissioning." }];
        return { json: { count: events.length, events, next_uri: "", prev_uri: null } };
      }
      if (call.path !== "/MAAS/api/2.0/machines/m1/") return undefined;
      if (call.query.get("op") === "power_parameters") return { json: params };
      if (call.method === "PUT") {
        const uri = call.form.get("power_parameters_power_on_uri");
        if (uri === "")
          return { status: 400, json: { power_parameters_power_on_uri: ["This field is required."] } };
        if (uri) params.power_on_uri = uri;
        return { json: detailed };
      }
      return { json: detailed };
    });
    renderAt("/machine/m1");
    await screen.findByRole("heading", { level: 1, name: "node-1" });
    expect(screen.getByText("8.0 GiB")).toBeTruthy();
    expect(within(screen.getByRole("table", { name: "Interfaces" })).getByText("52:54:00:aa:bb:cc")).toBeTruthy();
    const events = await screen.findByRole("table", { name: "Machine events" });
    // Audit records and the rest, newest first.
    const rows = within(events).getAllByRole("row").slice(1).map((r) => r.textContent);
    expect(rows).toEqual([expect.stringContaining("Powered on 'node-1'."), expect.stringContaining("Commissioning.")]);
    const eventCalls = calls.filter((c) => c.path === "/MAAS/api/2.0/events/");
    expect(eventCalls.every((c) => c.query.get("id") === "m1")).toBe(true);
    expect(eventCalls.map((c) => c.query.get("level")).sort()).toEqual(["AUDIT", "DEBUG"]);
    // The secret is never shown.
    await screen.findByText("http://192.0.2.9/on");
    expect(screen.queryByText("hunter2")).toBeNull();
    expect(screen.getByText("(set)")).toBeTruthy();

    await userEvent.click(screen.getByRole("button", { name: "Edit power configuration" }));
    const uri = screen.getByLabelText("Power on URI");
    await userEvent.clear(uri);
    await userEvent.click(screen.getByRole("button", { name: "Save power configuration" }));
    expect((await screen.findByText("This field is required.")).id).toBe(uri.getAttribute("aria-describedby"));
    expect(uri.getAttribute("aria-invalid")).toBe("true");
    await userEvent.type(uri, "http://192.0.2.10/on");
    await userEvent.click(screen.getByRole("button", { name: "Save power configuration" }));
    await notified("Power configuration of node-1 saved.");
    const put = calls.filter((c) => c.method === "PUT").at(-1)!;
    // Only what changed is sent: the stored password stays as it is.
    expect(Object.fromEntries(put.form)).toEqual({
      power_parameters_power_on_uri: "http://192.0.2.10/on",
      power_type: "webhook",
    });
    expect(put.headers["X-CSRFToken"]).toBe("csrf-admin");
  });

  it("a non-admin sees the power type only, and asks nothing admin-only", async () => {
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: operator };
      if (call.path === "/MAAS/api/2.0/events/") return { json: { count: 0, events: [], next_uri: "", prev_uri: null } };
      if (call.path === "/MAAS/api/2.0/machines/m1/" && !call.query.get("op")) return { json: detailed };
      return undefined;
    });
    renderAt("/machine/m1");
    expect((await screen.findByText(/parameters are for administrators/)).textContent).toContain("webhook");
    expect(screen.queryByRole("button", { name: "Edit power configuration" })).toBeNull();
    expect(calls.some((c) => c.query.get("op") === "power_parameters")).toBe(false);
  });
});
