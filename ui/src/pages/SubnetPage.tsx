import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import * as endpoints from "../api/endpoints";
import type { SubnetAddress, UsedSpan } from "../api/types";
import { ErrorMessage, Loading, PageHeader } from "../components/common";
import { DeleteAction } from "../components/DeleteAction";
import { RangesSection } from "../components/RangesSection";
import { ResourceForm } from "../components/ResourceForm";
import { dhcpLeases, formatUtc, purposeText } from "../lib/leases";
import { subnetFormValues, vlanOptions } from "../lib/vlans";
import { POLL_MS } from "../queryClient";
import { useUser } from "../session";

export function SubnetPage() {
  const id = Number(useParams().id);
  const user = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const subnet = useQuery({
    queryKey: ["subnet", id],
    queryFn: () => endpoints.subnet(id),
    refetchInterval: POLL_MS,
  });
  const stats = useQuery({
    queryKey: ["subnet-statistics", id],
    queryFn: () => endpoints.subnetStatistics(id),
    refetchInterval: POLL_MS,
  });
  const addresses = useQuery({
    queryKey: ["subnet-addresses", id],
    queryFn: () => endpoints.subnetAddresses(id),
    refetchInterval: POLL_MS,
  });
  const used = useQuery({
    queryKey: ["subnet-used", id],
    queryFn: () => endpoints.subnetUsedRanges(id),
    refetchInterval: POLL_MS,
  });
  const fabrics = useQuery({
    queryKey: ["fabrics"],
    queryFn: endpoints.fabrics,
    enabled: user.is_superuser,
  });
  const s = subnet.data;
  const refresh = () => {
    setEditing(false);
    void queryClient.invalidateQueries({ queryKey: ["subnet", id] });
    void queryClient.invalidateQueries({ queryKey: ["subnets"] });
  };

  return (
    <>
      <p className="breadcrumb">
        <Link to="/subnets">Subnets</Link> /
      </p>
      <PageHeader title={s?.cidr ?? `Subnet ${id}`}>
        {user.is_superuser && s && (
          <>
            <button type="button" className="button" onClick={() => setEditing(!editing)}>
              Edit subnet
            </button>
            <DeleteAction
              what={`subnet ${s.cidr}`}
              consequence="Its IP ranges and reserved addresses go with it."
              onDelete={() => endpoints.deleteSubnet(id)}
              onDeleted={() => {
                void queryClient.invalidateQueries({ queryKey: ["subnets"] });
                void navigate("/subnets");
              }}
            />
          </>
        )}
      </PageHeader>
      {editing && s && fabrics.data && (
        <ResourceForm
          title={`Edit subnet ${s.cidr}`}
          fields={[
            { name: "name", label: "Name" },
            { name: "description", label: "Description" },
            { name: "vlan", label: "VLAN", kind: "select", options: vlanOptions(fabrics.data) },
            { name: "gateway_ip", label: "Gateway IP" },
            { name: "dns_servers", label: "DNS servers", hint: "Comma-separated addresses." },
            { name: "managed", label: "Managed by MAAS", kind: "checkbox" },
          ]}
          initial={subnetFormValues(s)}
          submitLabel="Save subnet"
          onSubmit={(f) => endpoints.updateSubnet(id, f)}
          onDone={refresh}
        />
      )}
      <ErrorMessage error={subnet.error} title="Could not load the subnet:" />
      {subnet.isPending && <Loading what="subnet" />}
      {s && (
        <dl className="facts">
          <dt>Name</dt>
          <dd>{s.name}</dd>
          <dt>VLAN</dt>
          <dd>
            <Link to={`/vlans/${s.vlan.id}`}>
              {s.vlan.fabric} / {s.vlan.name}
            </Link>
          </dd>
          <dt>Gateway</dt>
          <dd>{s.gateway_ip ?? "—"}</dd>
          <dt>DNS</dt>
          <dd>{s.dns_servers.join(", ") || "—"}</dd>
          <dt>Managed</dt>
          <dd>{s.managed ? "yes" : "no"}</dd>
          <dt>Utilisation</dt>
          <dd>
            {stats.data
              ? `${stats.data.usage_string} used: ${stats.data.num_unavailable} of ` +
                `${stats.data.total_addresses} addresses (${stats.data.available_string} free, ` +
                `largest free block ${stats.data.largest_available})`
              : "—"}
          </dd>
        </dl>
      )}
      {s && <RangesSection subnets={[s]} canEdit={user.is_superuser} />}
      <ErrorMessage error={addresses.error} title="Could not load the leases:" />
      {addresses.isPending && <Loading what="leases" />}
      <ErrorMessage error={used.error} title="Could not load the addresses in use:" />
      {used.data && <UsedTable spans={used.data} />}
      {addresses.data && <LeasesTable leases={dhcpLeases(addresses.data)} />}
    </>
  );
}

/** What MAAS counts as used on the subnet (reserved-ip-ranges), with what each span is for. */
function UsedTable({ spans }: { spans: UsedSpan[] }) {
  return (
    <section aria-labelledby="used-title">
      <h2 id="used-title">Addresses in use</h2>
      <div className="table-wrap">
        <table className="table table--cards" aria-labelledby="used-title">
          <thead>
            <tr>
              <th scope="col">Addresses</th>
              <th scope="col">Used for</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {spans.map((span) => (
              <tr key={span.start}>
                <th scope="row">
                  {span.start === span.end ? span.start : `${span.start} – ${span.end}`}
                </th>
                <td data-label="Used for">{span.purpose.map(purposeText).join(", ")}</td>
                <td data-label="Count">{span.num_addresses}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function LeasesTable({ leases }: { leases: SubnetAddress[] }) {
  return (
    <section aria-labelledby="leases-title">
      <h2 id="leases-title">DHCP leases</h2>
      <div className="table-wrap">
        <table className="table" aria-labelledby="leases-title">
          <thead>
            <tr>
              <th scope="col">IP address</th>
              <th scope="col">MAC address</th>
              <th scope="col">Host</th>
              <th scope="col">Reported by</th>
              <th scope="col">Updated</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <tbody>
            {leases.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No leases on this subnet.
                </td>
              </tr>
            )}
            {leases.map((lease) => (
              <tr key={lease.ip}>
                <td>{lease.ip}</td>
                <td>{lease.mac_address ?? "—"}</td>
                <td>{lease.node_summary?.hostname ?? lease.hostname ?? "—"}</td>
                <td>{lease.rack?.hostname ?? "—"}</td>
                <td>{formatUtc(lease.updated)}</td>
                <td>{formatUtc(lease.expires)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
