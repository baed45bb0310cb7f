// Element Timing: the browser reports when a marked element is first painted (a
// PerformanceObserver of type "element" sees its identifier and renderTime). The long lists mark
// their rows' names, so the first paint of a list with rows can be measured in a real browser
// (bench/ui-scale) instead of guessed from when the data arrived.

/** Props that mark an element for Element Timing under `identifier`. */
export function paintMark(identifier: string): Record<string, string> {
  return { elementtiming: identifier };
}
