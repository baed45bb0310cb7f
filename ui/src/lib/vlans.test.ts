import { describe, expect, it } from "vitest";
import { dynamicRange, rack, subnet1 } from "../test/fixtures";
import { describeChanges, dynamicRangeFor, messagesFor, racksOnVlan } from "./vlans";

describe("racksOnVlan", () => {
  it("offers only racks with an interface on the VLAN, by name", () => {
    const racks = [rack("zeta", "1"), rack("off-vlan", "1", { onVlan: false }), rack("alpha", "1")];
    expect(racksOnVlan(racks, 5001).map((r) => r.hostname)).toEqual(["alpha", "zeta"]);
    expect(racksOnVlan(racks, 9999)).toEqual([]);
  });
});

describe("dynamicRangeFor", () => {
  it("finds the dynamic range of the VLAN's subnets and ignores reserved ones", () => {
    const reserved = { ...dynamicRange, id: 8, type: "reserved" as const };
    expect(dynamicRangeFor([reserved, dynamicRange], [subnet1.id])?.id).toBe(7);
    expect(dynamicRangeFor([dynamicRange], [42])).toBeNull();
  });
});

describe("messagesFor", () => {
  it("collects the messages of several fields", () => {
    expect(messagesFor({ start_ip: ["a"], subnet: ["b"], x: ["c"] }, "start_ip", "subnet")).toEqual([
      "a",
      "b",
    ]);
    expect(messagesFor(null, "start_ip")).toEqual([]);
  });
});

describe("describeChanges", () => {
  const base = { dhcpOn: true, primary: "a", secondary: "", start: "192.0.2.10", end: "192.0.2.20" };
  it("says nothing when nothing changed", () => {
    expect(describeChanges(base, { ...base }, (x) => x)).toEqual([]);
  });
  it("names each change, racks by hostname", () => {
    const after = { ...base, dhcpOn: false, primary: "b", start: "", end: "" };
    expect(describeChanges(base, after, (x) => `host-${x}`)).toEqual([
      "DHCP is now off",
      "the primary rack is now host-b",
      "the dynamic range was removed",
    ]);
  });
});
