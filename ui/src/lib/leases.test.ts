import { describe, expect, it } from "vitest";
import { dhcpLeases, formatUtc } from "./leases";

describe("leases", () => {
  it("keeps only DHCP addresses", () => {
    const row = (ip: string, alloc_type_name: string) => ({ ip, alloc_type: 0, alloc_type_name });
    expect(dhcpLeases([row("192.0.2.5", "DHCP"), row("192.0.2.6", "Sticky")]).map((r) => r.ip))
      .toEqual(["192.0.2.5"]);
  });

  it("formats the API's UTC times to the second, naming the zone", () => {
    expect(formatUtc("2026-11-30T05:28:06.602966")).toBe("2026-11-30 05:28:06 UTC");
    expect(formatUtc("2026-11-30T06:28:06")).toBe("2026-11-30 06:28:06 UTC");
    expect(formatUtc("2026-11-30T06:28:06Z")).toBe("2026-11-30 06:28:06 UTC");
    expect(formatUtc(null)).toBe("—");
    expect(formatUtc("2026-11-30T06:28:06+02:00")).toBe("2026-11-30T06:28:06+02:00");
  });
});
