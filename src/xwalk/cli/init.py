"""`xwalk init DIR`: scaffold a user's own crosswalk project that extends the bundled data (docs/projects.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

TOML = """\
# An xwalk project: your own mapping sets (and catalogs, obligations) on top of the bundled data.
# xwalk finds this file from the current directory upwards; `xwalk --version` says what it uses.
# Your files go in crosswalks/mappings/*.sssom.tsv, crosswalks/frameworks/*.yaml and
# crosswalks/obligations/*.yaml; the documents your mappings cite in crosswalks/sources.yaml.
# A file may not have the name of a bundled one: a project extends the bundled data, never replaces it.
[project]
name = "{name}"
extends = "bundled"
"""

SOURCES = """\
# The documents your mappings cite: a mapping's `source` column names one of these ids
# (the bundled ids, such as xwalk-curation, can be cited too).
- id: {name}-curation
  title: {name} curators' analysis of the official texts
  publisher: {name}
  url: https://example.org/{name}
  licence: https://creativecommons.org/licenses/by/4.0/
  note: Mappings curated by reading the official texts; each row carries its rationale in the comment column.
"""

GITIGNORE = "dist/\n.xwalk/\n"


def run(args: argparse.Namespace) -> int:
    from xwalk.errors import InputError

    target: Path = args.dir
    name = args.name or target.resolve().name
    if (target / "xwalk.toml").exists():
        raise InputError(f"{target / 'xwalk.toml'} exists already: {target} is a project.")
    (target / "crosswalks" / "mappings").mkdir(parents=True, exist_ok=True)
    (target / "crosswalks" / "frameworks").mkdir(exist_ok=True)
    (target / "xwalk.toml").write_text(TOML.format(name=name), encoding="utf-8")
    (target / "crosswalks" / "sources.yaml").write_text(SOURCES.format(name=name), encoding="utf-8")
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    print(f"created the xwalk project {name} in {target}:")
    created = ("xwalk.toml", ".gitignore", "crosswalks/sources.yaml", "crosswalks/mappings/", "crosswalks/frameworks/")
    for rel in created:
        print(f"  {rel}")
    print("next: add a mapping set to crosswalks/mappings/, then `xwalk check`, `xwalk build`, `xwalk serve`.")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "init",
        help="create your own crosswalk project that extends the bundled data",
        description="Create DIR with xwalk.toml, crosswalks/sources.yaml and folders for your own mapping sets "
        "and catalogs. Inside DIR every xwalk command uses the bundled data plus yours (docs/projects.md).",
    )
    p.add_argument("dir", type=Path, metavar="DIR")
    p.add_argument("--name", help="the project's name (default: the directory's name); ids use it")
    p.set_defaults(func=run)
