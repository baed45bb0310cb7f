import { describe, expect, it } from "vitest";
import type { Controller, Fabric, Machine } from "../api/types";
import { deleteImpact } from "./impact";

function rack(id: string, alive: boolean, extra: Partial<Controller> = {}): Controller {
  return {
    system_id: id,
    hostname: id,
    node_type: 2,
    node_type_name: "Rack controller",
    version: "1",
    ip_addresses: [`192.0.2.${id.length}`],
    service_set: [{ name: "rackd", status: alive ? "running" : "dead", status_info: "" }],
    resource_uri: "",
    ...extra,
  };
}

function fabric(primary: string | null, secondary: string | null, dhcpOn: boolean): Fabric {
  return {
    id: 0,
    name: "fabric-0",
    class_type: null,
    resource_uri: "",
    vlans: [
      {
        id: 5001,
        name: "untagged",
        vid: 0,
        fabric: "fabric-0",
        fabric_id: 0,
        mtu: 1500,
        primary_rack: primary,
        secondary_rack: secondary,
        dhcp_on: dhcpOn,
        external_dhcp: null,
        relay_vlan: null,
        space: null,
        resource_uri: "",
      },
    ],
  };
}

const machine = (rackId: string): Machine => ({
  system_id: "m1",
  hostname: "node-1",
  power_state: "on",
  power_type: "ipmi",
  power_rack: { system_id: rackId, hostname: rackId },
  resource_uri: "",
});

describe("deleteImpact", () => {
  it("a rack nobody depends on needs no typed name", () => {
    const a = rack("a", true);
    const impact = deleteImpact(a, [fabric(null, null, false)], [a, rack("b", true)], [], [], "maas.test");
    expect(impact.requiresTypedName).toBe(false);
    expect(impact.vlans).toEqual([]);
  });
  it("the last live DHCP server of a VLAN needs the name typed and names the VLAN", () => {
    const a = rack("a", true);
    const impact = deleteImpact(a, [fabric("a", "b", true)], [a, rack("b", false)], [], [], "x");
    expect(impact.vlans).toEqual([
      { id: 5001, name: "fabric-0.untagged", role: "primary", lastLiveRack: true },
    ]);
    expect(impact.requiresTypedName).toBe(true);
  });
  it("a partner that is alive takes DHCP over", () => {
    const a = rack("a", true);
    const impact = deleteImpact(a, [fabric("b", "a", true)], [a, rack("b", true)], [], [], "x");
    expect(impact.vlans[0]).toMatchObject({ role: "secondary", lastLiveRack: false });
    expect(impact.requiresTypedName).toBe(false);
  });
  it("machines whose BMC it drives are listed; with no other live rack the name is needed", () => {
    const a = rack("a", true);
    const alone = deleteImpact(a, [], [a, rack("b", false)], [], [machine("a")], "x");
    expect(alone.machines).toEqual([{ system_id: "m1", hostname: "node-1" }]);
    expect(alone.requiresTypedName).toBe(true);
    const helped = deleteImpact(a, [], [a, rack("b", true)], [], [machine("a")], "x");
    expect(helped.requiresTypedName).toBe(false);
  });
  it("the rack role of a region's host, or of the host serving the page, needs the name", () => {
    const both = rack("a", true, { node_type: 4 });
    expect(deleteImpact(both, [], [both], [both], [], "x").hostsRegion).toBe(true);
    const a = rack("a", true);
    const served = deleteImpact(a, [], [a, rack("b", true)], [], [], "192.0.2.1");
    expect(served.servesThisPage).toBe(true);
    expect(served.requiresTypedName).toBe(true);
  });
});
