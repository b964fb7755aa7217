"""A small notebook executed headless with nbclient, as `./carnets run` and CI do."""

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent / "notebooks" / "rich_output.ipynb"


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.metadata.kernelspec.name == "carnets-java"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_notebook_runs_with_rich_output(kernelspec, png, tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=120, startup_timeout=120, kernel_name="carnets-java",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code_cells)
    errors = [o for c in code_cells for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    images = [o.data["image/png"] for c in code_cells for o in c.outputs
              if o.output_type in ("execute_result", "display_data") and "image/png" in o.get("data", {})]
    assert len(images) == 1, [c.outputs for c in code_cells]
    assert png(images[0]) == (64, 32)
    last = code_cells[-1].outputs
    assert any(o.output_type == "stream" and o.text == "Taille : 64 x 32\n" for o in last), last
    assert any(o.output_type == "execute_result" and o.data["text/plain"] == "2048" for o in last), last
