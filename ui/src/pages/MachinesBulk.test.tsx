import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Machine } from "../api/types";
import { machine1, rack } from "../test/fixtures";
import { admin, installApi, notified, renderAt } from "../test/render";
import type { Call, Reply } from "../test/render";

afterEach(() => vi.unstubAllGlobals());

const fleet = (states: Machine["power_state"][]): Machine[] =>
  states.map((power_state, i) => ({
    ...machine1,
    system_id: `m${i}`,
    hostname: `node-${i}`,
    power_state,
  }));

/** The region's list read for `machines`, and the racks for the filter. */
function listing(machines: () => Machine[], more?: (call: Call) => Reply | undefined) {
  return installApi((call) => {
    if (call.path === "/MAAS/accounts/session/") return { json: admin };
    if (call.path === "/MAAS/api/2.0/rackcontrollers/") return { json: [rack("rack-a", "3.5.0")] };
    if (call.path === "/MAAS/api/2.0/machines/") {
      const rows = machines();
      return { json: rows, headers: { "X-Total-Count": String(rows.length) } };
    }
    return more?.(call);
  });
}

const machineReads = (calls: Call[]) => calls.filter((c) => c.path === "/MAAS/api/2.0/machines/");

describe("Machines: filters, selection and bulk power", () => {
  it("filters by power state, power type and managing rack on the region", async () => {
    const calls = listing(() => fleet(["on"]));
    renderAt("/machines?power_type=ipmi");
    await screen.findByTestId("machine-node-0");
    expect((screen.getByLabelText("Power type") as HTMLSelectElement).value).toBe("ipmi");
    expect(machineReads(calls)[0].query.get("power_type")).toBe("ipmi");
    await userEvent.selectOptions(screen.getByLabelText("Power state"), "on");
    await userEvent.selectOptions(await screen.findByLabelText("Managing rack"), "rack-a");
    await waitFor(() => {
      const last = Object.fromEntries(machineReads(calls).at(-1)!.query);
      expect(last).toMatchObject({ power_state: "on", power_type: "ipmi", power_rack: "id-rack-a" });
    });
  });

  it("bulk power off asks first naming how many, then reports each failure and why", async () => {
    let machines = fleet(["on", "on", "off"]);
    const calls = listing(
      () => machines,
      (call) => {
        if (call.method !== "POST" || call.query.get("op") !== "power_off") return undefined;
        if (call.path.endsWith("/m1/"))
          return { status: 503, text: "Unable to power off node-1: BMC timed out" };
        machines = machines.map((m) => (call.path.endsWith(`/${m.system_id}/`) ? { ...m, power_state: "off" } : m));
        return { json: { ...machines[0], power_state: "off" } };
      },
    );
    renderAt("/machines");
    await screen.findByTestId("machine-node-0");
    await userEvent.click(screen.getByLabelText("Select all machines on this page"));
    expect(screen.getByText("3 machines selected")).toBeTruthy();
    // One of the three is off already: power off applies to two.
    await userEvent.click(screen.getByRole("button", { name: "Power off selected…" }));
    const confirm = screen.getByRole("group", { name: /Power off 2 machines/ });
    expect(document.activeElement).toBe(confirm);
    await userEvent.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Power off selected…" }));
    await userEvent.click(screen.getByRole("button", { name: "Power off selected…" }));
    await userEvent.click(screen.getByRole("button", { name: "Yes, power off 2 machines" }));
    const failure = await notified("Power off failed for 1 of 2 machines");
    expect(failure.textContent).toContain("node-1: Unable to power off node-1: BMC timed out");
    expect((await notified("Power off: 1 machine done.")).textContent).toBeTruthy();
    const posts = calls.filter((c) => c.method === "POST").map((c) => c.path);
    expect(posts.sort()).toEqual(["/MAAS/api/2.0/machines/m0/", "/MAAS/api/2.0/machines/m1/"]);
  });

  it("bulk buttons follow the selection's power state", async () => {
    listing(() => fleet(["on", "on"]));
    renderAt("/machines");
    await screen.findByTestId("machine-node-0");
    expect(screen.queryByRole("region", { name: "Selected machines" })).toBeNull();
    await userEvent.click(screen.getByLabelText("Select node-0"));
    const on = screen.getByRole("button", { name: "Power on selected" });
    expect(on.getAttribute("aria-disabled")).toBe("true");
    expect(on.getAttribute("title")).toBe("All selected machines are already on");
    expect(screen.getByRole("button", { name: "Power off selected…" }).getAttribute("aria-disabled")).toBe("false");
    const all = screen.getByLabelText("Select all machines on this page") as HTMLInputElement;
    expect(all.indeterminate).toBe(true);
  });

  it("the table is one Tab stop: arrows move, Space selects, Enter opens the machine", async () => {
    listing(
      () => fleet(["on", "off", "off"]),
      (call) =>
        call.path === "/MAAS/api/2.0/machines/m1/" ? { json: fleet(["on", "off"])[1] } : undefined,
    );
    renderAt("/machines");
    const body = (await screen.findByTestId("machine-node-0")).closest("tbody")!;
    const stops = () => [...body.querySelectorAll<HTMLElement>("[data-roving-item]")].filter((e) => e.tabIndex === 0);
    expect(stops()).toHaveLength(1);
    const first = screen.getByLabelText("Select node-0");
    expect(stops()[0]).toBe(first);
    first.focus();
    await userEvent.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(screen.getByLabelText("Select node-1"));
    await userEvent.keyboard("{ArrowRight}");
    expect(document.activeElement?.textContent).toBe("node-1");
    await userEvent.keyboard(" ");
    expect((screen.getByLabelText("Select node-1") as HTMLInputElement).checked).toBe(true);
    await userEvent.keyboard("{ArrowRight}");
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Power on node-1");
    expect(stops()).toEqual([document.activeElement]);
    await userEvent.keyboard("{End}{ArrowUp}");
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Check power of node-0");
    await userEvent.keyboard("{Home}{ArrowDown}{Enter}");
    expect(await screen.findByRole("heading", { level: 1, name: "node-1" })).toBeTruthy();
  });
});
