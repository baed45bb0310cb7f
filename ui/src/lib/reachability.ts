// Whether the region answers, from what the page's own requests saw: no extra probe traffic.

export interface Reachability {
  /** When the last request was answered (ms since the epoch), null before the first answer. */
  lastAnsweredAt: number | null;
  /** Set while the latest requests went unanswered: since when. */
  unreachableSince: number | null;
}

/** An answer, when it came; or a request that got none, with when it was sent. */
export type ReachabilityEvent =
  | { kind: "answered"; at: number }
  | { kind: "unanswered"; sentAt: number; at: number };

export const initialReachability: Reachability = { lastAnsweredAt: null, unreachableSince: null };

export function nextReachability(state: Reachability, event: ReachabilityEvent): Reachability {
  if (event.kind === "answered") {
    const lastAnsweredAt = Math.max(state.lastAnsweredAt ?? 0, event.at);
    return { lastAnsweredAt, unreachableSince: null };
  }
  // An answer that arrived after this request was sent wins: one slow request that times out
  // while others are answered does not make the region look down.
  if (state.lastAnsweredAt !== null && state.lastAnsweredAt > event.sentAt) return state;
  return { ...state, unreachableSince: state.unreachableSince ?? event.at };
}

/** "14:03:07 UTC": a clock time with its zone, as every time on the page is shown. */
export function clockTime(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
    timeZone,
    timeZoneName: "short",
  }).format(new Date(ms));
}
