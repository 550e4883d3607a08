#!/usr/bin/env python3
"""Time a 1,000-letter mailing: noticegen merge against typst on the same letter and CSV.

  noticegen  the whole process: `noticegen merge` of N personalised letters into one PDF
  typst      typst.compile() (pip package `typst`, in a fresh process per run so its
             in-process memoization cannot turn runs into cache hits) of a template reading the
             same CSV and sets, per row, the address block, the salutation and the letter
             (the same text as Typst markup, via bench/md2typst.py), each from a new page

Prints median wall times, the ratio, and noticegen's peak memory (from /usr/bin/time when
installed). The typst template has no per-letter "Page N of M" footer, which only
favours typst. Needs: cargo build --release, pandoc, pip package typst.
Usage: bench/mailing.py [--court nmd] [--count 1000] [--runs 3]
"""
import argparse
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent

TEMPLATE = r'''
#set page(paper: "us-letter", margin: 1in)
#set text(font: "Liberation Serif", size: 11.5pt, lang: "en", region: "us", hyphenate: true)
#set par(justify: true)
#let rows = csv("recipients.csv", row-type: dictionary)
#for (i, r) in rows.enumerate() {
  if i > 0 { pagebreak() }
  let name = if r.prefix != "" { r.prefix + " " + r.name } else { r.name }
  place(top + left, dx: 0in, dy: 1.25in, block(width: 4in)[
    #set par(justify: false)
    #name \
    #if r.firm != "" [#r.firm \ ]
    #r.address1 \
    #if r.address2 != "" [#r.address2 \ ]
    #r.city, #r.state #r.zip
  ])
  v(2.3in)
  [Dear #name.split(" ").at(0) #r.name.split(" ").at(1):]
  parbreak()
  include "body.typ"
}
'''

def median_time(fn, runs):
    """Median wall and CPU seconds (CPU of this process and its children: the build machine
    is shared, so CPU time is the steadier figure)."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), cpu_seconds()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(cpu_seconds() - cpu)
    return statistics.median(walls), statistics.median(cpus)

def cpu_seconds():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--court", default="nmd")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    import typst  # noqa: F401  (fail early when it is missing)

    binary = ROOT / "target" / "release" / "noticegen"
    if not binary.exists():
        sys.exit("build first: cargo build --release")
    work = pathlib.Path(tempfile.mkdtemp(prefix="noticegen-mailing-"))
    csv_path = work / "recipients.csv"
    csv_path.write_bytes(subprocess.run([sys.executable, str(ROOT / "bench" / "recipients.py"),
                                         str(args.count)], check=True, capture_output=True).stdout)
    out = work / "out"

    def noticegen(extra=()):
        shutil.rmtree(out, ignore_errors=True)
        return subprocess.run([*extra, str(binary), "merge", "--court", args.court, "--recipients",
                               str(csv_path), "--out", str(out)],
                              cwd=ROOT, check=True, capture_output=True)

    # The letter's text as Typst markup, from the plain build of the same letter.
    built = work / "built"
    subprocess.run([str(binary), "build", "--court", args.court, "--kind", "letter", "--format", "md",
                    "--out", str(built)], cwd=ROOT, check=True, capture_output=True)
    ast = subprocess.run(["pandoc", "-f", "markdown", "-t", "json", str(built / args.court / "letter.md")],
                         check=True, capture_output=True).stdout
    body = subprocess.run([sys.executable, str(ROOT / "bench" / "md2typst.py")], input=ast,
                          check=True, capture_output=True).stdout.decode()
    body = "\n".join(l for l in body.splitlines() if not l.startswith("#set "))
    (work / "body.typ").write_text(body)
    (work / "mailing.typ").write_text(TEMPLATE)

    def typst_compile():
        # A fresh process each run: typst memoizes compilations within a process, and a
        # second compile of the same input there is a cache hit, not a merge.
        subprocess.run([sys.executable, "-c", "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])",
                        str(work / "mailing.typ"), str(work / "typst.pdf")], check=True)

    noticegen()  # warm the file cache
    ours = median_time(noticegen, args.runs)
    theirs = median_time(typst_compile, args.runs)
    peak = ""
    if pathlib.Path("/usr/bin/time").exists():
        result = noticegen(["/usr/bin/time", "-f", "%M"])
        peak = f", peak memory {int(result.stderr.decode().split()[-1]) / 1024:.1f} MB"
    pages = subprocess.run(["pdfinfo", str(work / "typst.pdf")], capture_output=True).stdout.decode()
    typst_pages = next((l.split()[-1] for l in pages.splitlines() if l.startswith("Pages:")), "?")
    print(f"{args.count} letters of {args.court}, median of {args.runs} runs")
    print(f"  noticegen merge {ours[0]:8.2f} s wall {ours[1]:8.2f} s CPU{peak}")
    print(f"  typst           {theirs[0]:8.2f} s wall {theirs[1]:8.2f} s CPU   ({typst_pages} pages)")
    print(f"  typst / noticegen = {theirs[0] / ours[0]:.2f}x wall, {theirs[1] / ours[1]:.2f}x CPU")

if __name__ == "__main__":
    main()
