// One Tab stop for a whole table body (a roving tabindex): the focusable items of each row
// (marked data-roving-item, rows data-roving-row) get tabIndex -1 except the current one, and
// the arrow keys, Home and End move between them (lib/roving). Space toggles the row's
// checkbox (data-row-select) from any item but a button; Enter on the checkbox opens the row.
import { useCallback, useLayoutEffect, useRef } from "react";
import type { FocusEvent, KeyboardEvent } from "react";
import { clampPosition, moveInGrid } from "../lib/roving";
import type { GridPosition } from "../lib/roving";

function gridOf(body: HTMLElement | null): HTMLElement[][] {
  if (!body) return [];
  return [...body.querySelectorAll<HTMLElement>("[data-roving-row]")].map((row) => [
    ...row.querySelectorAll<HTMLElement>("[data-roving-item]"),
  ]);
}

function find(grid: HTMLElement[][], el: EventTarget | null): GridPosition | null {
  for (let row = 0; row < grid.length; row += 1) {
    const col = grid[row].indexOf(el as HTMLElement);
    if (col >= 0) return { row, col };
  }
  return null;
}

export function useRovingTable<T extends HTMLElement>(openRow: (row: HTMLElement) => void) {
  const ref = useRef<T>(null);
  const at = useRef<GridPosition>({ row: 0, col: 0 });

  const apply = useCallback(() => {
    const grid = gridOf(ref.current);
    at.current = clampPosition(at.current, grid.map((r) => r.length));
    grid.forEach((items, row) =>
      items.forEach((item, col) => {
        item.tabIndex = row === at.current.row && col === at.current.col ? 0 : -1;
      }),
    );
    return grid;
  }, []);

  // After every render: rows come and go with polls and pages.
  useLayoutEffect(() => {
    apply();
  });

  const onFocus = (e: FocusEvent<T>) => {
    const pos = find(gridOf(ref.current), e.target);
    if (pos && (pos.row !== at.current.row || pos.col !== at.current.col)) {
      at.current = pos; // a click or a focus moved by a component: Tab comes back here
      apply();
    }
  };

  const onKeyDown = (e: KeyboardEvent<T>) => {
    const grid = gridOf(ref.current);
    const pos = find(grid, e.target);
    if (!pos) return; // inside a confirmation or message: normal keys
    const target = e.target as HTMLElement;
    const rowEl = target.closest<HTMLElement>("[data-roving-row]");
    const checkbox = rowEl?.querySelector<HTMLInputElement>("[data-row-select]");
    if (e.key === " " && target.tagName !== "BUTTON" && target !== checkbox && checkbox) {
      e.preventDefault();
      checkbox.click();
      return;
    }
    if (e.key === "Enter" && target === checkbox && rowEl) {
      e.preventDefault();
      openRow(rowEl);
      return;
    }
    const next = moveInGrid(pos, e.key, e.ctrlKey, grid.map((r) => r.length));
    if (!next) return;
    e.preventDefault();
    at.current = next;
    apply();
    grid[next.row][next.col]?.focus();
  };

  return { ref, onFocus, onKeyDown };
}
