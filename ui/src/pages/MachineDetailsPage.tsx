import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import * as endpoints from "../api/endpoints";
import type { Machine } from "../api/types";
import { ErrorMessage, Loading, PageHeader, StatusBadge } from "../components/common";
import { EventsTable } from "../components/EventsTable";
import { PowerButtons } from "../components/PowerButtons";
import { PowerConfig } from "../components/PowerConfig";
import { POLL_MS } from "../queryClient";
import { useUser } from "../session";

/** One machine, at MAAS's address for it (/machine/SYSTEM_ID). */
export function MachineDetailsPage() {
  const { systemId = "" } = useParams();
  const user = useUser();
  const machine = useQuery({
    queryKey: ["machine", systemId],
    queryFn: () => endpoints.machine(systemId),
    refetchInterval: POLL_MS,
  });
  const m = machine.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/machines">Machines</Link> /
      </p>
      <PageHeader title={m?.hostname ?? systemId} />
      <ErrorMessage error={machine.error} title="Could not load the machine:" />
      {machine.isPending && <Loading what="machine" />}
      {m && (
        <>
          <Summary machine={m} />
          <section aria-labelledby="power-title">
            <h2 id="power-title">Power</h2>
            <PowerButtons machine={m} />
            <PowerConfig key={m.power_type} machine={m} isAdmin={user.is_superuser} />
          </section>
          <Interfaces machine={m} />
          <Events systemId={m.system_id} />
        </>
      )}
    </>
  );
}

function Summary({ machine: m }: { machine: Machine }) {
  const memory = m.memory ? `${(m.memory / 1024).toFixed(1)} GiB` : "—";
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">Summary</h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{m.status_name ?? "—"}</dd>
        <dt>Power</dt>
        <dd>
          <StatusBadge status={m.power_state} />
        </dd>
        <dt>Managing rack</dt>
        <dd>{m.power_rack?.hostname ?? "—"}</dd>
        <dt>System ID</dt>
        <dd>
          <code>{m.system_id}</code>
        </dd>
        <dt>Owner</dt>
        <dd>{m.owner || "—"}</dd>
        <dt>Architecture</dt>
        <dd>{m.architecture || "—"}</dd>
        <dt>CPU cores</dt>
        <dd>{m.cpu_count ?? "—"}</dd>
        <dt>Memory</dt>
        <dd>{memory}</dd>
        <dt>Zone and pool</dt>
        <dd>
          {m.zone?.name ?? "—"} / {m.pool?.name ?? "—"}
        </dd>
        <dt>Tags</dt>
        <dd>{(m.tag_names ?? []).join(", ") || "—"}</dd>
        <dt>IP addresses</dt>
        <dd>{(m.ip_addresses ?? []).join(", ") || "—"}</dd>
        {m.description && (
          <>
            <dt>Description</dt>
            <dd>{m.description}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Interfaces({ machine }: { machine: Machine }) {
  const interfaces = machine.interface_set ?? [];
  return (
    <section aria-labelledby="interfaces-title">
      <h2 id="interfaces-title">Interfaces</h2>
      {interfaces.length === 0 ? (
        <p className="muted">No interfaces.</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--cards" aria-label="Interfaces">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">MAC address</th>
                <th scope="col">VLAN</th>
                <th scope="col">Addresses</th>
              </tr>
            </thead>
            <tbody>
              {interfaces.map((i) => (
                <tr key={i.id ?? i.name}>
                  <th scope="row">{i.name}</th>
                  <td data-label="MAC address">{i.mac_address || "—"}</td>
                  <td data-label="VLAN">{i.vlan ? `${i.vlan.fabric}.${i.vlan.name}` : "—"}</td>
                  <td data-label="Addresses">
                    {(i.links ?? [])
                      .map((l) => l.ip_address ?? (l.subnet ? `(${l.subnet.cidr})` : ""))
                      .filter(Boolean)
                      .join(", ") || "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Events({ systemId }: { systemId: string }) {
  const events = useQuery({
    queryKey: ["machine", systemId, "events"],
    queryFn: () => endpoints.machineEvents(systemId),
    refetchInterval: POLL_MS,
  });
  return (
    <section aria-labelledby="events-title">
      <h2 id="events-title">Events</h2>
      <ErrorMessage error={events.error} title="Could not load the events:" />
      {events.isPending && <Loading what="events" />}
      {events.data && <EventsTable label="Machine events" events={events.data} />}
    </section>
  );
}
