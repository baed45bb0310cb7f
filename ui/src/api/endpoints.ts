// Every call the UI makes, named after what it does. Paths follow the MAAS 2.0 API.
import { ACCOUNTS_ROOT, api, request } from "./http";
import type { FormFields } from "./http";
import type {
  ApiKey,
  Controller,
  EventEntry,
  EventPage,
  Fabric,
  IpRange,
  Machine,
  NewApiKey,
  PowerState,
  RackRegistration,
  ServerNotification,
  Session,
  Subnet,
  SubnetAddress,
  SubnetStatistics,
  UsedSpan,
  User,
  Version,
  Vlan,
} from "./types";

// Session (cookie + CSRF token) for the browser; the CLI uses OAuth on the same API.
export const login = (username: string, password: string) =>
  request<Session>(`${ACCOUNTS_ROOT}login/`, { method: "POST", form: { username, password } });
export const currentSession = () => request<Session>(`${ACCOUNTS_ROOT}session/`);
export const logout = () => request<void>(`${ACCOUNTS_ROOT}logout/`, { method: "POST" });

export const whoami = () => api<User>("users/", { query: { op: "whoami" } });
export const maasVersion = () => api<Version>("version/");
export const rackRegistration = () =>
  api<RackRegistration>("rackcontrollers/", { query: { op: "registration_info" } });

export const rackControllers = () => api<Controller[]>("rackcontrollers/");
export const regionControllers = () => api<Controller[]>("regioncontrollers/");
export const rackController = (systemId: string) =>
  api<Controller>(`rackcontrollers/${encodeURIComponent(systemId)}/`);
export const regionController = (systemId: string) =>
  api<Controller>(`regioncontrollers/${encodeURIComponent(systemId)}/`);

export function deleteController(kind: "rack" | "region", systemId: string, force: boolean) {
  const collection = kind === "rack" ? "rackcontrollers" : "regioncontrollers";
  return api<void>(`${collection}/${encodeURIComponent(systemId)}/`, {
    method: "DELETE",
    query: force ? { force: "true" } : undefined,
  });
}

export const notifications = () => api<ServerNotification[]>("notifications/");
export const dismissNotification = (id: number) =>
  api<void>(`notifications/${id}/`, { method: "POST", query: { op: "dismiss" } });

export const fabrics = () => api<Fabric[]>("fabrics/");
export const subnets = () => api<Subnet[]>("subnets/");
export const subnet = (id: number) => api<Subnet>(`subnets/${id}/`);
export const vlan = (id: number) => api<Vlan>(`vlans/${id}/`);
export const subnetAddresses = (id: number) =>
  api<SubnetAddress[]>(`subnets/${id}/`, { query: { op: "ip_addresses", with_summary: true } });

export interface VlanDhcpUpdate {
  dhcp_on: boolean;
  primary_rack: string | null;
  secondary_rack: string | null;
}

export const updateVlan = (fabricId: number, vid: number, fields: VlanDhcpUpdate) =>
  api<Vlan>(`fabrics/${fabricId}/vlans/${vid}/`, { method: "PUT", form: { ...fields } });

export const ipRanges = () => api<IpRange[]>("ipranges/");
export const createIpRange = (subnetId: number, startIp: string, endIp: string) =>
  api<IpRange>("ipranges/", {
    method: "POST",
    form: { type: "dynamic", subnet: subnetId, start_ip: startIp, end_ip: endIp },
  });
export const updateIpRange = (id: number, startIp: string, endIp: string) =>
  api<IpRange>(`ipranges/${id}/`, { method: "PUT", form: { start_ip: startIp, end_ip: endIp } });

export const deleteIpRange = (id: number) => api<void>(`ipranges/${id}/`, { method: "DELETE" });

export const machines = () => api<Machine[]>("machines/");

/** What the Machines page asks for: the region searches, sorts and pages (its extension). */
export interface MachineQuery {
  q: string;
  sort: string;
  status: string;
  /** MAAS's power states (on, off, unknown, error); "" for any. */
  power_state: string;
  power_type: string;
  /** The managing rack's system_id; "" for any. */
  power_rack: string;
  offset: number;
  limit: number;
}

export async function machinePage(query: MachineQuery): Promise<{ machines: Machine[]; total: number }> {
  let total: number | null = null;
  const machines = await api<Machine[]>("machines/", {
    query: {
      q: query.q || undefined,
      sort: query.sort || undefined,
      status: query.status || undefined,
      power_state: query.power_state || undefined,
      power_type: query.power_type || undefined,
      power_rack: query.power_rack || undefined,
      offset: query.offset,
      limit: query.limit,
    },
    onHeaders: (h) => {
      const n = Number(h.get("X-Total-Count"));
      total = Number.isFinite(n) && h.has("X-Total-Count") ? n : null;
    },
  });
  return { machines, total: total ?? query.offset + machines.length };
}

export const machine = (systemId: string) =>
  api<Machine>(`machines/${encodeURIComponent(systemId)}/`);
