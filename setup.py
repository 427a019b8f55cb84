"""Only one thing pyproject.toml cannot say: a wheel carries the bundled data (ontology, catalogs, mapping
sets, queries) inside the package, as xwalk/bundled/, so `pip install xwalk` works in any directory."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA = ("crosswalks", "ontology", "queries")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout itself (xwalk.config.bundled_root)
        here = Path(__file__).resolve().parent
        for sub in DATA:
            target = Path(self.build_lib) / "xwalk" / "bundled" / sub
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(here / sub, target)


setup(cmdclass={"build_py": BuildWithData})
