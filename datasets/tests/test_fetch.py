"""Tests of datasets/fetch.py (standard library only: python3 -m unittest discover datasets/tests)."""

import gzip
import hashlib
import http.server
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import unittest
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FETCH = os.path.join(os.path.dirname(HERE), "fetch.py")
sys.path.insert(0, os.path.dirname(HERE))
import fetch  # noqa: E402


def sha(b):
    return hashlib.sha256(b).hexdigest()


GOOD_A = os.urandom(200_000)
GOOD_B = b"petit fichier\n" * 10
BIG = os.urandom(6 * 1024 * 1024)


class SlowHandler(http.server.BaseHTTPRequestHandler):
    """Serves the files of server.files, sleeping server.delay between 64 KiB chunks."""

    def do_GET(self):
        data = self.server.files.get(self.path.lstrip("/"))
        if data is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            for i in range(0, len(data), 65536):
                self.wfile.write(data[i:i + 65536])
                self.wfile.flush()
                if self.server.delay:
                    time.sleep(self.server.delay)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


class FetchTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="carnets-fetch-test-")
        self.root = self.tmp.name
        self.data = os.path.join(self.root, "cache")
        self.www = os.path.join(self.root, "www")
        os.makedirs(self.www)
        self.server = None

    def tearDown(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
        self.tmp.cleanup()

    def serve(self, files, delay=0.0):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
        self.server.files = files
        self.server.delay = delay
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return "http://127.0.0.1:%d/" % self.server.server_address[1]

    def write_www(self, name, data):
        with open(os.path.join(self.www, name), "wb") as f:
            f.write(data)
        return "file://" + self.www + "/"

    def catalog(self, files, sources):
        cat = {"format": 1, "datasets": {"jeu": {"title": "test", "files": files, "sources": sources}}}
        p = os.path.join(self.root, "catalog.json")
        with open(p, "w") as f:
            json.dump(cat, f)
        return p

    def run_fetch(self, cat, *extra):
        out, err = io.StringIO(), io.StringIO()
        old = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            rc = fetch.main(["--data", self.data, "--catalog", cat] + list(extra))
        finally:
            sys.stdout, sys.stderr = old
        return rc, out.getvalue() + err.getvalue()

    def leftovers(self):
        found = []
        for d, _, fs in os.walk(self.data):
            found += [os.path.join(d, f) for f in fs if ".part-" in f or ".tmp-" in f]
        return found

    # ------------------------------------------------------------------

    def test_checksum_mismatch_is_deleted_and_fetched_again(self):
        base = self.write_www("a.bin", GOOD_A)
        self.write_www("b.txt", GOOD_B)
        cat = self.catalog(
            [{"name": "a.bin", "size": len(GOOD_A), "sha256": sha(GOOD_A)},
             {"name": "b.txt", "size": len(GOOD_B), "sha256": sha(GOOD_B)}],
            [{"type": "url", "base": base, "members": {"a.bin": "a.bin", "b.txt": "b.txt"}}])
        rc, log = self.run_fetch(cat)
        self.assertEqual(rc, 0, log)
        target = os.path.join(self.data, "jeu", "a.bin")
        # damage the cached copy (same size): --check refuses it, a fetch replaces it
        with open(target, "r+b") as f:
            f.seek(1000)
            f.write(b"\x00\x01\x02")
        rc, log = self.run_fetch(cat, "--check")
        self.assertEqual(rc, 1, log)
        self.assertIn("./carnets datasets", log)
        rc, log = self.run_fetch(cat)
        self.assertEqual(rc, 0, log)
        self.assertIn("somme de contrôle SHA-256 incorrecte, fichier supprimé", log)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), GOOD_A)
        self.assertEqual(self.leftovers(), [])

    def test_bad_source_is_never_used_and_next_source_wins(self):
        bad_base = "file://" + os.path.join(self.root, "bad") + "/"
        os.makedirs(os.path.join(self.root, "bad"))
        with open(os.path.join(self.root, "bad", "a.bin"), "wb") as f:
            f.write(GOOD_A[:-1] + b"X")  # right size, wrong content
        good_base = self.write_www("a.bin", GOOD_A)
        files = [{"name": "a.bin", "size": len(GOOD_A), "sha256": sha(GOOD_A)}]
        cat = self.catalog(files, [{"type": "url", "base": bad_base, "members": {"a.bin": "a.bin"}}])
        rc, log = self.run_fetch(cat)
        self.assertEqual(rc, 1, log)
        self.assertIn("somme de contrôle SHA-256 incorrecte", log)
        self.assertFalse(os.path.exists(os.path.join(self.data, "jeu", "a.bin")))
        self.assertEqual(self.leftovers(), [])
        cat = self.catalog(files, [{"type": "url", "base": bad_base, "members": {"a.bin": "a.bin"}},
                                   {"type": "url", "base": good_base, "members": {"a.bin": "a.bin"}}])
        rc, log = self.run_fetch(cat)
        self.assertEqual(rc, 0, log)
        with open(os.path.join(self.data, "jeu", "a.bin"), "rb") as f:
            self.assertEqual(f.read(), GOOD_A)

    def test_gzip_source_is_verified_after_decompression(self):
        import gzip
        base = self.write_www("a.bin.gz", gzip.compress(GOOD_A))
        cat = self.catalog([{"name": "a.bin", "size": len(GOOD_A), "sha256": sha(GOOD_A)}],
                           [{"type": "url", "base": base, "compression": "gzip", "members": {"a.bin": "a.bin.gz"}}])
        rc, log = self.run_fetch(cat)
        self.assertEqual(rc, 0, log)

    def test_killed_fetch_leaves_no_final_file_and_recovers(self):
        base = self.serve({"big.bin": BIG}, delay=0.05)  # ~100 chunks: about 5 s
        cat = self.catalog([{"name": "big.bin", "size": len(BIG), "sha256": sha(BIG)}],
                           [{"type": "url", "base": base, "members": {"big.bin": "big.bin"}}])
        proc = subprocess.Popen([sys.executable, FETCH, "--data", self.data, "--catalog", cat],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        folder = os.path.join(self.data, "jeu")
        deadline = time.time() + 30
        part = None
        while time.time() < deadline and part is None:
            if os.path.isdir(folder):
                for n in os.listdir(folder):
                    p = os.path.join(folder, n)
                    if ".part-" in n and os.path.getsize(p) > 200_000:
                        part = p
            time.sleep(0.05)
        self.assertIsNotNone(part, "le téléchargement n'a pas commencé")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        # killed mid-way: a temporary file, never a final one
        self.assertFalse(os.path.exists(os.path.join(folder, "big.bin")))
        self.assertTrue(os.path.exists(part))
        self.assertLess(os.path.getsize(part), len(BIG))
        rc, log = self.run_fetch(cat, "--check")
        self.assertEqual(rc, 1, log)
        self.server.delay = 0
        rc, log = self.run_fetch(cat)
        self.assertEqual(rc, 0, log)
        self.assertIn("interrompu", log)
        with open(os.path.join(folder, "big.bin"), "rb") as f:
            self.assertEqual(sha(f.read()), sha(BIG))
        self.assertEqual(self.leftovers(), [])

    # ------------------------------------------------------------------ archives

    def make_tgz(self, path, members):
        """members: list of (name, bytes) or (name, ('symlink', target))."""
        with tarfile.open(path, "w:gz") as t:
            for name, data in members:
                info = tarfile.TarInfo(name)
                if isinstance(data, tuple):
                    info.type = tarfile.SYMTYPE
                    info.linkname = data[1]
                    t.addfile(info)
                else:
                    info.size = len(data)
                    t.addfile(info, io.BytesIO(data))

    def extract(self, tgz, members, spec):
        dest = os.path.join(self.root, "dest")
        os.makedirs(dest, exist_ok=True)
        with tarfile.open(tgz) as t:
            fetch.extract_from_tar(t, members, spec, dest, gunzip=False)
        return dest

    def test_archive_member_names_cannot_escape(self):
        spec = {"f": {"name": "f", "size": len(GOOD_B), "sha256": sha(GOOD_B)}}
        tgz = os.path.join(self.root, "a.tgz")
        # a catalogue asking for a path outside the archive root
        self.make_tgz(tgz, [("../evil", GOOD_B)])
        for bad in ("../evil", "/etc/passwd", "package/../../evil", ""):
            with self.assertRaises(fetch.FetchError):
                self.extract(tgz, {"f": bad}, spec)
        # an archive whose member reaches the wanted name through ".."
        self.make_tgz(tgz, [("package/x/../data/f", GOOD_B)])
        with self.assertRaises(fetch.FetchError):
            self.extract(tgz, {"f": "package/data/f"}, spec)
        # a symbolic link in place of the wanted file
        self.make_tgz(tgz, [("package/data/f", ("symlink", "/etc/passwd"))])
        with self.assertRaises(fetch.FetchError):
            self.extract(tgz, {"f": "package/data/f"}, spec)
        # destination names are plain names inside the cache
        for bad in ("../f", "a/b", ".."):
            with self.assertRaises(fetch.FetchError):
                fetch.safe_target(self.root, bad)
        self.assertFalse(os.path.exists(os.path.join(os.path.dirname(self.root), "evil")))
        self.assertEqual(os.listdir(os.path.join(self.root, "dest")), [])
        # and the honest archive works
        self.make_tgz(tgz, [("package/data/f", GOOD_B), ("../ignored", b"x")])
        dest = self.extract(tgz, {"f": "package/data/f"}, spec)
        self.assertEqual(os.listdir(dest), ["f"])

    def test_npm_source_end_to_end_with_traversal_archive(self):
        # A fake npm whose "pack" writes an archive with a traversal member: refused, nothing written outside.
        evil = os.path.join(self.root, "evil.tgz")
        self.make_tgz(evil, [("package/x/../data/f", GOOD_B), ("../../outside", b"x")])
        fake = os.path.join(self.root, "fake-npm")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\ncp %s ./pkg-1.0.0.tgz\n" % evil)
        os.chmod(fake, 0o755)
        with open(evil, "rb") as f:
            evil_sha = sha(f.read())
        cat = self.catalog([{"name": "f", "size": len(GOOD_B), "sha256": sha(GOOD_B)}],
                           [{"type": "npm", "package": "pkg", "version": "1.0.0", "archive": "pkg-1.0.0.tgz",
                             "sha256": evil_sha, "members": {"f": "package/data/f"}}])
        os.environ["CARNETS_NPM"] = fake
        try:
            rc, log = self.run_fetch(cat)
        finally:
            del os.environ["CARNETS_NPM"]
        self.assertEqual(rc, 1, log)
        self.assertIn("refusé", log)
        self.assertFalse(os.path.exists(os.path.join(self.data, "jeu", "f")))
        self.assertFalse(os.path.exists(os.path.join(self.root, "outside")))
        self.assertFalse(os.path.exists(os.path.join(os.path.dirname(self.data), "outside")))

    def test_npm_archive_with_wrong_checksum_is_refused(self):
        good = os.path.join(self.root, "good.tgz")
        self.make_tgz(good, [("package/data/f", GOOD_B)])
        fake = os.path.join(self.root, "fake-npm")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\ncp %s ./pkg-1.0.0.tgz\n" % good)
        os.chmod(fake, 0o755)
        with open(good, "rb") as f:
            good_sha = sha(f.read())
        source = {"type": "npm", "package": "pkg", "version": "1.0.0", "archive": "pkg-1.0.0.tgz",
                  "members": {"f": "package/data/f"}}
        files = [{"name": "f", "size": len(GOOD_B), "sha256": sha(GOOD_B)}]
        os.environ["CARNETS_NPM"] = fake
        try:
            rc, log = self.run_fetch(self.catalog(files, [dict(source, sha256="0" * 64)]))
            self.assertEqual(rc, 1, log)
            self.assertFalse(os.path.exists(os.path.join(self.data, "downloads", "pkg-1.0.0.tgz")))
            rc, log = self.run_fetch(self.catalog(files, [dict(source, sha256=good_sha)]))
            self.assertEqual(rc, 0, log)
            self.assertTrue(os.path.exists(os.path.join(self.data, "downloads", "pkg-1.0.0.tgz")))
        finally:
            del os.environ["CARNETS_NPM"]

    # ------------------------------------------------------------------ deb

    def make_deb(self, path, members):
        """A Debian package (an ar archive) whose data.tar.xz holds these (name, bytes) members."""
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:xz") as t:
            for name, data in members:
                info = tarfile.TarInfo("./" + name)
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
        parts = [(b"debian-binary", b"2.0\n"), (b"control.tar.xz", b""), (b"data.tar.xz", buf.getvalue())]
        with open(path, "wb") as f:
            f.write(b"!<arch>\n")
            for name, data in parts:
                f.write(b"%-16s%-12d%-6d%-6d%-8s%-10d`\n" % (name, 0, 0, 0, b"100644", len(data)))
                f.write(data + (b"\n" if len(data) % 2 else b""))

    def test_deb_source_gunzips_its_members_and_verifies_them(self):
        """The path the diabetes set takes: apt-get download, then gzip members of data.tar.xz, verified once unpacked."""
        deb = os.path.join(self.root, "pkg_1.0_all.deb")
        self.make_deb(deb, [("usr/share/d/a.csv.gz", gzip.compress(GOOD_B)), ("usr/share/d/other", b"x")])
        fake = os.path.join(self.root, "fake-apt-get")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\n[ \"$1 $2\" = \"download pkg=1.0\" ] || exit 100\ncp %s ./pkg_1.0_all.deb\n" % deb)
        os.chmod(fake, 0o755)
        with open(deb, "rb") as f:
            deb_sha = sha(f.read())
        source = {"type": "deb", "package": "pkg", "version": "1.0", "archive": "pkg_1.0_all.deb", "sha256": deb_sha,
                  "compression": "gzip", "members": {"a.csv": "usr/share/d/a.csv.gz"}}
        os.environ["CARNETS_APT_GET"] = fake
        try:
            rc, log = self.run_fetch(self.catalog([{"name": "a.csv", "size": len(GOOD_B), "sha256": sha(GOOD_B)}], [source]))
            self.assertEqual(rc, 0, log)
            with open(os.path.join(self.data, "jeu", "a.csv"), "rb") as f:
                self.assertEqual(f.read(), GOOD_B)
            self.assertEqual(sorted(os.listdir(os.path.join(self.data, "jeu"))), ["a.csv"])
            # a member whose unpacked content is not the catalogue's is refused, and nothing is left behind
            os.remove(os.path.join(self.data, "jeu", "a.csv"))
            rc, log = self.run_fetch(self.catalog([{"name": "a.csv", "size": len(GOOD_B), "sha256": "0" * 64}], [source]))
            self.assertEqual(rc, 1, log)
            self.assertIn("SHA-256 incorrecte", log)
            self.assertFalse(os.path.exists(os.path.join(self.data, "jeu", "a.csv")))
            self.assertEqual(self.leftovers(), [])
        finally:
            del os.environ["CARNETS_APT_GET"]

    def test_catalogue_regression_set_is_described_whole(self):
        """diabetes: each file has a size, a SHA-256 and a member in its Debian source; licence and citation given."""
        with open(fetch.DEFAULT_CATALOG, encoding="utf-8") as f:
            ds = json.load(f)["datasets"]["diabetes"]
        names = [x["name"] for x in ds["files"]]
        self.assertEqual(names, ["diabetes_data_raw.csv", "diabetes_target.csv"])
        for spec in ds["files"]:
            self.assertRegex(spec["sha256"], "^[0-9a-f]{64}$")
            self.assertGreater(spec["size"], 0)
        deb = ds["sources"][0]
        self.assertEqual((deb["type"], deb["package"]), ("deb", "python3-sklearn"))
        self.assertEqual(sorted(deb["members"]), sorted(names))
        self.assertEqual(len(ds["columns"]), len(ds["columns_fr"]))
        for key in ("licence", "citation", "homepage", "target"):
            self.assertTrue(ds[key], key)

    # ------------------------------------------------------------------ images

    def test_png_writer_is_deterministic_and_valid(self):
        pixels = bytes(range(256)) * 3 + bytes(16)
        a = fetch.png_bytes(28, 28, pixels)
        self.assertEqual(a, fetch.png_bytes(28, 28, pixels))
        self.assertEqual(a[:8], b"\x89PNG\r\n\x1a\n")
        # parse the chunks back: CRCs hold and the IDAT inflates to the filtered rows
        pos, idat = 8, b""
        while pos < len(a):
            n = int.from_bytes(a[pos:pos + 4], "big")
            kind, data = a[pos + 4:pos + 8], a[pos + 8:pos + 8 + n]
            crc = int.from_bytes(a[pos + 8 + n:pos + 12 + n], "big")
            self.assertEqual(crc, zlib.crc32(kind + data) & 0xFFFFFFFF)
            if kind == b"IDAT":
                idat += data
            pos += 12 + n
        raw = zlib.decompress(idat)
        self.assertEqual(len(raw), 28 * 29)
        self.assertEqual(b"".join(raw[y * 29 + 1:(y + 1) * 29] for y in range(28)), pixels)

    def test_real_cache_is_complete_and_verified(self):
        """The project's own cache (filled by ./carnets setup): every file matches the catalogue."""
        root = fetch.data_dir()
        if not os.path.isdir(os.path.join(root, "mnist")):
            self.skipTest("cache absent (%s) : lancez ./carnets datasets" % root)
        r = subprocess.run([sys.executable, FETCH, "--check"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout)


if __name__ == "__main__":
    unittest.main()
