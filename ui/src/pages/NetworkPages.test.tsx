import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { IpRange } from "../api/types";
import { dynamicRange, fabric0, subnet1, vlan5001 } from "../test/fixtures";
import { admin, installApi, notified, operator, renderAt } from "../test/render";
import type { Call, Reply } from "../test/render";

afterEach(() => vi.unstubAllGlobals());

const reserved: IpRange = {
  ...dynamicRange,
  id: 8,
  type: "reserved",
  start_ip: "192.0.2.10",
  end_ip: "192.0.2.19",
  comment: "switches",
};
const stats = {
  num_available: 140,
  largest_available: 80,
  num_unavailable: 114,
  total_addresses: 254,
  usage: 0.45,
  usage_string: "45%",
  available_string: "55%",
};
const used = [
  { start: "192.0.2.1", end: "192.0.2.1", purpose: ["gateway-ip"], num_addresses: 1 },
  { start: "192.0.2.10", end: "192.0.2.19", purpose: ["reserved"], num_addresses: 10 },
];

/** The region as the network pages see it; `extra` answers first. */
function networkApi(session: object, extra: (call: Call) => Reply | undefined = () => undefined) {
  return installApi((call) => {
    const answer = extra(call);
    if (answer) return answer;
    const op = call.query.get("op");
    if (call.path === "/MAAS/accounts/session/") return { json: session };
    if (call.path === "/MAAS/api/2.0/fabrics/") return { json: [fabric0] };
    if (call.path === "/MAAS/api/2.0/subnets/") return { json: [subnet1] };
    if (call.path === "/MAAS/api/2.0/subnets/1/") {
      if (op === "statistics") return { json: stats };
      if (op === "reserved_ip_ranges") return { json: used };
      if (op === "ip_addresses") return { json: [] };
      if (!op) return { json: subnet1 };
    }
    if (call.path === "/MAAS/api/2.0/ipranges/") return { json: [dynamicRange, reserved] };
    if (call.path === "/MAAS/api/2.0/vlans/5001/") return { json: vlan5001 };
    if (call.path === "/MAAS/api/2.0/rackcontrollers/") return { json: [] };
    return undefined;
  });
}

describe("Subnets: adding networks", () => {
  it("adds a subnet with the API's validation beside the field, and a VLAN in its fabric", async () => {
    let tries = 0;
    const calls = networkApi(admin, (call) => {
      if (call.method !== "POST") return undefined;
      if (call.path === "/MAAS/api/2.0/subnets/") {
        tries += 1;
        return tries === 1
          ? { status: 400, json: { cidr: ["Required field."] } }
          : { json: { ...subnet1, id: 2, cidr: "198.51.100.0/24" } };
      }
      if (call.path === "/MAAS/api/2.0/fabrics/1/vlans/") return { json: { ...vlan5001, id: 5002, vid: 42 } };
      return undefined;
    });
    renderAt("/subnets");
    await userEvent.click(await screen.findByRole("button", { name: "Add subnet" }));
    const form = screen.getByRole("form", { name: "Add subnet" });
    await userEvent.click(within(form).getByRole("button", { name: "Add subnet" }));
    const cidr = within(form).getByLabelText("CIDR");
    await waitFor(() => expect(cidr.getAttribute("aria-invalid")).toBe("true"));
    expect(within(form).getByText("Required field.")).toBeTruthy();
    await userEvent.type(cidr, "198.51.100.0/24");
    await userEvent.click(within(form).getByRole("button", { name: "Add subnet" }));
    await waitFor(() => expect(screen.queryByRole("form", { name: "Add subnet" })).toBeNull());
    const posts = calls.filter((c) => c.method === "POST" && c.path === "/MAAS/api/2.0/subnets/");
    // Empty optional fields are left to MAAS's defaults.
    expect(Object.fromEntries(posts[1].form)).toEqual({ cidr: "198.51.100.0/24", vlan: "5001" });

    await userEvent.click(screen.getByRole("button", { name: "Add VLAN" }));
    const vlanForm = screen.getByRole("form", { name: "Add VLAN" });
    await userEvent.type(within(vlanForm).getByLabelText("VID"), "42");
    await userEvent.click(within(vlanForm).getByRole("button", { name: "Add VLAN" }));
    await waitFor(() => expect(screen.queryByRole("form", { name: "Add VLAN" })).toBeNull());
    const vlanPost = calls.find((c) => c.path === "/MAAS/api/2.0/fabrics/1/vlans/");
    expect(Object.fromEntries(vlanPost!.form)).toEqual({ vid: "42", mtu: "1500" });
  });

  it("offers no add buttons to a non-admin", async () => {
    networkApi(operator);
    renderAt("/subnets");
    await screen.findByRole("link", { name: "192.0.2.0/24" });
    expect(screen.queryByRole("button", { name: /Add/ })).toBeNull();
  });
});

