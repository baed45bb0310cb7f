import { describe, expect, it } from "vitest";
import type { Fabric, Subnet, Vlan } from "../api/types";
import { fabric0, subnet1, vlan5001 } from "../test/fixtures";
import { filterSubnetRows, pageOf, subnetRows } from "./subnetRows";

const vlan = (id: number, vid: number, name: string | null, fabric: string): Vlan => ({
  ...vlan5001,
  id,
  vid,
  name: name ?? String(vid),
  fabric,
});
const subnet = (id: number, cidr: string, on: Vlan, name = cidr): Subnet => ({
  ...subnet1,
  id,
  cidr,
  name,
  vlan: on,
});

const lab42 = vlan(42, 42, null, "lab");
const labUntagged = vlan(41, 0, "untagged", "lab");
const lab: Fabric = { ...fabric0, id: 2, name: "lab", vlans: [labUntagged, lab42] };

describe("subnetRows", () => {
  it("gives each subnet a row under its fabric and VLAN, and a VLAN without one a row", () => {
    const rows = subnetRows(
      [fabric0, lab],
      [subnet(3, "203.0.113.0/24", lab42), subnet1, subnet(4, "198.51.100.0/24", lab42)],
    );
    expect(rows.map((r) => [r.fabric.name, r.vlan.vid, r.subnet?.cidr ?? null])).toEqual([
      ["fabric-0", 0, "192.0.2.0/24"],
      ["lab", 0, null],
      ["lab", 42, "203.0.113.0/24"],
      ["lab", 42, "198.51.100.0/24"],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it("finds rows by CIDR, name, fabric and VID, every word, any case", () => {
    const rows = subnetRows(
      [fabric0, lab],
      [subnet1, subnet(3, "203.0.113.0/24", lab42, "storage"), subnet(4, "198.51.100.0/24", lab42)],
    );
    const cidrs = (q: string) => filterSubnetRows(rows, q).map((r) => r.subnet?.cidr ?? `vid ${r.vlan.vid}`);
    expect(cidrs("")).toHaveLength(4);
    expect(cidrs("  ")).toHaveLength(4);
    expect(cidrs("203.0")).toEqual(["203.0.113.0/24"]);
    expect(cidrs("STORAGE")).toEqual(["203.0.113.0/24"]);
    expect(cidrs("lab vid 42")).toEqual(["203.0.113.0/24", "198.51.100.0/24"]);
    expect(cidrs("VID42")).toEqual(["203.0.113.0/24", "198.51.100.0/24"]);
    expect(cidrs("vid 4")).toEqual([]); // a VID is matched whole, not as a prefix of 42
    expect(cidrs("lab untagged")).toEqual(["vid 0"]);
    expect(cidrs("fabric-0 198.51")).toEqual([]);
  });
});

describe("filterSubnetRows with hostile input", () => {
  const odd = subnet(5, "203.0.113.0/24", lab42, '<img src=x onerror=alert(1)> (.*) [a-');
  const rows = subnetRows([fabric0, lab], [subnet1, odd]);
  const cidrs = (q: string) => filterSubnetRows(rows, q).map((r) => r.subnet?.cidr ?? "-");
  it("matches text literally: regular expression characters are plain characters", () => {
    expect(cidrs("(.*)")).toEqual(["203.0.113.0/24"]);
    expect(cidrs("[a-")).toEqual(["203.0.113.0/24"]);
    expect(cidrs(".*")).toEqual(["203.0.113.0/24"]);
    expect(cidrs("<img")).toEqual(["203.0.113.0/24"]);
  });
  it("takes a VID too long for any VLAN as matching none, and a very long search at all", () => {
    expect(cidrs("vid 99999999999999999999999")).toEqual([]);
    expect(cidrs("x".repeat(100000))).toEqual([]);
    expect(cidrs(" ".repeat(100000))).toHaveLength(rows.length);
  });
});

describe("pageOf", () => {
  const items = Array.from({ length: 120 }, (_, i) => i);
  it("cuts pages of the size asked and knows the last one", () => {
    expect(pageOf(items, 0, 50)).toEqual({ items: items.slice(0, 50), page: 0, last: 2 });
    expect(pageOf(items, 2, 50).items).toEqual(items.slice(100));
  });
  it("clamps a page out of range (an old URL, a list that shrank)", () => {
    expect(pageOf(items, 9, 50).page).toBe(2);
    expect(pageOf(items, -3, 50).page).toBe(0);
    expect(pageOf([], 4, 50)).toEqual({ items: [], page: 0, last: 0 });
  });
});
