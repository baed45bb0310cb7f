import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import * as endpoints from "../api/endpoints";
import { ErrorMessage, Loading, PageHeader } from "../components/common";
import { EventsTable } from "../components/EventsTable";
import { POLL_MS } from "../queryClient";

const levels = [
  { value: "AUDIT", label: "Audit: who did what" },
  { value: "DEBUG", label: "Debug and above" },
  { value: "INFO", label: "Info and above" },
  { value: "WARNING", label: "Warnings and above" },
  { value: "ERROR", label: "Errors and above" },
  { value: "CRITICAL", label: "Critical" },
];

/** `before` from a page's prev_uri: where the next older page starts. */
export function olderStart(prevUri: string | null): number | undefined {
  if (!prevUri) return undefined;
  const before = new URL(prevUri, "http://maas").searchParams.get("before");
  return before ? Number(before) : undefined;
}

/** The event log: newest first, filtered by level and node; filters and page live in the URL. */
export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const level = params.get("level") ?? "AUDIT";
  const hostname = params.get("hostname") ?? "";
  const before = params.get("before") ? Number(params.get("before")) : undefined;
  const page = useQuery({
    queryKey: ["events", level, hostname, before],
    queryFn: () => endpoints.events(level, before, hostname),
    // Only the newest page changes; older pages are history.
    refetchInterval: before === undefined ? POLL_MS : false,
  });
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  const older = olderStart(page.data?.prev_uri ?? null);
  return (
    <>
      <PageHeader title="Events" />
      <div className="filters" role="search">
        <label>
          Level{" "}
          <select value={level} onChange={(e) => set({ level: e.target.value, before: undefined })}>
            {levels.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Node{" "}
          <input
            type="search"
            placeholder="hostname"
            defaultValue={hostname}
            onKeyDown={(e) => {
              if (e.key === "Enter")
                set({ hostname: e.currentTarget.value.trim(), before: undefined });
            }}
          />
        </label>
      </div>
      <ErrorMessage error={page.error} title="Could not load events:" />
      {page.isPending && <Loading what="events" />}
      {page.data && <EventsTable label="Events" events={page.data.events} withNode />}
      <div className="button-row">
        <button
          type="button"
          className="button"
          aria-disabled={before === undefined}
          onClick={() => before !== undefined && set({ before: undefined })}
        >
          Newest
        </button>
        <button
          type="button"
          className="button"
          aria-disabled={older === undefined}
          onClick={() => older !== undefined && set({ before: String(older) })}
        >
          Older events
        </button>
      </div>
    </>
  );
}
