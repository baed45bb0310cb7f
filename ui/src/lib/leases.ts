// Pure logic behind the leases table.
import type { SubnetAddress } from "../api/types";

/** The DHCP leases among a subnet's addresses, in address order as the API sends them. */
export const dhcpLeases = (addresses: SubnetAddress[]) =>
  addresses.filter((a) => a.alloc_type_name === "DHCP");

/**
 * The API's lease times are UTC without a zone ("2026-11-30T05:28:06.602966"); shown to the
 * second with the zone named. Parsed as text, not Date, which would read them as local time.
 */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return "—";
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?(Z|\+00:00)?$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}


const purposes: Record<string, string> = {
  "gateway-ip": "gateway",
  "dns-server": "DNS server",
  dynamic: "dynamic range (DHCP)",
  reserved: "reserved range",
  "assigned-ip": "assigned (controller, machine, lease or reservation)",
};

/** MAAS's purpose words (reserved-ip-ranges) as an operator reads them. */
export const purposeText = (purpose: string) => purposes[purpose] ?? purpose;