/** The BMC settings (admins only, as MAAS). */
export const machinePowerParameters = (systemId: string) =>
  api<Record<string, string | string[]>>(`machines/${encodeURIComponent(systemId)}/`, {
    query: { op: "power_parameters" },
  });
/** `machine update`: only the fields given change; the region validates (admins only). */
export const updateMachine = (systemId: string, fields: FormFields) =>
  api<Machine>(`machines/${encodeURIComponent(systemId)}/`, { method: "PUT", form: fields });
/**
 * A machine's latest events, newest first (`events query` with `id=`). As in MAAS, level AUDIT
 * lists audit records only and any other level that level and above, so both are asked.
 */
export async function machineEvents(systemId: string, limit = 50): Promise<EventEntry[]> {
  const read = (level: string) =>
    api<EventPage>("events/", { query: { op: "query", id: systemId, level, limit } });
  const [audit, rest] = await Promise.all([read("AUDIT"), read("DEBUG")]);
  return [...audit.events, ...rest.events].sort((a, b) => b.id - a.id).slice(0, limit);
}

export type PowerAction = "on" | "off" | "query";

/** Power on/off return the machine; query returns {state}. */
export async function powerAction(systemId: string, action: PowerAction): Promise<PowerState> {
  const path = `machines/${encodeURIComponent(systemId)}/`;
  if (action === "query") {
    const result = await api<{ state: PowerState }>(path, { query: { op: "query_power_state" } });
    return result.state;
  }
  const machine = await api<Machine>(path, { method: "POST", query: { op: `power_${action}` } });
  return machine.power_state;
}

// Users (admins) and the logged-in user's API keys, as MAAS's UsersHandler and AccountHandler.
export const users = () => api<User[]>("users/");
export interface NewUser {
  username: string;
  email: string;
  password: string;
  is_superuser: boolean;
}
export const createUser = (user: NewUser) => api<User>("users/", { method: "POST", form: { ...user } });
/** MAAS refuses to delete a user who still owns resources unless they go to another user. */
export const deleteUser = (username: string, transferTo?: string) =>
  api<void>(`users/${encodeURIComponent(username)}/`, {
    method: "DELETE",
    query: transferTo ? { transfer_resources_to: transferTo } : undefined,
  });

export const apiKeys = () =>
  api<ApiKey[]>("account/", { query: { op: "list_authorisation_tokens" } });
export const createApiKey = (name: string) =>
  api<NewApiKey>("account/", {
    method: "POST",
    query: { op: "create_authorisation_token" },
    form: name ? { name } : {},
  });
export const deleteApiKey = (tokenKey: string) =>
  api<void>("account/", {
    method: "POST",
    query: { op: "delete_authorisation_token" },
    form: { token_key: tokenKey },
  });

// Network objects, as MAAS's Fabric(s), Vlan(s), Subnet(s) and IPRange(s) handlers take them.
export const fabric = (id: number) => api<Fabric>(`fabrics/${id}/`);
export const createFabric = (fields: FormFields) =>
  api<Fabric>("fabrics/", { method: "POST", form: fields });
export const updateFabric = (id: number, fields: FormFields) =>
  api<Fabric>(`fabrics/${id}/`, { method: "PUT", form: fields });
export const deleteFabric = (id: number) => api<void>(`fabrics/${id}/`, { method: "DELETE" });

export const createVlan = (fabricId: number, fields: FormFields) =>
  api<Vlan>(`fabrics/${fabricId}/vlans/`, { method: "POST", form: fields });
export const editVlan = (fabricId: number, vid: number, fields: FormFields) =>
  api<Vlan>(`fabrics/${fabricId}/vlans/${vid}/`, { method: "PUT", form: fields });
export const deleteVlan = (fabricId: number, vid: number) =>
  api<void>(`fabrics/${fabricId}/vlans/${vid}/`, { method: "DELETE" });

export const createSubnet = (fields: FormFields) =>
  api<Subnet>("subnets/", { method: "POST", form: fields });
export const updateSubnet = (id: number, fields: FormFields) =>
  api<Subnet>(`subnets/${id}/`, { method: "PUT", form: fields });
export const deleteSubnet = (id: number) => api<void>(`subnets/${id}/`, { method: "DELETE" });
export const subnetStatistics = (id: number) =>
  api<SubnetStatistics>(`subnets/${id}/`, { query: { op: "statistics" } });

export const subnetUsedRanges = (id: number) =>
  api<UsedSpan[]>(`subnets/${id}/`, { query: { op: "reserved_ip_ranges" } });

export const addIpRange = (fields: FormFields) =>
  api<IpRange>("ipranges/", { method: "POST", form: fields });
export const editIpRange = (id: number, fields: FormFields) =>
  api<IpRange>(`ipranges/${id}/`, { method: "PUT", form: fields });

/** A page of the event log, newest first; `before` pages to older events. */
export const events = (level: string, before?: number, hostname?: string) =>
  api<EventPage>("events/", {
    query: { op: "query", level, limit: 50, before, hostname: hostname || undefined },
  });
