import { describe, expect, it } from "vitest";
import { rack, region } from "../test/fixtures";
import {
  formatLastSeen,
  isVersionMismatch,
  mergeControllers,
  overallStatus,
  referenceVersion,
  shownServices,
} from "./controllers";

describe("mergeControllers", () => {
  it("lists a region+rack once, with the rack's services", () => {
    const both = rack("alpha", "3.5.0", { nodeType: 4 });
    const rows = mergeControllers([both, rack("beta", "3.5.0")], [{ ...both, service_set: undefined }]);
    expect(rows.map((r) => [r.hostname, r.role])).toEqual([
      ["alpha", "region+rack"],
      ["beta", "rack"],
    ]);
    expect(rows[0].services.map((s) => s.name)).toEqual(["rackd", "dhcpd"]);
  });

  it("marks a controller in both lists as region+rack even if node types disagree", () => {
    const rows = mergeControllers([rack("x", "1")], [{ ...region("x", "1"), system_id: "id-x" }]);
    expect(rows).toHaveLength(1);
    expect(rows[0].role).toBe("region+rack");
  });
});

describe("version mismatch", () => {
  it("prefers the region's own version as the reference", () => {
    const rows = mergeControllers([rack("a", "3.5.0"), rack("b", "3.5.0")], []);
    expect(referenceVersion(rows, "3.6.0")).toBe("3.6.0");
  });
  it("falls back to the most common version", () => {
    const rows = mergeControllers([rack("a", "3.5.0"), rack("b", "3.5.0"), rack("c", "3.4.2")], []);
    expect(referenceVersion(rows)).toBe("3.5.0");
  });
  it("flags differing and unknown versions only", () => {
    expect(isVersionMismatch("3.4.2", "3.5.0")).toBe(true);
    expect(isVersionMismatch("", "3.5.0")).toBe(true);
    expect(isVersionMismatch("3.5.0", "3.5.0")).toBe(false);
    expect(isVersionMismatch("3.4.2", null)).toBe(false);
  });
});

describe("services", () => {
  it("reports the worst status of the services that should run", () => {
    expect(
      overallStatus([
        { name: "rackd", status: "running", status_info: "" },
        { name: "dhcpd", status: "off", status_info: "" },
      ]),
    ).toBe("running");
    expect(
      overallStatus([
        { name: "rackd", status: "degraded", status_info: "50% connected" },
        { name: "dhcpd", status: "dead", status_info: "" },
      ]),
    ).toBe("dead");
    expect(overallStatus([])).toBe("unknown");
  });
  it("shows rackd before dhcpd and hides others", () => {
    const shown = shownServices([
      { name: "ntp", status: "running", status_info: "" },
      { name: "dhcpd", status: "off", status_info: "" },
      { name: "rackd", status: "running", status_info: "" },
    ]);
    expect(shown.map((s) => s.name)).toEqual(["rackd", "dhcpd"]);
  });
});

describe("formatLastSeen", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  it("is relative when recent", () => {
    expect(formatLastSeen("2026-11-25T11:59:50Z", now)).toBe("10 s ago");
    expect(formatLastSeen("2026-11-25T11:55:00Z", now)).toBe("5 min ago");
    expect(formatLastSeen("2026-11-25T09:00:00Z", now)).toBe("3 h ago");
  });
  it("is absolute when old and a dash when unknown", () => {
    expect(formatLastSeen("2026-11-20T08:30:00Z", now)).toBe("2026-11-20 08:30 UTC");
    expect(formatLastSeen(null, now)).toBe("—");
  });
});
