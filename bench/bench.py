#!/usr/bin/env python3
"""Speed and memory of resume-pdf, measured end to end on whole processes.

Usage: bench/bench.py [--binary target/release/resume-pdf] [--runs 15] [--batch 1000]
       [--typst PATH-TO-typst]   (also time the official `typst compile` on --format typ output)

Reports medians of several runs: wall time and peak RSS (from wait4) of
  1. one résumé (examples/full-resume.md), whole process;
  2. the same via `typst compile` on the ejected Typst, with the same fonts (if --typst);
  3. a batch of N generated two-page résumés with -j 2, in one process;
  4. the same batch as one process per file, `xargs -P 2`.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    """Runs cmd; returns (seconds, peak RSS in MB of the process tree's largest member)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def median_of(cmd, runs, **kw):
    results = [run(cmd, **kw) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/resume-pdf"))
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--batch-runs", type=int, default=3)
    ap.add_argument("--typst", default=shutil.which("typst"))
    args = ap.parse_args()
    binary = args.binary
    example = os.path.join(ROOT, "examples/full-resume.md")
    work = tempfile.mkdtemp(prefix="resume-bench-")
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)

    out = os.path.join(work, "single.pdf")
    run([binary, example, "-o", out])  # warm the page cache
    t, rss = median_of([binary, example, "-o", out], args.runs, env=env)
    print(f"single résumé, resume-pdf:     median {t * 1000:7.1f} ms   peak RSS {rss:6.1f} MB   ({args.runs} runs)")

    if args.typst:
        ejected = os.path.join(work, "ejected")
        run([binary, example, "--format", "typ", "-o", ejected])
        cmd = [args.typst, "compile", "--ignore-system-fonts", "--font-path",
               os.path.join(ejected, "fonts"), os.path.join(ejected, "main.typ"), os.path.join(work, "typst.pdf")]
        run(cmd)
        t, rss = median_of(cmd, args.runs, env=env)
        print(f"single résumé, typst compile:  median {t * 1000:7.1f} ms   peak RSS {rss:6.1f} MB   ({args.runs} runs)")

    inputs = os.path.join(work, "inputs")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench/gen.py"), inputs, str(args.batch)], check=True)
    pages = subprocess.run([binary, os.path.join(inputs, "resume-0000.md"), "-o", os.path.join(work, "p.pdf"), "-v"],
                           capture_output=True, text=True).stderr.strip()
    print(f"generated {args.batch} résumés; the first: {pages}")

    def batch_once():
        out_dir = os.path.join(work, "out")
        shutil.rmtree(out_dir, ignore_errors=True)
        return run([binary, inputs, "--out-dir", out_dir, "-j", "2", "--quiet"], env=env)

    results = [batch_once() for _ in range(args.batch_runs)]
    t = statistics.median(r[0] for r in results)
    rss = statistics.median(r[1] for r in results)
    print(f"batch of {args.batch}, one process, -j 2: median {t:6.2f} s = {args.batch / t:6.1f} résumés/s   peak RSS {rss:6.1f} MB")
    batch_rate = args.batch / t

    files = sorted(os.path.join(inputs, f) for f in os.listdir(inputs))
    def xargs_once():
        start = time.perf_counter()
        subprocess.run(["xargs", "-P", "2", "-n", "1", binary, "--quiet"], input="\n".join(files).encode(),
                       check=True, stdout=subprocess.DEVNULL, env=env)
        return time.perf_counter() - start
    t = statistics.median(xargs_once() for _ in range(args.batch_runs))
    print(f"batch of {args.batch}, xargs -P 2, one process per file: median {t:6.2f} s = {args.batch / t:6.1f} résumés/s")
    print(f"speed-up of the in-process batch: {batch_rate / (args.batch / t):.1f}x")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
