#!/usr/bin/env python3
"""Time and peak memory of the release binary on small hostile inputs (issue: Hardening II).

Each input is a few kilobytes that once ran for minutes or exhausted memory. Every run is
stopped after --timeout seconds; a stopped run reports its time as ">N s".

    python3 bench/hostile.py [--bin target/release/resume-pdf] [--timeout 120] [--only NAME]
"""

import argparse
import os
import signal
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FILTER_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="2000">
<filter id="f" x="-10" y="-10" width="20" height="20"><feTurbulence baseFrequency="0.9" numOctaves="10"/>
<feMorphology radius="500"/><feGaussianBlur stdDeviation="300"/>
<feConvolveMatrix order="9" kernelMatrix="{}"/></filter>
<rect width="2000" height="2000" filter="url(#f)"/></svg>
""".format(" ".join(["1"] * 81))


def cmap_bomb_font():
    """Inter whose character map claims every code point from 0 to 2^32 - 1."""
    font = bytearray((ROOT / "fonts/Inter-Regular.otf").read_bytes())
    for i in range(struct.unpack(">H", font[4:6])[0]):
        e = 12 + 16 * i
        if font[e : e + 4] == b"cmap":
            at = struct.unpack(">I", font[e + 8 : e + 12])[0]
            cmap = bytes([0, 0, 0, 1, 0, 3, 0, 10, 0, 0, 0, 12])
            cmap += bytes([0, 12, 0, 0, 0, 0, 0, 28, 0, 0, 0, 0, 0, 0, 0, 1])
            cmap += bytes([0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1])
            font[at : at + len(cmap)] = cmap
            font[e + 12 : e + 16] = struct.pack(">I", len(cmap))
    return bytes(font)


def cases():
    """(name, files to write, extra arguments)."""
    cv = "# Ada Lovelace\n\nAnalyst\n\n## Work\n\n### Engineer\n\nDid things.\n"
    label = "x" * 5000
    yield "yaml-alias-fan-out", {
        "cv.md": f"---\nl: &l {{label: {label}, url: https://e.org}}\nlinks: [{', '.join(['*l'] * 5000)}]\n---\n{cv}"
    }, []
    yield "svg-filters", {"f.svg": FILTER_SVG, "cv.md": cv + "\n![logo](f.svg)\n"}, []
    yield "svg-20-references", {
        "f.svg": FILTER_SVG,
        "cv.md": cv + "\n" + "\n\n".join(["![logo](f.svg)"] * 20) + "\n",
    }, []
    for n in (8000, 40000):
        yield f"same-heading-{n}", {"cv.md": cv + "\n## Same\n" * n}, []
    yield "empty-headings-100000", {"cv.md": cv + "\n##\n" * 100000}, []
    for n in (8000, 30000):
        keys = "".join(f"key{i}: {i}\n" for i in range(n))
        yield f"unknown-keys-{n}", {"cv.md": f"---\nname: Ada\n{keys}---\n{cv}"}, []
    yield "nested-value-100000", {
        "cv.md": "---\nname: Ada\nx: " + "[" * 100000 + "]" * 100000 + "\n---\n" + cv
    }, []
    for n in (20000, 100000):
        yield f"combining-marks-{n}", {"cv.md": cv + "\ne" + "\u0301" * n + "\n"}, []
    yield "layout-that-loops", {
        "loop.typ": "#let resume(data) = { for i in range(1000000) [#i #pagebreak()] }\n",
        "cv.md": cv,
    }, ["--layout", "loop.typ"]
    yield "font-cmap-bomb", {"fonts/bomb.otf": cmap_bomb_font(), "cv.md": cv}, [
        "--font-path",
        "fonts",
    ]


def run(binary, folder, extra, timeout):
    # Messages go to a file, not a pipe: thousands of warnings would fill a pipe nobody
    # reads until the end, and the run would stall on it.
    errfile = tempfile.TemporaryFile()
    start = time.monotonic()
    proc = subprocess.Popen(
        [binary, "cv.md", "-o", "out.pdf", *extra],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=errfile,
        start_new_session=True,
    )
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            return f">{timeout} s", usage.ru_maxrss / 1024, "stopped", ""
        time.sleep(0.01)
    wall = time.monotonic() - start
    # wait4's ru_maxrss on Linux is the largest of the process and the children it
    # reaped, so a render in our own child process is counted too.
    errfile.seek(0)
    err = errfile.read().decode(errors="replace").strip().splitlines()
    code = os.waitstatus_to_exitcode(status)
    return f"{wall:.2f} s", usage.ru_maxrss / 1024, f"exit {code}", (err[-1] if err else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/resume-pdf"))
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--only")
    args = ap.parse_args()
    print("| input | wall time | peak RSS | result | last message |")
    print("|---|---|---|---|---|")
    for name, files, extra in cases():
        if args.only and args.only not in name:
            continue
        with tempfile.TemporaryDirectory() as d:
            for rel, content in files.items():
                path = Path(d) / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    path.write_text(content)
            wall, rss, result, msg = run(args.bin, d, extra, args.timeout)
            print(f"| {name} | {wall} | {rss:.0f} MB | {result} | {msg[:110]} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
