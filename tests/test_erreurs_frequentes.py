"""course/erreurs-frequentes.md says each quoted message is what the kernel really prints: run every
example of its ten sections through the real kernel (jupyter_client) and find each quoted line in
what the kernel answered. A message changed in the kernel or the library shows up here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "course" / "erreurs-frequentes.md"

IMPORTS = ("import fr.carnets.data.*;\nimport fr.carnets.dl.models.*;\nimport fr.carnets.dl.training.*;\nimport static fr.carnets.dl.layers.Layers.*;\n"
           "import org.nd4j.linalg.factory.Nd4j;\n")
# What the page's examples take for granted: the model of chapter 02 (Input(784) ... Dense(10, softmax)),
# compiled, and data of the right shapes.
MODEL = ('var model = new Sequential(Input(784), Dense(20, "relu"), Dense(10, "softmax"))'
         '.compile("adam", "categorical_crossentropy", "accuracy");\n'
         "var x = Nd4j.rand(100, 784);\nvar y = Nd4j.zeros(100, 10);")
# Section 2 is about the missing import: it runs before anything is imported.
SETUP = {"5": IMPORTS, "6": IMPORTS, "7": IMPORTS + MODEL, "8": IMPORTS + MODEL, "9": IMPORTS + MODEL, "10": IMPORTS}


def examples():
    """(section, code, [quoted paragraphs]) for each java block followed by a quote."""
    out = []
    for section in re.split(r"\n## ", PAGE.read_text(encoding="utf-8")):
        number = re.match(r"(\d+)\. ", section)
        if not number:
            continue
        for code, quote in re.findall(r"```java\n(.*?)```\n\n((?:>[^\n]*\n)+)", section, re.S):
            paragraphs = [p for p in re.split(r"\n>\s*\n", quote.strip()) if p.strip()]
            texts = []
            for p in paragraphs:
                # Wrapped lines of one message are joined; a line in backticks (Java's own) stands alone.
                current = []
                for line in (l.lstrip(">").strip() for l in p.splitlines()):
                    if line.startswith("`") and line.endswith("`"):
                        texts += [" ".join(current)] if current else []
                        texts.append(line)
                        current = []
                    else:
                        current.append(line)
                texts += [" ".join(current)] if current else []
            out.append((number[1], code, texts))
    return out


def pattern(quoted: str) -> re.Pattern:
    """A quoted message as a pattern: backticks dropped, spaces free, /chemin/... any path."""
    text = " ".join(quoted.replace("`", "").split())
    parts = re.split(r"/chemin/\S*", text)
    return re.compile(r"\S+".join(r"\s+".join(map(re.escape, p.split(" "))) for p in parts))


def test_the_page_has_its_ten_sections():
    assert sorted({int(n) for n, _, _ in examples()}) == list(range(1, 11))


@pytest.fixture(scope="module")
def page_kernel(start_kernel, tmp_path_factory):
    # No data sets here, so that section 10's « introuvable » is what the learner without data gets.
    empty = tmp_path_factory.mktemp("sans-donnees")
    k = start_kernel(cwd=ROOT / "notebooks", env={"CARNETS_DATA": str(empty)})
    yield k
    k.stop()


def test_each_quoted_message_is_what_the_kernel_prints(page_kernel):
    problems = []
    done = set()
    for number, code, quotes in examples():
        if number in SETUP and number not in done:
            page_kernel.ok(SETUP[number], timeout=180)
            done.add(number)
        # A block of two independent examples (section 10) quotes one message per line of code.
        cells = [line for line in code.splitlines() if line.strip()] if number == "10" else [code]
        answered = " ".join(
            " ".join((page_kernel.run(c, timeout=180).error_text).split()) for c in cells)
        for q in quotes:
            if not pattern(q).search(answered):
                problems.append(f"§ {number} : « {q} »\n  le noyau a répondu : {answered[:600]}")
    assert not problems, "\n\n".join(problems)
