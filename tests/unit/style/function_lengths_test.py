#!/usr/bin/env python3
"""The function-length checker counts what a reader sees as one function, and nothing else."""
import pathlib
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import function_lengths  # noqa: E402


def lengths(source: str, limit: int = 3):
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "probe.cpp"
        path.write_text(source)
        return list(function_lengths.long_functions(path, limit))


class FunctionLengths(unittest.TestCase):
    def test_a_long_function_is_reported_from_its_signature(self):
        self.assertEqual(lengths("int f(int a,\n      int b) {\n    a++;\n    return a + b;\n}\n"),
                         [(1, 5)])

    def test_a_function_at_the_limit_passes(self):
        self.assertEqual(lengths("int f() {\n    return 1;\n}\n"), [])

    def test_member_functions_in_classes_and_namespaces(self):
        source = "namespace n {\nstruct S {\n    void g() {\n        a();\n        b();\n    }\n};\n}\n"
        self.assertEqual(lengths(source), [(3, 4)])

    def test_lambdas_and_blocks_count_toward_their_function(self):
        source = "void f() {\n    auto l = [] {\n        if (x) {\n        }\n    };\n}\n"
        self.assertEqual(lengths(source, limit=5), [(1, 6)])

    def test_braces_in_literals_and_comments_do_not_count(self):
        source = ('void f() {\n    auto s = "}}}";\n    auto r = R"x({"a": })x";\n'
                  "    // }\n    char c = '}';\n}\n")
        self.assertEqual(lengths(source, limit=6), [])
        self.assertEqual(lengths(source, limit=5), [(1, 6)])

    def test_data_and_control_blocks_are_not_functions(self):
        source = ("const int table[] = {\n    1,\n    2,\n    3,\n};\n"
                  "enum class E {\n    a,\n    b,\n    c,\n};\n")
        self.assertEqual(lengths(source, limit=2), [])


if __name__ == "__main__":
    unittest.main()
