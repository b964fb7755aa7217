"""Builds the static HTML site of the course (`./carnets site`), readable offline.

    python -m carnets_tools.site_builder [--executed build/notebooks] [--output build/site]

* one page per course notebook, from its executed copy (build/notebooks/NN-*.ipynb, written by
  `./carnets run` or `./carnets test`); a notebook not executed yet is shown without outputs, with
  a notice; converted by nbconvert's HTML exporter with the template in site_template/carnets:
  JupyterLab's, without the scripts it loads from CDNs (require.js, MathJax, mermaid, widgets);
  images are embedded (data: URLs) by the notebook format itself;
* the widgets a notebook's run left (their state, saved by nbclient in metadata.widgets) drawn by
  the site's own renderer, static/carnets-widgets-embed.js, built from python/carnets_widgets
  (committed, see its README) and copied here; each widget's text stays for a page read without
  scripts;
* one page per course/*.md and course/solutions/*.md, converted with mistune (shipped with nbconvert);
* a navigation bar on every page (Sommaire, previous and next chapter) and an index page.

Nothing on the pages is fetched from the network: no external script, stylesheet or image.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
from pathlib import Path

import nbformat

from . import notebooks as nbs
from .commands.site import add_arguments

REPO_ROOT = nbs.REPO_ROOT
COURSE_DIR = REPO_ROOT / "course"
TEMPLATE_DIR = Path(__file__).resolve().parent / "site_template"
#: The widget renderer (python/carnets_widgets/site, built by `npm run build:site`), copied to static/.
WIDGETS_BUILT = nbs.REPO_ROOT / "python" / "carnets_widgets" / "site"
WIDGETS_JS, WIDGETS_CSS = "static/carnets-widgets-embed.js", "static/carnets-widgets-embed.css"
SITE_TITLE = "Carnets — le deep learning en Java, en français"

#: course/*.md pages in the order of the index, with their titles (other .md pages follow).
COURSE_PAGES = [
    ("syllabus.md", "Plan du cours"),
    ("magies.md", "La carte des magies"),
    ("sources.md", "Les sources du cours"),
    ("parcours-autonome.md", "Parcours en autonomie"),
    ("guide-formateur.md", "Guide du formateur"),
    ("erreurs-frequentes.md", "Les dix erreurs les plus fréquentes"),
    ("glossaire.md", "Glossaire français–anglais"),
]

CSS = """
.carnets-nav { font-family: system-ui, sans-serif; font-size: 15px; display: flex; gap: 1em;
  justify-content: space-between; align-items: center; padding: 8px 16px; margin: 0 0 12px 0;
  background: #eef3f8; border-bottom: 1px solid #c9d6e3; }
.carnets-nav a { color: #1f4e79; text-decoration: none; }
.carnets-nav a:hover { text-decoration: underline; }
.carnets-nav .vide { color: #999; }
.carnets-notice { font-family: system-ui, sans-serif; margin: 8px 16px; padding: 8px 12px;
  border-left: 4px solid #d9822b; background: #fdf3e7; }
.carnets-page { font-family: system-ui, sans-serif; max-width: 900px; margin: 0 auto 40px auto;
  padding: 0 16px; line-height: 1.5; }
.carnets-page pre { background: #f5f5f5; padding: 8px; overflow-x: auto; }
.carnets-page code { background: #f5f5f5; padding: 0 3px; }
.carnets-page table { border-collapse: collapse; }
.carnets-page th, .carnets-page td { border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; }
.jupyter-widgets { font-family: var(--jp-ui-font-family, system-ui, sans-serif); }
.carnets-page blockquote { border-left: 4px solid #c9d6e3; margin-left: 0; padding-left: 12px; color: #333; }
"""


# ------------------------------------------------------------------------------------------------
# Pages
# ------------------------------------------------------------------------------------------------


class Page:
    def __init__(self, kind: str, source: Path, href: str, title: str, executed: bool = True):
        self.kind, self.source, self.href, self.title, self.executed = kind, source, href, title, executed


def notebook_pages(executed_dir: Path, notebooks_dir: Path) -> list[Page]:
    pages = []
    for path in nbs.course_notebooks(notebooks_dir):
        executed = executed_dir / path.name
        source = executed if executed.is_file() else path
        nb = nbformat.read(source, as_version=4)
        m = nbs.meta(nb)
        title = f"{m.get('chapter', path.name[:2])} — {m.get('title', path.stem)}"
        pages.append(Page("notebook", source, path.stem + ".html", title, executed=executed.is_file()))
    return pages


def markdown_pages(course_dir: Path) -> list[Page]:
    pages = []
    known = dict(COURSE_PAGES)
    if course_dir.is_dir():
        names = [n for n, _ in COURSE_PAGES if (course_dir / n).is_file()]
        names += sorted(p.name for p in course_dir.glob("*.md") if p.name not in known)
        for name in names:
            path = course_dir / name
            href = "accueil-cours.html" if name == "README.md" else Path(name).stem + ".html"
            pages.append(Page("course", path, href, known.get(name) or first_heading(path) or path.stem))
        solutions = course_dir / "solutions"
        for path in sorted(solutions.glob("*.md")) if solutions.is_dir() else []:
            href = "solutions/" + ("index.html" if path.name == "README.md" else path.stem + ".html")
            pages.append(Page("solutions", path, href, first_heading(path) or path.stem))
    return pages


def first_heading(path: Path) -> str | None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


# ------------------------------------------------------------------------------------------------
# HTML
# ------------------------------------------------------------------------------------------------


def relative(href: str, from_href: str) -> str:
    depth = from_href.count("/")
    return "../" * depth + href


#: Course pages linked from every page's navigation bar when they exist: (href, label).
NAV_PAGES = [("syllabus.html", "Plan du cours"), ("magies.html", "Magies"), ("sources.html", "Sources")]


def nav_html(page: Page, chapters: list[Page], present: set[str] | None = None) -> str:
    """The navigation bar of a page; `present` holds the hrefs of the site's pages (all NAV_PAGES
    are linked when it is None)."""
    def link(target: Page | None, label: str) -> str:
        if target is None:
            return f'<span class="vide">{html.escape(label)}</span>'
        return f'<a href="{relative(target.href, page.href)}">{html.escape(label)}</a>'

    prev_page = next_page = None
    if page in chapters:
        i = chapters.index(page)
        prev_page = chapters[i - 1] if i > 0 else None
        next_page = chapters[i + 1] if i + 1 < len(chapters) else None
    prev_label = f"← {prev_page.title}" if prev_page else "← (début)"
    next_label = f"{next_page.title} →" if next_page else "(fin) →"
    return (
        '<nav class="carnets-nav">'
        f"<span>{link(prev_page, prev_label)}</span>"
        f'<span><a href="{relative("index.html", page.href)}">Sommaire</a>'
        + "".join(f' · <a href="{relative(href, page.href)}">{html.escape(label)}</a>'
                  for href, label in NAV_PAGES if present is None or href in present)
        + "</span>"
        f"<span>{link(next_page, next_label)}</span>"
        "</nav>"
    )


def inject(document: str, top: str, bottom: str = "", head: str = "") -> str:
    if head:
        document = document.replace("</head>", head + "</head>", 1)
    m = re.search(r"<body[^>]*>", document)
    if m:
        document = document[: m.end()] + top + document[m.end():]
    else:
        document = top + document
    if bottom:
        i = document.rfind("</body>")
        document = document[:i] + bottom + document[i:] if i >= 0 else document + bottom
    return document


def html_exporter():
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="carnets", extra_template_basedirs=[str(TEMPLATE_DIR)])
    exporter.exclude_anchor_links = True
    return exporter


def convert_notebook(page: Page, exporter, widgets: bool = False) -> str:
    """The page of a notebook; `widgets`: the site has its widget renderer (static/), which the page then loads."""
    nb = nbformat.read(page.source, as_version=4)
    nb.metadata["title"] = page.title
    resources = {"metadata": {"name": page.title}}
    if widgets:
        resources.update(carnets_widgets_js=WIDGETS_JS, carnets_widgets_css=WIDGETS_CSS)
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    # A notebook's links to course pages (../course/x.md) and to other notebooks become site pages.
    body = re.sub(r'href="(?:\.\./)?course/([^":#]+)\.md(#[^"]*)?"', _md_href, body)
    body = re.sub(r'href="(?:\.\./notebooks/|\./)?(\d\d-[a-z0-9-]+)\.ipynb(#[^"]*)?"', r'href="\1.html\2"', body)
    return body


def markdown_to_html(text: str) -> str:
    import mistune

    md = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])
    out = md(text)
    # Links between course pages: .md -> .html; the notebooks -> their pages.
    out = re.sub(r'href="([^":#]+)\.md(#[^"]*)?"', _md_href, out)
    out = re.sub(r'href="(?:\.\./)*notebooks/(\d\d-[a-z0-9-]+)\.ipynb"', r'href="\1.html"', out)
    return out


def standalone(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def index_html(chapters: list[Page], others: list[Page]) -> str:
    items = []
    for p in chapters:
        note = "" if p.executed else " <em>(pas encore exécuté : lancez ./carnets run)</em>"
        items.append(f'<li><a href="{p.href}">{html.escape(p.title)}</a>{note}</li>')
    course = [f'<li><a href="{p.href}">{html.escape(p.title)}</a></li>' for p in others if p.kind == "course"]
    sol = [p for p in others if p.kind == "solutions"]
    sol_index = next((p for p in sol if p.href.endswith("index.html")), None)
    sol_items = [f'<li><a href="{p.href}">{html.escape(p.title)}</a></li>' for p in sol if p is not sol_index]
    body = [
        '<nav class="carnets-nav"><span></span><span>Sommaire</span><span></span></nav>',
        '<main class="carnets-page">',
        f"<h1>{html.escape(SITE_TITLE)}</h1>",
        "<p>Le cours en carnets Jupyter, exécutés, à lire hors ligne. Pour exécuter et modifier le code : "
        "<code>./carnets lab</code> à la racine du dépôt.</p>",
        "<h2>Chapitres</h2>",
        "<ol start=\"0\">" + "".join(items) + "</ol>" if items else "<p>Aucun carnet.</p>",
    ]
    if course:
        body += ["<h2>Autour du cours</h2>", "<ul>" + "".join(course) + "</ul>"]
    if sol_items:
        body += ["<h2>Solutions des exercices</h2>", "<ul>" + "".join(sol_items) + "</ul>"]
    body.append("</main>")
    return standalone(SITE_TITLE, "\n".join(body))


# ------------------------------------------------------------------------------------------------
# Build
# ------------------------------------------------------------------------------------------------


def build_site(executed_dir: Path, out_dir: Path, notebooks_dir: Path = nbs.NOTEBOOKS_DIR,
               course_dir: Path = COURSE_DIR) -> list[Path]:
    """Writes the site into out_dir (emptied first); returns the files written."""
    chapters = notebook_pages(executed_dir, notebooks_dir)
    others = markdown_pages(course_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    written = []

    def write(href: str, text: str):
        target = out_dir / href
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)

    widgets = (WIDGETS_BUILT / Path(WIDGETS_JS).name).is_file()
    if widgets:
        static = out_dir / Path(WIDGETS_JS).parent
        shutil.copytree(WIDGETS_BUILT, static)
        written += sorted(p for p in static.rglob("*") if p.is_file())
    present = {p.href for p in chapters + others}
    exporter = html_exporter() if chapters else None
    for page in chapters:
        document = convert_notebook(page, exporter, widgets)
        nav = nav_html(page, chapters, present)
        notice = "" if page.executed else (
            '<div class="carnets-notice">Ce carnet n\'a pas encore été exécuté : ses résultats n\'apparaissent '
            "pas. Lancez <code>./carnets run</code> puis <code>./carnets site</code>.</div>")
        write(page.href, inject(document, nav + notice, nav, head=f"<style>{CSS}</style>"))
    for page in others:
        body = markdown_to_html(page.source.read_text(encoding="utf-8"))
        nav = nav_html(page, chapters, present)
        write(page.href, standalone(page.title, f'{nav}\n<main class="carnets-page">\n{body}\n</main>\n{nav}'))
    write("index.html", index_html(chapters, others))
    return written


EXTERNAL = re.compile(
    r"<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|@import\s+(?:url\()?[\"']?(?:https?:)?//",
    re.IGNORECASE,
)


def external_references(directory: Path) -> list[str]:
    """Places where a page would fetch something from the network (script, stylesheet, image)."""
    found = []
    for path in sorted(directory.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for m in EXTERNAL.finditer(text):
            found.append(f"{path.relative_to(directory)} : {text[m.start():m.start() + 120]!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./carnets site", description="Construit le site HTML du cours.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    written = build_site(args.executed, args.output)
    missing = [p for p in notebook_pages(args.executed, nbs.NOTEBOOKS_DIR) if not p.executed]
    for p in missing:
        print(f"attention : {p.title} n'a pas été exécuté (pas dans {args.executed}) : page sans résultats",
              file=sys.stderr)
    external = external_references(args.output)
    if external:
        for e in external:
            print(f"référence externe : {e}", file=sys.stderr)
        return 1
    pages = sum(1 for p in written if p.suffix == ".html")
    print(f"Site écrit dans {args.output} ({pages} pages) : ouvrez {args.output / 'index.html'}")
    return 0


def _md_href(m: re.Match) -> str:
    """href of a course .md link on the site: a README becomes its folder's index page."""
    target = m.group(1)
    if target == "README" or target.endswith("/README"):
        target = target[: -len("README")] + ("index" if "/" in target else "accueil-cours")
    return f'href="{target}.html{m.group(2) or ""}"'


if __name__ == "__main__":
    sys.exit(main())
