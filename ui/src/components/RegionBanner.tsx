// "Region unreachable — data as of …": shown while the page's own requests go unanswered, so a
// frozen region or a failover never passes for a healthy one.
import { useEffect, useReducer } from "react";
import { setExchangeListener } from "../api/http";
import { clockTime, initialReachability, nextReachability } from "../lib/reachability";

export function RegionBanner() {
  const [state, dispatch] = useReducer(nextReachability, initialReachability);
  useEffect(() => {
    setExchangeListener(({ answered, sentAt, at }) =>
      dispatch(answered ? { kind: "answered", at } : { kind: "unanswered", sentAt, at }),
    );
    return () => setExchangeListener(null);
  }, []);
  if (state.unreachableSince === null) return null;
  return (
    <div className="banner banner--bad" role="alert">
      <strong>Region unreachable</strong>
      {" — "}
      {state.lastAnsweredAt !== null
        ? `data as of ${clockTime(state.lastAnsweredAt)}. `
        : "no data yet. "}
      Retrying on its own.
    </div>
  );
}
