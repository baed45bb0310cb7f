// A machine's three power buttons: each follows the power state (a button for the state the
// machine is already in says why and does nothing), power off asks first, the outcome is a
// notification and the machine lists are refreshed.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import * as endpoints from "../api/endpoints";
import type { PowerAction } from "../api/endpoints";
import type { Machine } from "../api/types";
import { errorText } from "../session";
import { ErrorMessage } from "./common";
import { useNotify } from "./Notifications";

export const progress: Record<PowerAction, string> = {
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
export function unavailable(action: PowerAction, state: string): string | null {
  if (action === "on" && state === "on") return "Already on";
  if (action === "off" && state === "off") return "Already off";
  return null;
}

/** Writes a machine's new power state into every cached list and page, then refetches. */
export function usePowerStateUpdate() {
  const queryClient = useQueryClient();
  return (systemId: string, state: Machine["power_state"]) => {
    queryClient.setQueriesData<{ machines: Machine[]; total: number }>(
      { queryKey: ["machines"] },
      (page) =>
        page && {
          ...page,
          machines: page.machines.map((m) =>
            m.system_id === systemId ? { ...m, power_state: state } : m,
          ),
        },
    );
    void queryClient.invalidateQueries({ queryKey: ["machines"] });
    void queryClient.invalidateQueries({ queryKey: ["machine", systemId] });
  };
}

/** `roving`: the buttons are items of the Machines table's one Tab stop (tabIndex set there). */
export function PowerButtons({ machine, roving = false }: { machine: Machine; roving?: boolean }) {
  const notify = useNotify();
  const update = usePowerStateUpdate();
  const [confirmingOff, setConfirmingOff] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  const offRef = useRef<HTMLButtonElement>(null);
  const label = machine.hostname;
  const power = useMutation({
    mutationFn: (action: PowerAction) => endpoints.powerAction(machine.system_id, action),
    onSuccess: (state, action) => {
      update(machine.system_id, state);
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
        data-roving-item={roving ? "" : undefined}
      >
        {text}
      </button>
    );
  };
  return (
    <>
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
            Power off <strong>{label}</strong>? Its BMC cuts the power: the operating system gets no
            clean shutdown.
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
    </>
  );
}
