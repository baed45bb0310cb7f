import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { machine1 } from "../test/fixtures";
import { admin, installApi, renderAt } from "../test/render";

afterEach(() => vi.unstubAllGlobals());

describe("Machines", () => {
  it("powers a machine on, shows progress, the new state and a failure's words", async () => {
    let state = "off";
    installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/machines/")
        return { json: [{ ...machine1, power_state: state }] };
      if (call.path === "/MAAS/api/2.0/machines/m1/" && call.query.get("op") === "power_on") {
        state = "on";
        return { json: { ...machine1, power_state: "on" } };
      }
      if (call.path === "/MAAS/api/2.0/machines/m1/" && call.query.get("op") === "power_off")
        return { status: 503, text: "Unable to reach the BMC of node-1: connection refused." };
      return undefined;
    });
    renderAt("/machines");
    const row = await screen.findByTestId("machine-node-1");
    expect(within(row).getByText("rack-a")).toBeTruthy();
    expect(within(row).getByText("off")).toBeTruthy();
    await userEvent.click(within(row).getByRole("button", { name: "Power on node-1" }));
    await within(row).findByText("on");
    expect((await screen.findByTestId("notification")).textContent).toContain(
      "node-1 powered on.",
    );
    await userEvent.click(within(row).getByRole("button", { name: "Power off node-1" }));
    await userEvent.click(within(row).getByRole("button", { name: "Yes, power off" }));
    expect((await within(row).findByRole("alert")).textContent).toContain(
      "Unable to reach the BMC of node-1: connection refused.",
    );
  });

  it("asks before powering off, sends nothing on cancel, and offers only what the state allows", async () => {
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/machines/")
        return { json: [{ ...machine1, power_state: "on" }] };
      return undefined;
    });
    renderAt("/machines");
    const row = await screen.findByTestId("machine-node-1");
    const on = within(row).getByRole("button", { name: "Power on node-1" });
    expect(on.getAttribute("aria-disabled")).toBe("true");
    await userEvent.click(on);
    const off = within(row).getByRole("button", { name: "Power off node-1" });
    await userEvent.click(off);
    const dialog = within(row).getByRole("group");
    expect(dialog.textContent).toContain("no clean shutdown");
    expect(document.activeElement).toBe(dialog);
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(within(row).queryByRole("group")).toBeNull();
    expect(document.activeElement).toBe(off);
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
  });

  it("keeps keyboard focus on a busy button and sends one request per action", async () => {
    let answer: (reply: { json: unknown }) => void = () => {};
    let state = "off";
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/machines/")
        return { json: [{ ...machine1, power_state: state }] };
      if (call.query.get("op") === "query_power_state")
        return new Promise((resolve) => (answer = resolve));
      return undefined;
    });
    renderAt("/machines");
    const row = await screen.findByTestId("machine-node-1");
    const check = within(row).getByRole("button", { name: "Check power of node-1" });
    check.focus();
    await userEvent.keyboard("{Enter}");
    expect((await within(row).findByRole("status")).textContent).toBe("Checking…");
    expect(check.getAttribute("aria-disabled")).toBe("true");
    expect(document.activeElement).toBe(check);
    await userEvent.keyboard("{Enter}");
    state = "on";
    answer({ json: { state } });
    await within(row).findByText("on");
    expect(calls.filter((c) => c.query.get("op") === "query_power_state")).toHaveLength(1);
    expect(document.activeElement).toBe(check);
  });
});

describe("Machines at fleet size", () => {
  it("searches, filters, sorts and pages on the region, keeping it all in the URL", async () => {
    const fleet = Array.from({ length: 120 }, (_, i) => ({
      ...machine1,
      system_id: `m${i}`,
      hostname: `node-${String(i).padStart(3, "0")}`,
      status_name: "Ready",
    }));
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path !== "/MAAS/api/2.0/machines/") return undefined;
      const q = call.query.get("q") ?? "";
      let rows = fleet.filter((m) => m.hostname.includes(q));
      if (call.query.get("sort") === "-hostname") rows = [...rows].reverse();
      const offset = Number(call.query.get("offset"));
      const limit = Number(call.query.get("limit"));
      return {
        json: rows.slice(offset, offset + limit),
        headers: { "X-Total-Count": String(rows.length) },
      };
    });
    renderAt("/machines");
    await screen.findByText("1–50 of 120");
    await userEvent.click(screen.getByRole("button", { name: "Next page" }));
    await screen.findByText("51–100 of 120");
    expect(screen.getByRole("rowheader", { name: "node-050" })).toBeTruthy();
    // Sorted by name already: one click reverses it, and the list starts again at page 1.
    await userEvent.click(screen.getByRole("button", { name: /^Name/ }));
    await screen.findByRole("rowheader", { name: "node-119" });
    expect(screen.getByRole("columnheader", { name: /Name/ }).getAttribute("aria-sort")).toBe(
      "descending",
    );
    await userEvent.type(screen.getByLabelText("Search hostnames"), "node-11");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    await screen.findByText("1–10 of 10");
    const next = screen.getByRole("button", { name: "Next page" });
    expect(next.getAttribute("aria-disabled")).toBe("true");
    const last = calls.filter((c) => c.path === "/MAAS/api/2.0/machines/").at(-1)!;
    expect(Object.fromEntries(last.query)).toEqual({
      q: "node-11",
      sort: "-hostname",
      offset: "0",
      limit: "50",
    });
  });

  it("names the rows on screen while the next page loads, and marks the table busy", async () => {
    const fleet = Array.from({ length: 120 }, (_, i) => ({
      ...machine1,
      system_id: `m${i}`,
      hostname: `node-${String(i).padStart(3, "0")}`,
    }));
    let release: () => void = () => {};
    installApi(async (call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path !== "/MAAS/api/2.0/machines/") return undefined;
      const offset = Number(call.query.get("offset"));
      if (offset > 0) await new Promise<void>((resolve) => (release = resolve));
      return {
        json: fleet.slice(offset, offset + 50),
        headers: { "X-Total-Count": String(fleet.length) },
      };
    });
    renderAt("/machines");
    await screen.findByText("1–50 of 120");
    await userEvent.click(screen.getByRole("button", { name: "Next page" }));
    const table = screen.getByRole("table", { name: "Machines" });
    expect(table.getAttribute("aria-busy")).toBe("true");
    expect(screen.getByText("1–50 of 120")).toBeTruthy();
    expect(within(table).getByRole("rowheader", { name: "node-000" })).toBeTruthy();
    release();
    await screen.findByText("51–100 of 120");
    expect(within(table).getByRole("rowheader", { name: "node-050" })).toBeTruthy();
    expect(table.getAttribute("aria-busy")).toBe("false");
  });
});
