import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fabric0, rack, subnet1, vlan5001 } from "../test/fixtures";
import { admin, installApi, renderAt } from "../test/render";
import type { Call } from "../test/render";

afterEach(() => vi.unstubAllGlobals());

describe("Configure DHCP", () => {
  it("offers only racks on the VLAN, shows field errors inline, then saves", async () => {
    let vlan = { ...vlan5001 };
    const ranges: unknown[] = [];
    const calls = installApi((call: Call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/vlans/5001/") return { json: vlan };
      if (call.path === "/MAAS/api/2.0/fabrics/") return { json: [fabric0] };
      if (call.path === "/MAAS/api/2.0/subnets/") return { json: [subnet1] };
      if (call.path === "/MAAS/api/2.0/rackcontrollers/")
        return {
          json: [rack("rack-a", "1"), rack("rack-b", "1"), rack("elsewhere", "1", { onVlan: false })],
        };
      if (call.path === "/MAAS/api/2.0/ipranges/" && call.method === "GET") return { json: ranges };
      if (call.path === "/MAAS/api/2.0/ipranges/" && call.method === "POST") {
        const r = {
          id: 9,
          type: "dynamic",
          start_ip: call.form.get("start_ip"),
          end_ip: call.form.get("end_ip"),
          subnet: subnet1,
        };
        ranges.push(r);
        return { json: r };
      }
      if (call.path.startsWith("/MAAS/api/2.0/ipranges/") && call.method === "DELETE") {
        ranges.splice(0, ranges.length);
        return { status: 204 };
      }
      if (call.path === "/MAAS/api/2.0/fabrics/1/vlans/0/" && call.method === "PUT") {
        if (call.form.get("primary_rack") === call.form.get("secondary_rack"))
          return {
            status: 400,
            json: { secondary_rack: ["The primary and secondary rack must be different"] },
          };
        vlan = {
          ...vlan,
          dhcp_on: call.form.get("dhcp_on") === "true",
          primary_rack: call.form.get("primary_rack"),
          secondary_rack: call.form.get("secondary_rack"),
        };
        return { json: vlan };
      }
      return undefined;
    });
    renderAt("/vlans/5001");
    expect(await screen.findByRole("heading", { name: "Configure DHCP" })).toBeTruthy();
    const primary = await screen.findByLabelText("Primary rack");
    const options = within(primary).getAllByRole("option").map((o) => o.textContent);
    expect(options).toEqual(["None", "rack-a", "rack-b"]);

    await userEvent.click(screen.getByLabelText("MAAS provides DHCP on this VLAN"));
    await userEvent.selectOptions(primary, "rack-a");
    await userEvent.selectOptions(screen.getByLabelText("Secondary rack"), "rack-a");
    await userEvent.type(screen.getByLabelText("Dynamic range start"), "192.0.2.100");
    await userEvent.type(screen.getByLabelText("Dynamic range end"), "192.0.2.200");
    await userEvent.click(screen.getByRole("button", { name: "Save DHCP configuration" }));

    const message = await screen.findByText("The primary and secondary rack must be different");
    const secondary = screen.getByLabelText("Secondary rack");
    expect(secondary.getAttribute("aria-invalid")).toBe("true");
    expect(secondary.getAttribute("aria-describedby")).toContain(message.id);
    // The refused save left nothing behind: the range it created was deleted again.
    expect(calls.filter((c) => c.method === "DELETE").map((c) => c.path)).toEqual([
      "/MAAS/api/2.0/ipranges/9/",
    ]);
    expect(ranges).toHaveLength(0);

    await userEvent.selectOptions(secondary, "rack-b");
    await userEvent.click(screen.getByRole("button", { name: "Save DHCP configuration" }));
    await screen.findByText("DHCP is enabled on this VLAN.");
    expect(await screen.findByRole("heading", { name: "Reconfigure DHCP" })).toBeTruthy();
    const put = calls.filter((c) => c.method === "PUT").at(-1);
    expect(put?.form.get("dhcp_on")).toBe("true");
    expect(put?.form.get("primary_rack")).toBe("id-rack-a");
    expect(put?.form.get("secondary_rack")).toBe("id-rack-b");
    expect(calls.filter((c) => c.path === "/MAAS/api/2.0/ipranges/" && c.method === "POST")).toHaveLength(2);
    expect(ranges).toHaveLength(1);
  });

  it("saves once per press and keeps focus on Save while saving", async () => {
    let answer: (reply: { json: unknown }) => void = () => {};
    const calls = installApi((call: Call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/vlans/5001/") return { json: vlan5001 };
      if (call.path === "/MAAS/api/2.0/fabrics/") return { json: [fabric0] };
      if (call.path === "/MAAS/api/2.0/subnets/") return { json: [subnet1] };
      if (call.path === "/MAAS/api/2.0/rackcontrollers/") return { json: [rack("rack-a", "1")] };
      if (call.path === "/MAAS/api/2.0/ipranges/") return { json: [] };
      if (call.path === "/MAAS/api/2.0/fabrics/1/vlans/0/" && call.method === "PUT")
        return new Promise((resolve) => (answer = resolve));
      return undefined;
    });
    renderAt("/vlans/5001");
    await screen.findByLabelText("Primary rack");
    const save = screen.getByRole("button", { name: "Save DHCP configuration" });
    save.focus();
    await userEvent.keyboard("{Enter}");
    const busy = await screen.findByRole("button", { name: "Saving…" });
    expect(busy.getAttribute("aria-disabled")).toBe("true");
    expect(document.activeElement).toBe(busy);
    await userEvent.keyboard("{Enter}");
    answer({ json: vlan5001 });
    await screen.findByText("DHCP is disabled on this VLAN.");
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(1);
    expect(document.activeElement).toBe(save);
  });
});
