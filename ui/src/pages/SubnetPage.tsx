import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import * as endpoints from "../api/endpoints";
import { ErrorMessage, Loading, PageHeader } from "../components/common";
import { dhcpLeases, formatUtc } from "../lib/leases";
import { POLL_MS } from "../queryClient";

export function SubnetPage() {
  const id = Number(useParams().id);
  const subnet = useQuery({ queryKey: ["subnet", id], queryFn: () => endpoints.subnet(id) });
  const addresses = useQuery({
    queryKey: ["subnet-addresses", id],
    queryFn: () => endpoints.subnetAddresses(id),
    refetchInterval: POLL_MS,
  });
  const s = subnet.data;
  const leases = dhcpLeases(addresses.data ?? []);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/subnets">Subnets</Link> /
      </p>
      <PageHeader title={s?.cidr ?? `Subnet ${id}`} />
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
        </dl>
      )}
      <section aria-labelledby="leases-title">
        <h2 id="leases-title">DHCP leases</h2>
        <ErrorMessage error={addresses.error} title="Could not load the leases:" />
        {addresses.isPending && <Loading what="leases" />}
        {addresses.data && (
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
        )}
      </section>
    </>
  );
}
