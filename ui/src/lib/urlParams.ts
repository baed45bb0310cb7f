import { useLayoutEffect, useRef } from "react";
import { useSearchParams } from "react-router";

/**
 * A list page's state kept in the URL (so Back and reload keep it): the current parameters,
 * and a setter that changes some of them in place, dropping those set to "".
 *
 * The router re-renders in a transition, so a second change can come before the page has
 * re-rendered with the first: each change starts from the last one written, not from the
 * parameters of the render whose handler calls it, or the first change would be undone.
 */
export function useUrlParams(): [URLSearchParams, (changes: Record<string, string>) => void] {
  const [params, setParams] = useSearchParams();
  const latest = useRef(params);
  useLayoutEffect(() => {
    latest.current = params; // a navigation made elsewhere (a link, Back)
  }, [params]);
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(latest.current);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    latest.current = next;
    setParams(next, { replace: true });
  };
  return [params, set];
}
