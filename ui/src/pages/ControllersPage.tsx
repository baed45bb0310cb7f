import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import * as endpoints from "../api/endpoints";
import { ErrorMessage, LastSeen, Loading, PageHeader, StatusBadge } from "../components/common";
import { AddRackPanel } from "../components/AddRackPanel";
import {
  isVersionMismatch,
  mergeControllers,
  overallStatus,
  referenceVersion,
  shownServices,
} from "../lib/controllers";
import { useUser } from "../session";
import { POLL_MS } from "../queryClient";

export function ControllersPage() {
  const user = useUser();
  const [adding, setAdding] = useState(false);
  const racks = useQuery({
    queryKey: ["rackcontrollers"],
    queryFn: endpoints.rackControllers,
    refetchInterval: POLL_MS,
  });
  const regions = useQuery({
    queryKey: ["regioncontrollers"],
    queryFn: endpoints.regionControllers,
    refetchInterval: POLL_MS,
  });
  const version = useQuery({ queryKey: ["version"], queryFn: endpoints.maasVersion });

  const rows = racks.data && regions.data ? mergeControllers(racks.data, regions.data) : null;
  const reference = rows ? referenceVersion(rows, version.data?.version) : null;
  const now = new Date(Math.max(racks.dataUpdatedAt, regions.dataUpdatedAt) || Date.now());

  return (
    <>
      <PageHeader title="Controllers">
        {user.is_superuser && (
          <button
            type="button"
            className="button button--primary"
            aria-expanded={adding}
            aria-controls="add-rack"
            onClick={() => setAdding((a) => !a)}
          >
            Add rack controller
          </button>
        )}
      </PageHeader>
      {adding && user.is_superuser && <AddRackPanel onClose={() => setAdding(false)} />}
      <ErrorMessage error={racks.error ?? regions.error} title="Could not load controllers:" />
      {!rows && !racks.error && !regions.error && <Loading what="controllers" />}
      {rows && (
        <div className="table-wrap">
          <table className="table table--cards" aria-label="Controllers">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Version</th>
                <th scope="col">Services</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    No controllers have registered yet.
                  </td>
                </tr>
              )}
              {rows.map((row) => {
                const mismatch = isVersionMismatch(row.version, reference);
                const services = shownServices(row.services);
                return (
                  <tr key={row.systemId} data-testid={`controller-${row.hostname}`}>
                    <th scope="row">
                      <Link to={`/controllers/${row.role === "region" ? "region" : "rack"}/${row.systemId}`}>
                        {row.hostname}
                      </Link>
                    </th>
                    <td data-label="Type">{row.role}</td>
                    <td data-label="Status">
                      {row.services.length > 0 ? (
                        <StatusBadge status={overallStatus(row.services)} />
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td data-label="Version" className={mismatch ? "mismatch" : undefined}>
                      {row.version || "unknown"}
                      {mismatch && (
                        <span className="mismatch__note">
                          {" "}
                          differs from {reference}
                        </span>
                      )}
                    </td>
                    <td data-label="Services">
                      {services.length === 0 && <span className="muted">—</span>}
                      <ul className="services">
                        {services.map((s) => (
                          <li key={s.name}>
                            <StatusBadge status={s.status} label={s.name} />{" "}
                            <span className="services__info">{s.status_info || s.status}</span>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td data-label="Last seen">
                      <LastSeen iso={row.lastSeen} now={now} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small" aria-live="off">
        Updates every {POLL_MS / 1000} s.
      </p>
    </>
  );
}
