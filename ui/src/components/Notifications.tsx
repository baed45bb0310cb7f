// The outcome of every action an operator takes (power, delete, DHCP), in one place on the
// page: successes fade after a while, failures stay until dismissed.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";

export type NotificationKind = "success" | "error";
interface Notification {
  id: number;
  kind: NotificationKind;
  text: string;
}

type Notify = (kind: NotificationKind, text: string) => void;
const NotifyContext = createContext<Notify>(() => undefined);

/** How long a success stays on screen; failures stay until dismissed. */
export const SUCCESS_VISIBLE_MS = 8000;
const MAX_SHOWN = 5;

export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Notification[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Set<number>());
  useEffect(() => () => timers.current.forEach((t) => window.clearTimeout(t)), []);

  const dismiss = useCallback((id: number) => setItems((list) => list.filter((n) => n.id !== id)), []);
  const notify = useCallback<Notify>(
    (kind, text) => {
      const id = nextId.current++;
      setItems((list) => [...list, { id, kind, text }].slice(-MAX_SHOWN));
      if (kind === "success") {
        const timer = window.setTimeout(() => {
          timers.current.delete(timer);
          dismiss(id);
        }, SUCCESS_VISIBLE_MS);
        timers.current.add(timer);
      }
    },
    [dismiss],
  );
  const value = useMemo(() => notify, [notify]);
  return (
    <NotifyContext.Provider value={value}>
      {children}
      <section className="notifications" aria-label="Notifications">
        {/* Live regions without a role: the page's own status and alert messages keep theirs. */}
        <div aria-live="polite">
          {items
            .filter((n) => n.kind === "success")
            .map((n) => (
              <Toast key={n.id} item={n} onDismiss={dismiss} />
            ))}
        </div>
        <div aria-live="assertive">
          {items
            .filter((n) => n.kind === "error")
            .map((n) => (
              <Toast key={n.id} item={n} onDismiss={dismiss} />
            ))}
        </div>
      </section>
    </NotifyContext.Provider>
  );
}

function Toast({ item, onDismiss }: { item: Notification; onDismiss: (id: number) => void }) {
  return (
    <div className={`toast toast--${item.kind}`} data-testid="notification">
      <span className="pre-line">
        {item.kind === "error" ? "Failed: " : "Done: "}
        {item.text}
      </span>
      <button
        type="button"
        className="button button--small"
        aria-label="Dismiss notification"
        onClick={() => onDismiss(item.id)}
      >
        ×
      </button>
    </div>
  );
}

export function useNotify(): Notify {
  return useContext(NotifyContext);
}
