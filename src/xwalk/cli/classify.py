"""`xwalk classify FILE` and `xwalk validate FILE`: an organisation profile's AI Act classes, and
its conformance findings (exit 1 on a violation)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xwalk.engine.context import Graph
    from xwalk.model.profile import Profile


def _graph(args: argparse.Namespace) -> Graph:
    from xwalk.cli import settings_from
    from xwalk.engine.context import Graph
    from xwalk.store.factory import open_store
    from xwalk.store.oxigraph import OxigraphStore

    settings = settings_from(args)
    return Graph(open_store(settings), settings.queries_dir, scratch=OxigraphStore)


def _profile(path: Path) -> Profile:
    from xwalk.cli.engine import read_profile_file

    return read_profile_file(path, strict=False)


def _where(path: Path, exc: Exception) -> Exception:
    from xwalk.errors import InvalidProfile

    assert isinstance(exc, InvalidProfile)
    where = InvalidProfile([(f"{path}#{e['pointer']}", str(e["message"])) for e in exc.errors])
    where.detail = f"{path} is not a valid profile:\n  " + "\n  ".join(
        f"{e['pointer'] or '/'}: {e['message']}" for e in exc.errors
    )
    return where


def _run(args: argparse.Namespace, check: Callable[[Graph, Profile], Any]) -> Any:
    """`check` (classify or conformance) on the profile file, printed in the format asked for."""
    from xwalk.engine.orgreport import render
    from xwalk.errors import InvalidProfile

    path = Path(args.profile)
    profile = _profile(path)
    try:
        result = check(_graph(args), profile)
    except InvalidProfile as exc:
        raise _where(path, exc) from None
    sys.stdout.write(render(result, args.format))
    return result


def run_classify(args: argparse.Namespace) -> int:
    from xwalk.engine.classify import classify

    _run(args, classify)
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from xwalk.engine.conformance import conformance

    report = _run(args, conformance)
    return 1 if report.counts.get("violation") else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    c = sub.add_parser("classify", help="AI Act risk classes of a profile's AI systems, from their facts")
    c.add_argument("profile", help="profile file (docs/profile.md): JSON, .ttl or .jsonld")
    c.add_argument("--format", choices=["json", "md"], default="md")
    c.set_defaults(func=run_classify)
    v = sub.add_parser("validate", help="SHACL conformance findings for a profile (exit 1 on a violation)")
    v.add_argument("profile", help="profile file (docs/profile.md): JSON, .ttl or .jsonld")
    v.add_argument("--format", choices=["json", "md"], default="md")
    v.set_defaults(func=run_validate)