describe("Subnet page", () => {
  it("shows utilisation, what is in use and every range; edits send only what changed", async () => {
    const calls = networkApi(admin, (call) => {
      if (call.path === "/MAAS/api/2.0/ipranges/8/" && call.method === "PUT") return { json: reserved };
      if (call.path === "/MAAS/api/2.0/ipranges/7/" && call.method === "DELETE")
        return { status: 400, text: "Cannot delete the dynamic range: DHCP is enabled on VLAN fabric-0.untagged." };
      return undefined;
    });
    renderAt("/subnets/1");
    await screen.findByText(/45% used: 114 of 254 addresses/);
    const inUse = screen.getByRole("table", { name: "Addresses in use" });
    expect(within(inUse).getByText("gateway")).toBeTruthy();
    expect(within(inUse).getByText("192.0.2.10 – 192.0.2.19")).toBeTruthy();
    const ranges = await screen.findByRole("table", { name: "IP ranges" });
    await waitFor(() => expect(within(ranges).getAllByRole("row")).toHaveLength(3));

    await userEvent.click(screen.getByRole("button", { name: "Edit range 192.0.2.10 – 192.0.2.19" }));
    const form = screen.getByRole("form", { name: "Edit range 192.0.2.10 – 192.0.2.19" });
    const end = within(form).getByLabelText("End IP");
    await userEvent.clear(end);
    await userEvent.type(end, "192.0.2.29");
    await userEvent.click(within(form).getByRole("button", { name: "Save range" }));
    await waitFor(() => expect(screen.queryByRole("form", { name: /Edit range/ })).toBeNull());
    const put = calls.find((c) => c.method === "PUT");
    expect(Object.fromEntries(put!.form)).toEqual({ end_ip: "192.0.2.29" });

    await userEvent.click(screen.getByRole("button", { name: "Delete range 192.0.2.100 – 192.0.2.200" }));
    const confirm = screen.getByRole("group");
    expect(confirm.textContent).toContain("DHCP stops handing out these addresses.");
    await userEvent.click(within(confirm).getByRole("button", { name: "Delete" }));
    await within(confirm).findByText(/DHCP is enabled on VLAN fabric-0.untagged/);
    await notified("Deleting range 192.0.2.100 – 192.0.2.200");
  });
});

describe("VLAN page", () => {
  it("sets the DHCP relay and shows the region's refusal to delete the VLAN", async () => {
    const tagged = { ...vlan5001, id: 5002, vid: 42, name: "42" };
    const calls = networkApi(admin, (call) => {
      if (call.path === "/MAAS/api/2.0/fabrics/") return { json: [{ ...fabric0, vlans: [vlan5001, tagged] }] };
      if (call.path === "/MAAS/api/2.0/vlans/5002/") return { json: tagged };
      if (call.path === "/MAAS/api/2.0/fabrics/1/vlans/42/" && call.method === "PUT")
        return { json: { ...tagged, relay_vlan: 5001 } };
      if (call.path === "/MAAS/api/2.0/fabrics/1/vlans/42/" && call.method === "DELETE")
        return { status: 400, text: "Cannot delete VLAN 42: subnets are still on it." };
      return undefined;
    });
    renderAt("/vlans/5002");
    await userEvent.click(await screen.findByRole("button", { name: "Edit VLAN" }));
    const form = screen.getByRole("form", { name: "Edit VLAN 42" });
    await userEvent.selectOptions(within(form).getByLabelText("DHCP relay to VLAN"), "5001");
    await userEvent.click(within(form).getByRole("button", { name: "Save VLAN" }));
    await waitFor(() => expect(screen.queryByRole("form", { name: "Edit VLAN 42" })).toBeNull());
    expect(Object.fromEntries(calls.find((c) => c.method === "PUT")!.form)).toEqual({ relay_vlan: "5001" });
    await userEvent.click(screen.getByRole("button", { name: "Delete VLAN fabric-0.42" }));
    await userEvent.click(within(screen.getByRole("group")).getByRole("button", { name: "Delete" }));
    await screen.findAllByText(/subnets are still on it/);
    expect(calls.some((c) => c.method === "DELETE")).toBe(true);
  });
});
