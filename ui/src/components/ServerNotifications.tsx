// The region's notifications for this user (GET notifications/, polled like every page):
// a dead rack, controllers of different versions, a VLAN whose DHCP nobody serves, and
// whatever an admin posted. Each can be dismissed for this user only.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as endpoints from "../api/endpoints";
import { errorText } from "../session";
import type { ServerNotification } from "../api/types";
import { categoryLabel, renderMessage, sortNotifications } from "../lib/notifications";
import { POLL_MS } from "../queryClient";

const badge: Record<ServerNotification["category"], string> = {
  error: "bad",
  warning: "warn",
  info: "muted",
  success: "ok",
};

const tone: Record<ServerNotification["category"], string> = {
  error: "error",
  warning: "warn",
  info: "ok",
  success: "ok",
};

export function ServerNotifications() {
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ["notifications"],
    queryFn: endpoints.notifications,
    refetchInterval: POLL_MS,
  });
  const dismiss = useMutation({
    mutationFn: (id: number) => endpoints.dismissNotification(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["notifications"] }),
  });
  // A failed poll is the region banner's to report; this area just keeps what it had.
  const items = sortNotifications(list.data ?? []);
  if (items.length === 0) return null;
  return (
    <section aria-label="Notifications from the region">
      <ul className="server-notifications">
        {items.map((n) => {
          const text = renderMessage(n.message, n.context);
          return (
            <li key={n.id} className={`notice notice--${tone[n.category]}`} data-testid="server-notification">
              <span className={`badge badge--${badge[n.category]}`}>{categoryLabel(n.category)}</span>
              <p className="pre-line" id={`server-notification-${n.id}`}>
                {text}
              </p>
              {n.dismissable && (
                // Named "Dismiss" and described by its message: a label holding the message
                // would make the message's words a name other controls are found by.
                <button
                  type="button"
                  className="button button--small"
                  aria-describedby={`server-notification-${n.id}`}
                  aria-disabled={dismiss.isPending && dismiss.variables === n.id}
                  onClick={() => {
                    if (!dismiss.isPending) dismiss.mutate(n.id);
                  }}
                >
                  Dismiss
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {dismiss.isError && (
        <p className="notice notice--error" role="alert">
          Could not dismiss: {errorText(dismiss.error)}
        </p>
      )}
    </section>
  );
}
