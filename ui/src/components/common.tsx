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

/** A coloured badge whose words say the same as its colour (the status, or "name: status"). */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  const text = label && label !== status ? `${label}: ${status}` : status;
  return (
    <span className={`badge badge--${statusClass[status] ?? "muted"}`} title={text}>
      {label ?? status}
      {label && label !== status && <span className="visually-hidden">: {status}</span>}
    </span>
  );
}

/** Copies text to the clipboard; falls back to selecting it when the clipboard is unavailable. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<"copied" | "select" | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  async function copy() {
    setDone((await copyText(text)) ? "copied" : "select");
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

/**
 * The Clipboard API exists only in secure contexts, and MAAS is often reached over plain HTTP:
 * there, copy through a selected off-screen text area, as browsers still allow on a click.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied: try the selection below.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "offscreen";
  document.body.appendChild(area);
  try {
    area.select();
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} | MAAS`;
  }, [title]);
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
