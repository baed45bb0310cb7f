import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import * as endpoints from "../api/endpoints";
import type { PowerAction } from "../api/endpoints";
import type { Machine } from "../api/types";
import { ErrorMessage, Loading, PageHeader, StatusBadge } from "../components/common";
import { useNotify } from "../components/Notifications";
import { POLL_MS } from "../queryClient";
import { errorText } from "../session";

export const PAGE_SIZE = 50;
const statuses = ["new", "commissioning", "ready", "allocated", "deploying", "deployed", "broken"];
const sortable = [
  { key: "hostname", label: "Name" },
  { key: "status", label: "Status" },
  { key: "power_state", label: "Power" },
];

/** The list as the URL says (search, status, sort, page), so Back and reload keep them. */
function useMachineQuery() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(0, Number(params.get("page") ?? "0") || 0);
  const query: endpoints.MachineQuery = {
    q: params.get("q") ?? "",
    sort: params.get("sort") ?? "hostname",
    status: params.get("status") ?? "",
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return { query, page, set };
}

export function MachinesPage() {
  const { query, page, set } = useMachineQuery();
  const machines = useQuery({
    queryKey: ["machines", query],
    queryFn: () => endpoints.machinePage(query),
    refetchInterval: POLL_MS,
    placeholderData: (previous) => previous,
  });
  const total = machines.data?.total ?? 0;
  const last = Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);
  const sortBy = (key: string) =>
    set({ sort: query.sort === key ? `-${key}` : key, page: "" });
  return (
    <>
      <PageHeader title="Machines" />
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const q = new FormData(e.currentTarget).get("q");
          set({ q: typeof q === "string" ? q.trim() : "", page: "" });
        }}
      >
        <label>
          Search hostnames{" "}
          <input name="q" type="search" defaultValue={query.q} key={query.q} />
        </label>
        <button type="submit" className="button button--small">
          Search
        </button>
        <label>
          Status{" "}
          <select value={query.status} onChange={(e) => set({ status: e.target.value, page: "" })}>
            <option value="">Any</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorMessage error={machines.error} title="Could not load machines:" />
      {machines.isPending && <Loading what="machines" />}
      {machines.data && (
        <div className="table-wrap">
          <table className="table table--cards" aria-label="Machines">
            <thead>
              <tr>
                {sortable.map((c) => (
                  <SortHeader key={c.key} column={c} sort={query.sort} onSort={sortBy} />
                ))}
                <th scope="col">Power type</th>
                <th scope="col">Managing rack</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {machines.data.machines.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    {query.q || query.status ? "No machine matches." : "No machines yet."}
                  </td>
                </tr>
              )}
              {machines.data.machines.map((m) => (
                <MachineRow key={m.system_id} machine={m} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {machines.data && (
        <nav className="pager" aria-label="Pages">
          <span role="status">
            {total === 0
              ? "0 machines"
              : `${query.offset + 1}–${query.offset + machines.data.machines.length} of ${total}`}
          </span>
          <button
            type="button"
            className="button button--small"
            aria-disabled={page === 0}
            onClick={() => page > 0 && set({ page: page === 1 ? "" : String(page - 1) })}
          >
            Previous page
          </button>
          <button
            type="button"
            className="button button--small"
            aria-disabled={page >= last}
            onClick={() => page < last && set({ page: String(page + 1) })}
          >
            Next page
          </button>
        </nav>
      )}
    </>
  );
}

/** A column header that sorts on the server; aria-sort says the current order. */
function SortHeader(props: {
  column: { key: string; label: string };
  sort: string;
  onSort: (key: string) => void;
}) {
  const { key, label } = props.column;
  const order =
    props.sort === key ? "ascending" : props.sort === `-${key}` ? "descending" : undefined;
  return (
    <th scope="col" aria-sort={order}>
      <button type="button" className="sort-button" onClick={() => props.onSort(key)}>
        {label}
        <span aria-hidden="true">{order === "ascending" ? " ▲" : order === "descending" ? " ▼" : ""}</span>
      </button>
    </th>
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
      queryClient.setQueriesData<{ machines: Machine[]; total: number }>(
        { queryKey: ["machines"] },
        (page) =>
          page && {
            ...page,
            machines: page.machines.map((m) =>
              m.system_id === machine.system_id ? { ...m, power_state: state } : m,
            ),
          },
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
      <td data-label="Status">{machine.status_name ?? "—"}</td>
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
