#!/usr/bin/env python3
"""Save → new pages served by `resume-pdf watch`, over 20 edits of examples/full-resume.md.

Starts the watcher on a copy of the example, then 20 times appends a changed word to the
file and times until /status reports the new render and its first page is fetched (what
the preview page does before it paints). Prints the median and worst, the watcher's own
render times (warm), and a cold render of the same file by a fresh process.

    python3 bench/watch_latency.py [path/to/resume-pdf]   # default: target/release/resume-pdf
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time, urllib.request

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/resume-pdf")
example = os.path.abspath("examples/full-resume.md")


def get(url):
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read()


with tempfile.TemporaryDirectory() as tmp:
    cv = os.path.join(tmp, "cv.md")
    shutil.copy(example, cv)
    for image in ("photo.png",):
        src = os.path.join(os.path.dirname(example), image)
        if os.path.exists(src):
            shutil.copy(src, tmp)
    watch = subprocess.Popen([binary, "watch", "cv.md", "--port", "0", "-q"], cwd=tmp,
                             stderr=subprocess.PIPE, text=True)
    url = None
    while url is None:
        line = watch.stderr.readline()
        if not line:
            sys.exit("the watcher stopped before printing its address")
        if line.startswith("Preview at "):
            url = line.split()[2]
    status = lambda: json.loads(get(url + "status"))
    while status()["generation"] < 1:
        time.sleep(0.01)
    text = open(cv, encoding="utf-8").read()
    latencies, renders = [], []
    for i in range(20):
        before = status()["generation"]
        start = time.perf_counter()
        with open(cv, "w", encoding="utf-8") as f:
            f.write(text + f"\nEdit number {i} of the benchmark.\n")
        while (now := status())["generation"] == before:
            time.sleep(0.002)
        get(url + f"page/1?g={now['generation']}")
        latencies.append((time.perf_counter() - start) * 1000)
        renders.append(now["milliseconds"])
        time.sleep(0.2)
    watch.terminate()
    watch.wait()
    start = time.perf_counter()
    subprocess.run([binary, cv, "-o", os.path.join(tmp, "cold.pdf"), "-q"], check=True)
    cold = (time.perf_counter() - start) * 1000

print(f"save → new page served: median {statistics.median(latencies):.0f} ms, "
      f"worst {max(latencies):.0f} ms (20 edits; includes the 30 ms debounce)")
print(f"warm render in the watcher: median {statistics.median(renders):.0f} ms")
print(f"cold render (fresh process, PDF only): {cold:.0f} ms")
