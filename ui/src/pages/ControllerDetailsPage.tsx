import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import * as endpoints from "../api/endpoints";
import { ApiError } from "../api/http";
import { ErrorMessage, LastSeen, Loading, PageHeader, StatusBadge } from "../components/common";
import { useNotify } from "../components/Notifications";
import { deleteImpact } from "../lib/impact";
import type { DeleteImpact } from "../lib/impact";
import { POLL_MS } from "../queryClient";
import { errorText, useUser } from "../session";

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
            <dd>
              {c.version || "unknown"}
              {c.version_warning && (
                <p className="mismatch" role="note">
                  Warning: {c.version_warning}. A different version is never refused: the
                  controller keeps working meanwhile.
                </p>
              )}
            </dd>
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
  const [typed, setTyped] = useState("");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const impact = useDeleteImpact(props.kind === "rack" && confirming, props.systemId);
  const remove = useMutation({
    mutationFn: () => endpoints.deleteController(props.kind, props.systemId, force),
    onSuccess: async () => {
      notify("success", `${props.hostname} was deleted.`);
      await queryClient.invalidateQueries({ queryKey: ["rackcontrollers"] });
      await queryClient.invalidateQueries({ queryKey: ["regioncontrollers"] });
      navigate("/controllers");
    },
    onError: (error) => notify("error", `Deleting ${props.hostname}: ${errorText(error)}`),
  });
  // A 400 is the API's guard, shown in its own words. Only a rack's guard (DHCP HA) can be
  // overridden; a running region cannot be deleted at all.
  const refused =
    props.kind === "rack" && remove.error instanceof ApiError && remove.error.status === 400;
  const needsName = impact.data?.requiresTypedName ?? false;
  const nameOk = !needsName || typed.trim() === props.hostname;
  const blocked = !nameOk || (props.kind === "rack" && !impact.data);
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
  const cancel = () => {
    setConfirming(false);
    setForce(false);
    setTyped("");
    remove.reset();
  };

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
          {props.kind === "rack" && (
            <ImpactList
              loading={impact.isPending}
              error={impact.error}
              impact={impact.data ?? null}
            />
          )}
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
          {needsName && (
            <label className="confirm-name">
              Type <strong>{props.hostname}</strong> to confirm
              <input
                type="text"
                className="input"
                value={typed}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setTyped(e.target.value)}
              />
            </label>
          )}
          <div className="button-row">
            {/* Waiting for the impact or the typed name: aria-disabled keeps the button a Tab
                stop. A refusal without force: disabled, so focus moves to the force option. */}
            <button
              type="button"
              className="button button--danger"
              disabled={remove.isPending || (refused && !force)}
              aria-disabled={blocked}
              onClick={() => !blocked && remove.mutate()}
            >
              {remove.isPending ? "Deleting…" : force ? "Force delete" : "Delete"}
            </button>
            <button type="button" className="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** Everything the dialog needs to say what a rack's delete takes away, fetched when it opens. */
function useDeleteImpact(enabled: boolean, systemId: string) {
  return useQuery({
    queryKey: ["delete-impact", systemId],
    enabled,
    staleTime: 0,
    queryFn: async () => {
      const [racks, regions, fabrics, machines] = await Promise.all([
        endpoints.rackControllers(),
        endpoints.regionControllers(),
        endpoints.fabrics(),
        endpoints.machines(),
      ]);
      const rack = racks.find((r) => r.system_id === systemId);
      if (!rack) throw new Error("This rack controller no longer exists.");
      return deleteImpact(rack, fabrics, racks, regions, machines, window.location.hostname);
    },
  });
}

const SHOWN_MACHINES = 10;

function ImpactList(props: { loading: boolean; error: unknown; impact: DeleteImpact | null }) {
  const { impact } = props;
  if (props.loading) return <Loading what="what depends on this rack" />;
  if (props.error) return <ErrorMessage error={props.error} title="Could not check what depends on it:" />;
  if (!impact) return null;
  const quiet =
    impact.vlans.length === 0 && impact.machines.length === 0 && !impact.hostsRegion && !impact.servesThisPage;
  if (quiet) return <p className="muted">No VLAN or machine depends on it.</p>;
  return (
    <ul className="impact" aria-label="What this delete affects">
      {impact.servesThisPage && <li>This page is served from this host.</li>}
      {impact.hostsRegion && <li>This host also runs a region controller of this MAAS.</li>}
      {impact.vlans.map((v) => (
        <li key={v.id}>
          {v.lastLiveRack ? "DHCP stops on " : `It is the ${v.role} DHCP rack of `}
          {/* Text, not a link: the dialog's first stop stays its action. */}
          <strong>{v.name}</strong>
          {v.lastLiveRack && ": no other live rack serves it"}
        </li>
      ))}
      {impact.machines.length > 0 && (
        <li>
          {impact.lastLiveRack
            ? "No other live rack can power its machines: "
            : "It powers these machines: "}
          {impact.machines
            .slice(0, SHOWN_MACHINES)
            .map((m) => m.hostname)
            .join(", ")}
          {impact.machines.length > SHOWN_MACHINES &&
            ` and ${impact.machines.length - SHOWN_MACHINES} more`}
        </li>
      )}
    </ul>
  );
}
