import { useQuery } from "@tanstack/react-query";
import { useEffect, useLayoutEffect, useState } from "react";
import { Link, useLocation, useNavigate, useNavigationType } from "react-router";
import * as endpoints from "../api/endpoints";
import type { Machine } from "../api/types";
import { BulkPowerBar } from "../components/BulkPowerBar";
import { ErrorMessage, Loading, PageHeader, StatusBadge } from "../components/common";
import { MachineFilters } from "../components/MachineFilters";
import { PowerButtons } from "../components/PowerButtons";
import { useRovingTable } from "../components/useRovingTable";
import { paintMark } from "../lib/paintMark";
import { POLL_MS } from "../queryClient";
import { useUrlParams } from "../lib/urlParams";

export const PAGE_SIZE = 50;
const sortable = [
  { key: "hostname", label: "Name" },
  { key: "status", label: "Status" },
  { key: "power_state", label: "Power" },
];
const filterKeys = ["q", "status", "power_state", "power_type", "power_rack"] as const;

/** The list as the URL says (search, filters, sort, page), so Back and reload keep them. */
function useMachineQuery() {
  const [params, set] = useUrlParams();
  const page = Math.max(0, Number(params.get("page") ?? "0") || 0);
  const query: endpoints.MachineQuery = {
    q: params.get("q") ?? "",
    sort: params.get("sort") ?? "hostname",
    status: params.get("status") ?? "",
    power_state: params.get("power_state") ?? "",
    power_type: params.get("power_type") ?? "",
    power_rack: params.get("power_rack") ?? "",
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
  return { query, page, set };
}

// Scroll positions of the list by history entry: Back to the list lands where it was left.
const scrollByEntry = new Map<string, number>();

function useScrollMemory(ready: boolean) {
  const { key } = useLocation();
  const navigationType = useNavigationType();
  useEffect(() => {
    const save = () => scrollByEntry.set(key, window.scrollY);
    window.addEventListener("scroll", save, { passive: true });
    return () => window.removeEventListener("scroll", save);
  }, [key]);
  const [restored, setRestored] = useState(false);
  useLayoutEffect(() => {
    if (!ready || restored) return;
    setRestored(true);
    const y = scrollByEntry.get(key);
    if (navigationType === "POP" && y !== undefined) window.scrollTo(0, y);
  }, [ready, restored, key, navigationType]);
}

export function MachinesPage() {
  const { query, page, set } = useMachineQuery();
  const navigate = useNavigate();
  const machines = useQuery({
    queryKey: ["machines", query],
    // The offset travels with its rows: while the next page loads, the previous page is still
    // shown (placeholderData), and the pager must name the rows on screen.
    queryFn: async () => ({ ...(await endpoints.machinePage(query)), offset: query.offset }),
    refetchInterval: POLL_MS,
    placeholderData: (previous) => previous,
  });
  const rows = machines.data?.machines ?? [];
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const listKey = JSON.stringify(query);
  useEffect(() => setSelected(new Set()), [listKey]); // a selection is of the rows on screen
  const selectedRows = rows.filter((m) => selected.has(m.system_id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const allSelected = rows.length > 0 && selectedRows.length === rows.length;
  const roving = useRovingTable<HTMLTableSectionElement>((row) => {
    const id = row.dataset.systemId;
    if (id) void navigate(`/machine/${encodeURIComponent(id)}`);
  });
  useScrollMemory(machines.data !== undefined);
  const total = machines.data?.total ?? 0;
  const shownOffset = machines.data?.offset ?? query.offset;
  const last = Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);
  const sortBy = (key: string) => set({ sort: query.sort === key ? `-${key}` : key, page: "" });
  const filtered = filterKeys.some((k) => query[k]);
  return (
    <>
      <PageHeader title="Machines" />
      <MachineFilters query={query} set={set} />
      <BulkPowerBar selected={selectedRows} onDone={() => setSelected(new Set())} />
      <ErrorMessage error={machines.error} title="Could not load machines:" />
      {machines.isPending && <Loading what="machines" />}
      {machines.data && (
        <div className="table-wrap">
          <p id="machines-keys" className="visually-hidden">
            One Tab stop: arrow keys move between rows and a row&apos;s checkbox, name and power
            buttons; Space selects the row; Enter on the checkbox opens the machine.
          </p>
          <table
            className="table table--cards"
            aria-label="Machines"
            aria-describedby="machines-keys"
            aria-busy={machines.isPlaceholderData}
          >
            <thead>
              <tr>
                <th scope="col" className="select-cell">
                  <input
                    type="checkbox"
                    aria-label="Select all machines on this page"
                    checked={allSelected}
                    ref={(el) => {
                      if (el) el.indeterminate = selectedRows.length > 0 && !allSelected;
                    }}
                    onChange={() =>
                      setSelected(allSelected ? new Set() : new Set(rows.map((m) => m.system_id)))
                    }
                  />
                </th>
                {sortable.map((c) => (
                  <SortHeader key={c.key} column={c} sort={query.sort} onSort={sortBy} />
                ))}
                <th scope="col">Power type</th>
                <th scope="col">Managing rack</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody ref={roving.ref} onKeyDown={roving.onKeyDown} onFocus={roving.onFocus}>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    {filtered ? "No machine matches." : "No machines yet."}
                  </td>
                </tr>
              )}
              {rows.map((m) => (
                <MachineRow
                  key={m.system_id}
                  machine={m}
                  selected={selected.has(m.system_id)}
                  onToggle={() => toggle(m.system_id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {machines.data && (
        <nav className="pager" aria-label="Pages">
          <span role="status">
            {total === 0 ? "0 machines" : `${shownOffset + 1}–${shownOffset + rows.length} of ${total}`}
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

function MachineRow(props: { machine: Machine; selected: boolean; onToggle: () => void }) {
  const { machine } = props;
  return (
    <tr
      data-testid={`machine-${machine.hostname}`}
      data-roving-row=""
      data-system-id={machine.system_id}
    >
      <td className="select-cell" data-label="Select">
        <input
          type="checkbox"
          aria-label={`Select ${machine.hostname}`}
          checked={props.selected}
          onChange={props.onToggle}
          data-roving-item=""
          data-row-select=""
        />
      </td>
      <th scope="row">
        <Link
          to={`/machine/${encodeURIComponent(machine.system_id)}`}
          data-roving-item=""
          {...paintMark("machine-name")}
        >
          {machine.hostname}
        </Link>
      </th>
      <td data-label="Status">{machine.status_name ?? "—"}</td>
      <td data-label="Power">
        <StatusBadge status={machine.power_state} />
      </td>
      <td data-label="Power type">{machine.power_type || "—"}</td>
      <td data-label="Managing rack">{machine.power_rack?.hostname ?? "—"}</td>
      <td data-label="Actions">
        <PowerButtons machine={machine} roving />
      </td>
    </tr>
  );
}
