import { useSearchParams } from "react-router";

/**
 * A list page's state kept in the URL (so Back and reload keep it): the current parameters,
 * and a setter that changes some of them in place, dropping those set to "".
 */
export function useUrlParams(): [URLSearchParams, (changes: Record<string, string>) => void] {
  const [params, setParams] = useSearchParams();
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return [params, set];
}
