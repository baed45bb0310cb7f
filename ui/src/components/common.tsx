// Small building blocks shared by the pages.
import { useEffect, useRef, useState } from "react";
import type { ReactNode } from "react";
import { formatLastSeen } from "../lib/controllers";
import { errorText } from "../session";

/** An error as the API worded it, announced to screen readers. */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <div className="notice notice--error" role="alert">
      {title && <strong>{title} </strong>}
      <span className="pre-line">{errorText(error)}</span>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

const statusClass: Record<string, string> = {
  running: "ok",
  on: "ok",
  degraded: "warn",
  unknown: "muted",
  off: "muted",
  dead: "bad",
  error: "bad",
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return (
    <span className={`badge badge--${statusClass[status] ?? "muted"}`}>{label ?? status}</span>
  );
}

/** Copies text to the clipboard; falls back to selecting it when the clipboard is unavailable. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<"copied" | "select" | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setDone("copied");
    } catch {
      setDone("select");
    }
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setDone(null), 2000);
  }
  return (
    <button type="button" className="button button--small" onClick={copy} aria-label={label}>
      {done === "copied" ? "Copied" : done === "select" ? "Select and copy" : "Copy"}
      <span className="visually-hidden" aria-live="polite">
        {done === "copied" ? "Copied to clipboard" : ""}
      </span>
    </button>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children && <div className="page-header__actions">{children}</div>}
    </div>
  );
}

/** When the region last heard from a controller: relative, the exact UTC time on hover. */
export function LastSeen({ iso, now }: { iso: string | null | undefined; now: Date }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={iso}>
      {formatLastSeen(iso, now)}
    </time>
  );
}
