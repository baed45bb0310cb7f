import { describe, expect, it } from "vitest";
import { clampPosition, moveInGrid } from "./roving";

describe("roving grid movement", () => {
  const rows = [5, 5, 3];
  it("moves by arrows and stops at the edges", () => {
    expect(moveInGrid({ row: 0, col: 0 }, "ArrowDown", false, rows)).toEqual({ row: 1, col: 0 });
    expect(moveInGrid({ row: 2, col: 0 }, "ArrowDown", false, rows)).toEqual({ row: 2, col: 0 });
    expect(moveInGrid({ row: 0, col: 0 }, "ArrowUp", false, rows)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid({ row: 0, col: 4 }, "ArrowRight", false, rows)).toEqual({ row: 0, col: 4 });
    expect(moveInGrid({ row: 0, col: 0 }, "ArrowLeft", false, rows)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid({ row: 1, col: 2 }, "ArrowRight", false, rows)).toEqual({ row: 1, col: 3 });
  });
  it("keeps the column when it can, else the row's last item", () => {
    expect(moveInGrid({ row: 1, col: 4 }, "ArrowDown", false, rows)).toEqual({ row: 2, col: 2 });
  });
  it("Home and End within the row, with Ctrl to the first and last row", () => {
    expect(moveInGrid({ row: 1, col: 3 }, "Home", false, rows)).toEqual({ row: 1, col: 0 });
    expect(moveInGrid({ row: 1, col: 1 }, "End", false, rows)).toEqual({ row: 1, col: 4 });
    expect(moveInGrid({ row: 1, col: 1 }, "Home", true, rows)).toEqual({ row: 0, col: 1 });
    expect(moveInGrid({ row: 0, col: 4 }, "End", true, rows)).toEqual({ row: 2, col: 2 });
  });
  it("ignores other keys and empty grids", () => {
    expect(moveInGrid({ row: 0, col: 0 }, "Enter", false, rows)).toBeNull();
    expect(moveInGrid({ row: 0, col: 0 }, "ArrowDown", false, [])).toBeNull();
  });
  it("clamps a position into rows that changed", () => {
    expect(clampPosition({ row: 7, col: 4 }, rows)).toEqual({ row: 2, col: 2 });
    expect(clampPosition({ row: 3, col: 1 }, [])).toEqual({ row: 0, col: 0 });
  });
});
