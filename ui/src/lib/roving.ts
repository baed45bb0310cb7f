// Keyboard movement inside a table with one Tab stop (a roving tabindex): arrows move between
// the focusable items of a row and between rows, Home/End within a row, Ctrl+Home/End to the
// first or last row. Pure: the component maps positions to elements.

export interface GridPosition {
  row: number;
  col: number;
}

/** Where a key moves the focus, or null when the key is not a movement. */
export function moveInGrid(
  at: GridPosition,
  key: string,
  ctrl: boolean,
  rowLengths: number[],
): GridPosition | null {
  const rows = rowLengths.length;
  if (rows === 0) return null;
  const lastCol = (row: number) => Math.max(0, rowLengths[row] - 1);
  const clampCol = (row: number, col: number) => Math.min(col, lastCol(row));
  const row = Math.min(Math.max(at.row, 0), rows - 1);
  switch (key) {
    case "ArrowDown":
      return { row: Math.min(row + 1, rows - 1), col: clampCol(Math.min(row + 1, rows - 1), at.col) };
    case "ArrowUp":
      return { row: Math.max(row - 1, 0), col: clampCol(Math.max(row - 1, 0), at.col) };
    case "ArrowRight":
      return { row, col: Math.min(at.col + 1, lastCol(row)) };
    case "ArrowLeft":
      return { row, col: Math.max(at.col - 1, 0) };
    case "Home":
      return ctrl ? { row: 0, col: clampCol(0, at.col) } : { row, col: 0 };
    case "End":
      return ctrl ? { row: rows - 1, col: clampCol(rows - 1, at.col) } : { row, col: lastCol(row) };
    default:
      return null;
  }
}

/** The position kept after the rows change (a poll, a new page): inside the grid. */
export function clampPosition(at: GridPosition, rowLengths: number[]): GridPosition {
  if (rowLengths.length === 0) return { row: 0, col: 0 };
  const row = Math.min(Math.max(at.row, 0), rowLengths.length - 1);
  return { row, col: Math.min(Math.max(at.col, 0), Math.max(0, rowLengths[row] - 1)) };
}
