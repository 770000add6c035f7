#!/usr/bin/env python3
"""Write one résumé with N entries (default 3,000) mixing Markdown and the HTML people put
in GitHub-profile CVs, to time the reader on a large input (deterministic).

Usage: big.py OUT_FILE [N]

Time the reader alone with `resume-pdf OUT_FILE --format json -o /dev/null`.
"""
import sys

HEADER = """<div align="center">
  <img src="photo.png" alt="Photo" width="120">
  <h1>Ada Okafor</h1>
  <p><b>Staff Engineer</b> &middot; Berlin<br>
  <a href="mailto:ada@example.org"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="14"><path d="M64 0C28.7 0 0 28.7 0 64v384c0 35.3 28.7 64 64 64h384"/></svg> ada@example.org</a></p>
</div>

## Experience
"""


def entry(i):
    md = f"""
### Engineer {i}
**Company {i % 97}**
*{2000 + i % 24} – {2001 + i % 24} · City {i % 13}*

- Built service {i} serving {i * 7}k requests a day.
- Cut costs by {i % 90}% with {i % 12} engineers.
"""
    if i % 2:
        md += f"""
<details><summary>More</summary>
<p>Moved the <b>ledger {i}</b> to event streams&nbsp;&mdash; v2<sup>nd</sup> edition.<br>
On call for {i % 30} services.</p>
</details>
"""
    return md


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    with open(out, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for i in range(n):
            f.write(entry(i))


if __name__ == "__main__":
    main()
