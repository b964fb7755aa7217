"""display(), updateDisplay() and rich results (images as PNG)."""

import base64


def test_display_and_update_display(kernel):
    r = kernel.ok('String id = display("un");\nupdateDisplay(id, "deux");')
    shown = r.of_type("display_data")
    updated = r.of_type("update_display_data")
    assert len(shown) == 1, r.describe()
    assert len(updated) == 1, r.describe()
    display_id = shown[0]["content"]["transient"]["display_id"]
    assert display_id, r.describe()
    assert "un" in shown[0]["content"]["data"]["text/plain"]
    assert updated[0]["content"]["transient"]["display_id"] == display_id
    assert "deux" in updated[0]["content"]["data"]["text/plain"]
    # display_data comes before its update.
    assert r.iopub.index(shown[0]) < r.iopub.index(updated[0])
    # display() returned the id that Jupyter got.
    assert display_id in kernel.value("id")


def test_update_display_from_a_later_cell(kernel):
    first = kernel.ok('String later = display("v1");')
    display_id = first.of_type("display_data")[0]["content"]["transient"]["display_id"]
    second = kernel.ok('updateDisplay(later, "v2");')
    updated = second.of_type("update_display_data")
    assert len(updated) == 1, second.describe()
    assert updated[0]["content"]["transient"]["display_id"] == display_id
    assert "v2" in updated[0]["content"]["data"]["text/plain"]


def test_display_ids_are_distinct(kernel):
    r = kernel.ok('String d1 = display(1);\nString d2 = display(2);')
    ids = [m["content"]["transient"]["display_id"] for m in r.of_type("display_data")]
    assert len(ids) == 2 and ids[0] != ids[1], r.describe()


def test_buffered_image_result_is_png(kernel, png):
    code = (
        "var img = new java.awt.image.BufferedImage(20, 10, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
        "var g = img.createGraphics(); g.setColor(java.awt.Color.RED); g.fillRect(0, 0, 10, 10); g.dispose();\n"
        "img"
    )
    r = kernel.ok(code)
    assert r.data is not None and "image/png" in r.data, r.describe()
    assert png(r.data["image/png"]) == (20, 10)


def test_display_of_an_image(kernel, png):
    code = (
        "display(new java.awt.image.BufferedImage(8, 6, java.awt.image.BufferedImage.TYPE_INT_ARGB));"
    )
    r = kernel.ok(code)
    images = [m["content"]["data"]["image/png"] for m in r.of_type("display_data") if "image/png" in m["content"]["data"]]
    assert images, r.describe()
    assert png(images[0]) == (8, 6)


def test_html_and_markdown_helpers(kernel):
    r = kernel.ok('html("<b>gras</b>")')
    assert r.data["text/html"] == "<b>gras</b>", r.describe()
    assert r.data["text/plain"] == "gras"
    shown = kernel.ok('String md = display(markdown("# Titre"));').of_type("display_data")
    assert shown and shown[0]["content"]["data"]["text/markdown"] == "# Titre"


def test_trailing_semicolon_hides_the_value(kernel):
    assert kernel.ok("Integer.valueOf(5);").text is None
    assert kernel.ok("Integer.valueOf(5) // montré").text == "5"


def test_huge_image_is_scaled_down_with_a_french_line(kernel, png):
    # Noise: the worst case for PNG. Before, 10 000 × 10 000 gave a 400 MB PNG in 16 s (3-4 GB resident).
    code = (
        "var bruit = new java.awt.image.BufferedImage(10_000, 10_000, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
        "var alea = new java.util.Random(1);\n"
        "for (int y = 0; y < 10_000; y++) for (int x = 0; x < 10_000; x++) bruit.setRGB(x, y, alea.nextInt());\n"
        "bruit"
    )
    r = kernel.run(code, timeout=180)
    assert r.status == "ok", r.describe()[:2000]
    data = r.data
    assert png(data["image/png"]) == (2000, 2000)
    assert len(data["image/png"]) < 40_000_000, f"PNG de {len(data['image/png'])} caractères en base64"
    note = "Image réduite pour l'affichage : 10 000 × 10 000 pixels à l'origine, montrée en 2 000 × 2 000"
    assert note in r.stdout and note in data["text/plain"], r.describe()[:2000]
    assert r.elapsed < 60, f"{r.elapsed:.1f} s"
    # the object itself keeps its size
    assert kernel.value("bruit.getWidth()") == "10000"
    kernel.ok("bruit = null;")
