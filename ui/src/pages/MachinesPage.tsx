import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import * as endpoints from "../api/endpoints";
import type { PowerAction } from "../api/endpoints";
import type { Machine } from "../api/types";
import { ErrorMessage, Loading, PageHeader, StatusBadge } from "../components/common";
import { useNotify } from "../components/Notifications";
import { POLL_MS } from "../queryClient";
import { errorText } from "../session";

export function MachinesPage() {
  const machines = useQuery({
    queryKey: ["machines"],
    queryFn: endpoints.machines,
    refetchInterval: POLL_MS,
  });
  return (
    <>
      <PageHeader title="Machines" />
      <ErrorMessage error={machines.error} title="Could not load machines:" />
      {machines.isPending && <Loading what="machines" />}
      {machines.data && (
        <div className="table-wrap">
          <table className="table table--cards" aria-label="Machines">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Power</th>
                <th scope="col">Power type</th>
                <th scope="col">Managing rack</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {machines.data.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    No machines yet.
                  </td>
                </tr>
              )}
              {machines.data.map((m) => (
                <MachineRow key={m.system_id} machine={m} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

const progress: Record<PowerAction, string> = {
  on: "Powering on…",
  off: "Powering off…",
  query: "Checking…",
};

const done: Record<PowerAction, (host: string, state: string) => string> = {
  on: (host) => `${host} powered on.`,
  off: (host) => `${host} powered off.`,
  query: (host, state) => `${host} is ${state}.`,
};

/** A button that does nothing in this state says why instead of hiding. */
function unavailable(action: PowerAction, state: string): string | null {
  if (action === "on" && state === "on") return "Already on";
  if (action === "off" && state === "off") return "Already off";
  return null;
}

function MachineRow({ machine }: { machine: Machine }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [confirmingOff, setConfirmingOff] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  const offRef = useRef<HTMLButtonElement>(null);
  const label = machine.hostname;
  const power = useMutation({
    mutationFn: (action: PowerAction) => endpoints.powerAction(machine.system_id, action),
    onSuccess: (state, action) => {
      queryClient.setQueryData<Machine[]>(["machines"], (list) =>
        list?.map((m) => (m.system_id === machine.system_id ? { ...m, power_state: state } : m)),
      );
      void queryClient.invalidateQueries({ queryKey: ["machines"] });
      notify("success", done[action](label, state));
    },
    onError: (error, action) => notify("error", `${progress[action]} ${label}: ${errorText(error)}`),
  });
  useEffect(() => {
    if (confirmingOff) confirmRef.current?.focus();
  }, [confirmingOff]);
  const busy = power.isPending;
  // aria-disabled, not disabled: a disabled button drops keyboard focus mid-action.
  const act = (action: PowerAction) => {
    if (busy || unavailable(action, machine.power_state)) return;
    if (action === "off" && !confirmingOff) {
      setConfirmingOff(true);
      return;
    }
    if (confirmingOff) {
      setConfirmingOff(false);
      offRef.current?.focus(); // the confirmation goes away: focus back where it started
    }
    power.mutate(action);
  };
  const button = (action: PowerAction, text: string, aria: string, ref?: typeof offRef) => {
    const why = unavailable(action, machine.power_state);
    return (
      <button
        type="button"
        ref={ref}
        className="button button--small"
        aria-disabled={busy || why !== null}
        title={why ?? undefined}
        onClick={() => act(action)}
        aria-label={aria}
      >
        {text}
      </button>
    );
  };
  return (
    <tr data-testid={`machine-${machine.hostname}`}>
      <th scope="row">{machine.hostname}</th>
      <td data-label="Power">
        <StatusBadge status={machine.power_state} />
      </td>
      <td data-label="Power type">{machine.power_type || "—"}</td>
      <td data-label="Managing rack">{machine.power_rack?.hostname ?? "—"}</td>
      <td data-label="Actions">
        <div className="button-row button-row--tight" aria-busy={busy}>
          {button("on", "Power on", `Power on ${label}`)}
          {button("off", "Power off…", `Power off ${label}`, offRef)}
          {button("query", "Check power", `Check power of ${label}`)}
        </div>
        {confirmingOff && (
          <div
            className="confirm"
            role="group"
            aria-labelledby={`off-${machine.system_id}`}
            tabIndex={-1}
            ref={confirmRef}
          >
            <p id={`off-${machine.system_id}`}>
              Power off <strong>{label}</strong>? Its BMC cuts the power: the operating system
              gets no clean shutdown.
            </p>
            <div className="button-row">
              <button type="button" className="button button--danger" onClick={() => act("off")}>
                Yes, power off
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setConfirmingOff(false);
                  offRef.current?.focus();
                }}
              >
                Cancel
              </button>
            </div>
          </div>
        )}
        {busy && power.variables && (
          <p className="muted small" role="status">
            {progress[power.variables]}
          </p>
        )}
        <ErrorMessage error={power.error} title="Power action failed:" />
      </td>
    </tr>
  );
}
