"""`./carnets site`: the static site builds from executed notebooks, navigates, and works offline."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "python"))

from carnets_tools import notebooks as nbs  # noqa: E402
from carnets_tools import site_builder as site  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory, kernelspec):
    """The site built from notebook 00 executed at CI scale (the others unexecuted)."""
    executed = tmp_path_factory.mktemp("executed")
    first = nbs.course_notebooks()[0]
    result = nbs.execute(first, executed / first.name, scale="ci")
    assert result.ok, result.problems
    out = tmp_path_factory.mktemp("site") / "site"
    site.build_site(executed, out)
    return out, first


def test_index_lists_every_chapter_and_course_page(built):
    out, _ = built
    index = (out / "index.html").read_text(encoding="utf-8")
    for path in nbs.course_notebooks():
        assert f'href="{path.stem}.html"' in index, path.name
        assert (out / f"{path.stem}.html").is_file()
    for md in sorted((REPO_ROOT / "course").glob("*.md")):
        href = "accueil-cours.html" if md.name == "README.md" else md.stem + ".html"
        assert f'href="{href}"' in index, md.name
        assert (out / href).is_file()
    assert (out / "solutions" / "index.html").is_file()


def test_chapter_pages_have_navigation(built):
    out, first = built
    chapters = nbs.course_notebooks()
    page = (out / f"{first.stem}.html").read_text(encoding="utf-8")
    assert 'href="index.html"' in page and "Sommaire" in page
    if len(chapters) > 1:
        assert f'href="{chapters[1].stem}.html"' in page, "lien vers le chapitre suivant absent"
        second = (out / f"{chapters[1].stem}.html").read_text(encoding="utf-8")
        assert f'href="{first.stem}.html"' in second, "lien vers le chapitre précédent absent"
    sol = (out / "solutions" / f"{first.stem}.html").read_text(encoding="utf-8")
    assert 'href="../index.html"' in sol


def test_executed_outputs_are_in_the_page(built):
    out, first = built
    page = (out / f"{first.stem}.html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in page, "l'image du carnet exécuté manque"
    assert "pas encore été exécuté" not in page


def test_no_external_resource(built):
    out, _ = built
    assert site.external_references(out) == []
    for path in out.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", text, re.IGNORECASE):
            assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", tag, re.IGNORECASE), f"{path.name}: {tag[:120]}"
        # nbconvert's default template loads require.js and MathJax: no script may be loaded, but the
        # site's own widget renderer, a local file.
        for src in re.findall(r"<script\b[^>]*\bsrc\s*=\s*[\"']?([^\"' >]+)", text, re.IGNORECASE):
            assert src == site.WIDGETS_JS, f"{path.name}: {src}"
        assert "MathJax.Hub" not in text, path.name


def test_external_reference_detector():
    assert site.EXTERNAL.search('<script src="https://cdn.example/x.js"></script>')
    assert site.EXTERNAL.search("<link rel='stylesheet' href='//cdn.example/x.css'>")
    assert site.EXTERNAL.search('<img src="http://example.com/a.png">')
    assert not site.EXTERNAL.search('<a href="https://docs.oracle.com/">doc</a>')
    assert not site.EXTERNAL.search('<img src="data:image/png;base64,AAAA">')


def test_navigation_links_the_magics_card_and_sources_when_present(tmp_path):
    """Every page's bar links the reference card of the magics and the sources once those pages exist."""
    course = tmp_path / "course"
    course.mkdir()
    (course / "syllabus.md").write_text("# Plan\n", encoding="utf-8")
    (course / "sources.md").write_text("# Sources\n", encoding="utf-8")
    (course / "glossaire.md").write_text("# Glossaire\n\nVoir [les magies](magies.md).\n", encoding="utf-8")
    empty = tmp_path / "notebooks"
    empty.mkdir()
    out = tmp_path / "site"
    site.build_site(tmp_path / "executed", out, notebooks_dir=empty, course_dir=course)
    page = (out / "glossaire.html").read_text(encoding="utf-8")
    assert 'href="sources.html">Sources</a>' in page
    assert 'href="magies.html">Magies</a>' not in page, "lien vers une page absente"
    (course / "magies.md").write_text("# La carte des magies\n", encoding="utf-8")
    site.build_site(tmp_path / "executed", out, notebooks_dir=empty, course_dir=course)
    page = (out / "glossaire.html").read_text(encoding="utf-8")
    assert 'href="magies.html">Magies</a>' in page and 'href="magies.html">les magies</a>' in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index("La carte des magies") < index.index("Les sources du cours") < index.index("Glossaire")


def test_saved_widgets_are_drawn_by_the_sites_own_script(widget_site):
    """nbclient keeps the widgets' last state in the notebook; the page carries it, with one view per
    widget output, the widget's text for a reader without scripts, and a local renderer."""
    out, name = widget_site
    page = (out / name).read_text(encoding="utf-8")
    m = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">\s*(.*?)\s*</script>', page, re.S)
    assert m, "état des widgets absent de la page"
    models = json.loads(m.group(1))["state"]
    by_name: dict[str, list] = {}
    for model in models.values():
        by_name.setdefault(model["model_name"], []).append(model["state"])
    assert [s["value"] for s in by_name["FloatSliderModel"]] == [0.25]
    assert [s["value"] for s in by_name["IntSliderModel"]] == [3]
    texts = [o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
             for s in by_name["OutputModel"] for o in s["outputs"]]
    assert any("carré : 9" in t for t in texts), by_name["OutputModel"]
    pad = by_name["DrawingPadModel"][0]
    assert pad["_model_module"] == "carnets-widgets"
    views = re.findall(r'<script type="application/vnd.jupyter.widget-view\+json">\s*(.*?)\s*</script>', page, re.S)
    assert len(views) == 3 and all(json.loads(v)["model_id"] in models for v in views)
    assert page.count('<pre class="carnets-widget-text">') == 3 and "Taux" in page
    assert re.search(rf'<script\b[^>]*\bsrc="{site.WIDGETS_JS}"', page), "script des widgets absent"
    assert re.search(rf'<link\b[^>]*\bhref="{site.WIDGETS_CSS}"', page), "feuille de style des widgets absente"
    bundle = (out / site.WIDGETS_JS).read_text(encoding="utf-8")
    assert "DrawingPadView" in bundle and "FloatSliderView" in bundle
    for cdn in ("unpkg.com", "cdn.jsdelivr.net", "cdnjs"):
        assert cdn not in bundle, cdn
    assert (out / site.WIDGETS_CSS).is_file()
    assert site.external_references(out) == []
