"""Measures a click checkout for bench/no-harm.mjs and prints JSON.

`docs ROOT`: the docstring of every function and class under ROOT/src and ROOT/examples, keyed
by `path::Qualified.name` (`#2` and on for a name defined twice), and whether it is decorated
with `command` or `group` (click uses such a function's docstring as its --help text).
`help FOLDER`: the --help output of the scripts an example's FOLDER/pyproject.toml declares, and of
each of their subcommands, through click's CliRunner (no shell, no install).
"""

import ast
import importlib
import json
import os
import sys


def is_command(node):
    for decorator in node.decorator_list:
        f = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
        if name in ("command", "group"):
            return True
    return False


def collect_docs(node, rel, prefix, out):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            key, n = f"{rel}::{prefix}{child.name}", 1
            while key in out:
                n += 1
                key = f"{rel}::{prefix}{child.name}#{n}"
            doc = ast.get_docstring(child, clean=False)
            out[key] = {"doc": doc, "command": is_command(child)}
            collect_docs(child, rel, f"{prefix}{child.name}.", out)
        else:
            collect_docs(child, rel, prefix, out)


def print_docs(root):
    out, broken = {}, []
    for base in ("src", "examples"):
        for folder, dirs, files in os.walk(os.path.join(root, base)):
            dirs.sort()
            for name in sorted(f for f in files if f.endswith(".py")):
                rel = os.path.relpath(os.path.join(folder, name), root)
                try:
                    with open(os.path.join(root, rel), encoding="utf-8") as f:
                        collect_docs(ast.parse(f.read()), rel, "", out)
                except SyntaxError as error:
                    broken.append(f"{rel}: {error}")
    print(json.dumps({"docs": out, "broken": broken}))


def print_helps(folder):
    import tomllib

    import click
    from click.testing import CliRunner

    with open(os.path.join(folder, "pyproject.toml"), "rb") as f:
        scripts = tomllib.load(f)["project"].get("scripts", {})
    sys.path.insert(0, folder)
    out, runner = {}, CliRunner()
    for prog, target in sorted(scripts.items()):
        module, _, attr = target.partition(":")
        try:
            top = getattr(importlib.import_module(module), attr)
        except Exception as error:
            out[prog] = f"import failed: {type(error).__name__}: {error}"
            continue

        def visit(words, command):
            result = runner.invoke(top, [*words, "--help"], prog_name=prog)
            crash = result.exception
            crashed = "" if crash is None or isinstance(crash, SystemExit) else repr(crash)
            out[" ".join([prog, *words])] = f"{result.output}[exit {result.exit_code}] {crashed}"
            if isinstance(command, click.Group) and len(words) < 3:
                ctx = click.Context(command, info_name=prog)
                for name in command.list_commands(ctx):
                    sub = command.get_command(ctx, name)
                    if sub is not None:
                        visit([*words, name], sub)

        visit([], top)
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "docs":
        print_docs(sys.argv[2])
    else:
        print_helps(sys.argv[2])
