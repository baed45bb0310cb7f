import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import * as endpoints from "../api/endpoints";
import { ApiError } from "../api/http";
import { ErrorMessage, LastSeen, Loading, PageHeader, StatusBadge } from "../components/common";
import { POLL_MS } from "../queryClient";
import { useUser } from "../session";

export function ControllerDetailsPage() {
  const { kind = "rack", systemId = "" } = useParams();
  const controllerKind = kind === "region" ? "region" : "rack";
  const user = useUser();
  const controller = useQuery({
    queryKey: [controllerKind, systemId],
    queryFn: () =>
      controllerKind === "rack"
        ? endpoints.rackController(systemId)
        : endpoints.regionController(systemId),
    refetchInterval: POLL_MS,
  });
  const c = controller.data;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/controllers">Controllers</Link> /
      </p>
      <PageHeader title={c?.hostname ?? systemId} />
      <ErrorMessage error={controller.error} title="Could not load the controller:" />
      {controller.isPending && <Loading what="controller" />}
      {c && (
        <>
          <dl className="facts">
            <dt>Type</dt>
            <dd>{c.node_type_name}</dd>
            <dt>System ID</dt>
            <dd>
              <code>{c.system_id}</code>
            </dd>
            <dt>Version</dt>
            <dd>{c.version || "unknown"}</dd>
            <dt>IP addresses</dt>
            <dd>{(c.ip_addresses ?? []).join(", ") || "—"}</dd>
            <dt>Last seen</dt>
            <dd>
              <LastSeen iso={c.last_seen} now={new Date(controller.dataUpdatedAt || Date.now())} />
            </dd>
          </dl>
          {(c.service_set ?? []).length > 0 && (
            <section aria-labelledby="services-title">
              <h2 id="services-title">Services</h2>
              <ul className="services services--wide">
                {(c.service_set ?? []).map((s) => (
                  <li key={s.name}>
                    <StatusBadge status={s.status} label={s.name} /> {s.status_info || s.status}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {(c.interface_set ?? []).length > 0 && (
            <section aria-labelledby="interfaces-title">
              <h2 id="interfaces-title">Interfaces</h2>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">MAC</th>
                      <th scope="col">Fabric / VLAN</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(c.interface_set ?? []).map((i) => (
                      <tr key={i.name}>
                        <td>{i.name}</td>
                        <td>{i.mac_address ?? "—"}</td>
                        <td>
                          {i.vlan ? (
                            <Link to={`/vlans/${i.vlan.id}`}>
                              {i.vlan.fabric} / {i.vlan.name}
                            </Link>
                          ) : (
                            "—"
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          {user.is_superuser && (
            <DeleteSection kind={controllerKind} systemId={c.system_id} hostname={c.hostname} />
          )}
        </>
      )}
    </>
  );
}

function DeleteSection(props: { kind: "rack" | "region"; systemId: string; hostname: string }) {
  const [confirming, setConfirming] = useState(false);
  const [force, setForce] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => endpoints.deleteController(props.kind, props.systemId, force),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["rackcontrollers"] });
      await queryClient.invalidateQueries({ queryKey: ["regioncontrollers"] });
      navigate("/controllers");
    },
  });
  // A 400 is the API's guard, shown in its own words. Only a rack's guard (DHCP HA) can be
  // overridden; a running region cannot be deleted at all.
  const refused =
    props.kind === "rack" && remove.error instanceof ApiError && remove.error.status === 400;
  // Keyboard focus follows the flow: the buttons it was on go away or become disabled, so it
  // moves to the confirmation, then to the force option once the guard has refused.
  const confirmRef = useRef<HTMLDivElement>(null);
  const forceRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (refused) forceRef.current?.focus();
  }, [refused]);

  return (
    <section className="danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete controller</h2>
      {!confirming ? (
        <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
          Delete…
        </button>
      ) : (
        <div
          role="group"
          aria-labelledby="delete-confirm-text"
          className="confirm"
          tabIndex={-1}
          ref={confirmRef}
        >
          <p id="delete-confirm-text">
            Delete <strong>{props.hostname}</strong>?{" "}
            {props.kind === "rack"
              ? "It stops being managed by this MAAS and forgets its secret; registering it " +
                "again brings it back."
              : "Its record is removed; a region that is still running cannot be deleted."}
          </p>
          <ErrorMessage error={remove.error} title="MAAS refused:" />
          {refused && (
            <label className="checkbox">
              <input
                type="checkbox"
                ref={forceRef}
                checked={force}
                onChange={(e) => setForce(e.target.checked)}
              />
              Force delete, overriding this protection
            </label>
          )}
          <div className="button-row">
            <button
              type="button"
              className="button button--danger"
              disabled={remove.isPending || (refused && !force)}
              onClick={() => remove.mutate()}
            >
              {remove.isPending ? "Deleting…" : force ? "Force delete" : "Delete"}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setConfirming(false);
                setForce(false);
                remove.reset();
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
