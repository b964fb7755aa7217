"""Printed output is never lost (issue 24): a cell's println lines are sent in chunks (time and
size), and beyond the per-cell limit a French line says how much was left out and in which file
the full text is. Counted through nbclient, as `./carnets run` executes notebooks."""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTE = re.compile(r"\[Sortie trop longue : (\d+) ligne\(s\) .* dans (\S+\.txt)\.")


def run_notebook(tmp_path, *sources, timeout=300):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "carnets-java", "display_name": "Java (Carnets)", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    client = NotebookClient(nb, timeout=timeout, startup_timeout=120, kernel_name="carnets-java",
                            resources={"metadata": {"path": str(tmp_path)}})
    t0 = time.monotonic()
    client.execute()
    return nb, time.monotonic() - t0


def stdout_of(cell) -> tuple[str, int]:
    streams = [o for o in cell.outputs if o.output_type == "stream" and o.name == "stdout"]
    return "".join(o.text for o in streams), len(streams)


@pytest.mark.slow
@pytest.mark.time_limit(600)
def test_every_line_arrives_or_is_accounted_for(tmp_path):
    nb, elapsed = run_notebook(
        tmp_path,
        'for (int i = 0; i < 20_000; i++) System.out.println("ligne " + i);',
        'for (int i = 0; i < 1_000_000; i++) System.out.println("ligne " + i);',
        'System.out.println("après");\n1 + 1',
    )
    small, large, after = nb.cells

    # 20 000 lines: all of them, in order, in a handful of messages (not one per line).
    text, messages = stdout_of(small)
    lines = text.splitlines()
    assert lines == [f"ligne {i}" for i in range(20_000)], (len(lines), lines[:3], lines[-3:])
    assert messages < 2_000, f"{messages} messages pour 20 000 lignes"

    # 1 000 000 lines: the first ones shown whole, the rest counted in a French line and in a file.
    text, messages = stdout_of(large)
    m = NOTE.search(text)
    assert m, text[-500:]
    shown = [line for line in text.splitlines() if line.startswith("ligne ")]
    assert shown == [f"ligne {i}" for i in range(len(shown))], "lignes montrées perdues ou désordonnées"
    assert len(shown) + int(m.group(1)) == 1_000_000, (len(shown), m.group(1))
    full = Path(m.group(2))
    with full.open(encoding="utf-8") as f:
        count = sum(1 for _ in f)
    assert count == 1_000_000, f"{full} : {count} lignes"
    full.unlink()
    assert messages < 1_000, f"{messages} messages pour 1 000 000 lignes"

    # The kernel is still there, and the next cell's output is whole.
    text, _ = stdout_of(after)
    assert text == "après\n"
    assert any(o.output_type == "execute_result" and o.data["text/plain"] == "2" for o in after.outputs)
    print(f"flood notebook: {elapsed:.1f} s")
