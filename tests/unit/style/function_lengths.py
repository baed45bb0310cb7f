#!/usr/bin/env python3
"""Lists C++ functions longer than a limit (default 100 lines, signature to closing brace).

Usage: function_lengths.py [--limit N] ROOT...   Exits 1 when any function is over the limit.

A function is a brace block that opens in namespace or class scope after a parameter list;
lambdas and local blocks count toward the function that holds them. Comments, string and
character literals (raw strings too) are blanked first, so braces inside them do not count.
"""
import argparse
import pathlib
import re
import sys

SOURCE_SUFFIXES = {".cpp", ".cc", ".h", ".hpp"}
SKIPPED_DIRS = {"build", "node_modules", ".git"}
NOT_FUNCTIONS = re.compile(r"^\s*(namespace|class|struct|union|enum|extern)\b|=\s*$|\b(if|for|while|switch|catch)\s*\(")


def blank_literals(text: str) -> str:
    """Comments and literals become spaces (newlines kept, so line numbers stay)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "R" and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            open_paren = text.find("(", i)
            delimiter = text[i + 2:open_paren]
            end = text.find(")" + delimiter + '"', open_paren)
            j = n if end < 0 else end + len(delimiter) + 2
            out.append('""' + re.sub(r"[^\n]", " ", text[i + 2:j]))
            i = j
        elif c in "\"'":
            if c == "'" and i > 0 and text[i - 1].isalnum():  # digit separator: 1'000
                out.append(c)
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (min(j, n) - i - 1) + (c if j < n else ""))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def long_functions(path: pathlib.Path, limit: int):
    text = blank_literals(path.read_text(errors="replace"))
    # Each open brace: (is a function body, line of its signature).
    stack = []
    statement_start = 0  # offset just after the last ; { or } (where a signature can begin)
    for pos, c in enumerate(text):
        if c == "{":
            head = text[statement_start:pos]
            in_function = any(is_function for is_function, _ in stack)
            head_stripped = re.sub(r"#[^\n]*", "", head).strip()
            is_function = (not in_function and ")" in head_stripped
                           and not NOT_FUNCTIONS.search(head_stripped))
            first = statement_start + (len(head) - len(head.lstrip()))
            stack.append((is_function, text.count("\n", 0, first) + 1))
            statement_start = pos + 1
        elif c == "}":
            if stack:
                is_function, start_line = stack.pop()
                end_line = text.count("\n", 0, pos) + 1
                if is_function and end_line - start_line + 1 > limit:
                    yield start_line, end_line - start_line + 1
            statement_start = pos + 1
        elif c == ";":
            statement_start = pos + 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("roots", nargs="+", type=pathlib.Path)
    args = parser.parse_args()
    found = 0
    for root in args.roots:
        for path in sorted(root.rglob("*")):
            if path.suffix not in SOURCE_SUFFIXES or SKIPPED_DIRS & set(path.parts):
                continue
            for line, length in long_functions(path, args.limit):
                print(f"{path}:{line}: function of {length} lines (limit {args.limit})")
                found += 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
