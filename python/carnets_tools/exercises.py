"""Generates course/solutions/NN-titre.md from the notebooks (the one source of exercises).

    python -m carnets_tools.exercises           # (re)writes the solutions pages
    python -m carnets_tools.exercises --check   # exit 1 if a page is missing or out of date

Each exercise cell of a notebook carries its solution in metadata.carnets.solution (see
carnets_tools.notebooks); the pages are generated from there, so they cannot drift.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .notebooks import NOTEBOOKS_DIR, SOLUTIONS_DIR, course_notebooks, solutions_markdown, solutions_path


def expected_pages(notebooks_dir: Path = NOTEBOOKS_DIR, out_dir: Path = SOLUTIONS_DIR) -> dict[Path, str]:
    pages = {solutions_path(p, out_dir): solutions_markdown(p) for p in course_notebooks(notebooks_dir)}
    index = ["# Solutions des exercices", "",
             "<!-- Fichier généré par `python -m carnets_tools.exercises` : ne pas modifier à la main. -->", "",
             "Une page par carnet. Chaque solution vient du carnet lui-même (métadonnées de la cellule "
             "d'exercice) et est vérifiée à chaque `./carnets test` : le carnet est exécuté avec les "
             "solutions à la place des exercices, et chaque vérification doit répondre ✔.", ""]
    for page in sorted(pages):
        index.append(f"- [{page.stem}]({page.name})")
    pages[out_dir / "README.md"] = "\n".join(index) + "\n"
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m carnets_tools.exercises",
                                     description="Génère les pages de solutions depuis les carnets.")
    parser.add_argument("--check", action="store_true", help="vérifie seulement que les pages sont à jour")
    args = parser.parse_args(argv)
    stale = []
    for path, text in expected_pages().items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        if args.check:
            stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"écrit : {path}")
    if stale:
        for p in stale:
            print(f"page de solutions absente ou périmée : {p}", file=sys.stderr)
        print("Régénérez-les : .venv/bin/python -m carnets_tools.exercises", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
