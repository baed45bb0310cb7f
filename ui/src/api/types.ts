// The parts of the MAAS 2.0 API JSON the UI reads (see shared REFERENCE "API").

export interface User {
  username: string;
  email?: string;
  is_superuser: boolean;
}

/** One of the user's API keys: `token` is "consumer_key:token_key:token_secret". */
export interface ApiKey {
  name: string;
  token: string;
}

export interface NewApiKey {
  name: string;
  consumer_key: string;
  token_key: string;
  token_secret: string;
}

export interface Session extends User {
  csrf_token: string;
}

export type ServiceStatus = "unknown" | "running" | "degraded" | "dead" | "off";

export interface Service {
  name: string;
  status: ServiceStatus;
  status_info: string;
}

/** node_type: 2 rack, 3 region, 4 region+rack. */
export type NodeType = 2 | 3 | 4;

export interface VlanRef {
  id: number;
  name: string;
  vid: number;
  fabric: string;
  fabric_id: number;
}

export interface Interface {
  id?: number;
  name: string;
  mac_address?: string;
  vlan: VlanRef | null;
  links?: { subnet?: { cidr: string } | null; ip_address?: string }[];
}

export interface Controller {
  system_id: string;
  hostname: string;
  fqdn?: string;
  node_type: NodeType;
  node_type_name: string;
  version: string;
  /** The region's warning when this controller's version differs from its own; "" when none. */
  version_warning?: string;
  ip_addresses?: string[];
  interface_set?: Interface[];
  service_set?: Service[];
  status_name?: string;
  /** ISO 8601 time the region last heard from this controller, when the API reports it. */
  last_seen?: string | null;
  resource_uri: string;
}

export interface Vlan {
  id: number;
  name: string;
  vid: number;
  fabric: string;
  fabric_id: number;
  description?: string;
  mtu: number;
  primary_rack: string | null;
  secondary_rack: string | null;
  dhcp_on: boolean;
  external_dhcp: string | null;
  relay_vlan: number | null;
  space: string | null;
  resource_uri: string;
  /** VLAN reads by id: the DHCP HA pair's state; null without a secondary rack. */
  dhcp_ha?: DhcpHa | null;
  /** An update's cautions (DHCP left on with a dead primary rack). */
  warnings?: string[];
}

export interface DhcpHaRack {
  role: "primary" | "secondary";
  system_id: string;
  hostname: string;
  rackd: string;
  state: string;
  reported_state: string;
  partner_state: string;
  link: "up" | "down";
  backlog: number;
  last_contact_ms_ago: number;
  reported_ms_ago: number;
  allocation: string;
  update_latency_ms: number;
  last_failover: { ms_ago: number; reason: string };
}

export interface DhcpHa {
  racks: DhcpHaRack[];
  degraded: boolean;
  failovers: number;
  last_failover: { at: string; rack: string; reason: string } | null;
}

export type NotificationCategory = "error" | "warning" | "success" | "info";

export interface ServerNotification {
  id: number;
  ident: string | null;
  user: { username: string } | null;
  users: boolean;
  admins: boolean;
  message: string;
  context: Record<string, unknown>;
  category: NotificationCategory;
  dismissable: boolean;
  resource_uri: string;
}

export interface Fabric {
  id: number;
  name: string;
  description?: string;
  class_type: string | null;
  vlans: Vlan[];
  resource_uri: string;
}

export interface Subnet {
  id: number;
  name: string;
  description?: string;
  vlan: Vlan;
  cidr: string;
  gateway_ip: string | null;
  dns_servers: string[];
  managed: boolean;
  resource_uri: string;
}

export interface IpRange {
  id: number;
  type: "dynamic" | "reserved";
  start_ip: string;
  end_ip: string;
  comment?: string;
  subnet: Subnet;
  resource_uri: string;
}

/** `subnet statistics`, as MAAS words it: counts and human strings such as "12%". */
export interface SubnetStatistics {
  num_available: number;
  largest_available: number;
  num_unavailable: number;
  total_addresses: number;
  usage: number;
  usage_string: string;
  available_string: string;
}

/** One span of `subnet reserved-ip-ranges`: addresses MAAS will not hand out, and why. */
export interface UsedSpan {
  start: string;
  end: string;
  purpose: string[];
  num_addresses: number;
}

export type PowerState = "on" | "off" | "unknown" | "error";

export interface Machine {
  system_id: string;
  hostname: string;
  fqdn?: string;
  status_name?: string;
  power_state: PowerState;
  power_type: string;
  /** The rack controller that drives this machine's BMC (system_id/hostname), when known. */
  power_rack?: { system_id: string; hostname: string } | null;
  resource_uri: string;
  architecture?: string;
  cpu_count?: number;
  /** MiB */
  memory?: number;
  description?: string;
  owner?: string | null;
  zone?: { name: string };
  pool?: { name: string };
  tag_names?: string[];
  ip_addresses?: string[];
  interface_set?: Interface[];
}

/** One address the region knows on a subnet; DHCP leases carry alloc_type_name "DHCP". */
export interface SubnetAddress {
  ip: string;
  alloc_type: number;
  alloc_type_name: string;
  mac_address?: string | null;
  hostname?: string | null;
  created?: string;
  updated?: string;
  expires?: string | null;
  node_summary?: { hostname: string; system_id: string } | null;
  /** The rack controller whose DHCP server reported the lease, when known. */
  rack?: { hostname: string; system_id: string } | null;
}

export interface Version {
  version: string;
  subversion?: string;
  capabilities?: string[];
}

/** What an admin needs to register another rack with this MAAS. */
export interface RackRegistration {
  maas_url: string;
  secret: string;
}

/** One entry of `events query`, as MAAS returns it. */
export interface EventEntry {
  id: number;
  username: string;
  node: string | null;
  hostname: string;
  level: string;
  /** "Mon, 07 Dec. 2026 09:15:02", UTC */
  created: string;
  type: string;
  description: string;
}

export interface EventPage {
  count: number;
  events: EventEntry[];
  next_uri: string;
  prev_uri: string | null;
}
