#!/usr/bin/env python3
"""Time noticegen against peer typesetters producing the same letter as a PDF.

For one notice (default: the District of New Mexico letter) it times, over several runs:
  noticegen   the whole process: load courts and templates, merge, lay out, write the PDF
  typst       typst.compile() (pip package `typst`) on the same text as Typst markup, each run in
              a fresh Python process (in one process typst caches the compile), less the time
              that process takes to start and import typst without compiling
  weasyprint  pandoc (Markdown -> HTML) as a process, then WeasyPrint in-process (HTML -> PDF)
and prints median wall times and each peer's time as a multiple of noticegen's.
Needs: a release build (cargo build --release), pandoc, pip packages typst and weasyprint.
Usage: bench/peers.py [--court nmd] [--kind letter] [--runs 15]
"""
import argparse
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent

def median_time(fn, runs):
    fn()  # warm caches, fonts, imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--court", default="nmd")
    ap.add_argument("--kind", default="letter")
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()

    import weasyprint

    binary = ROOT / "target" / "release" / "noticegen"
    if not binary.exists():
        sys.exit("build first: cargo build --release")
    work = pathlib.Path(tempfile.mkdtemp(prefix="noticegen-peers-"))
    out = work / "out"

    def noticegen():
        subprocess.run([str(binary), "build", "--court", args.court, "--kind", args.kind,
                        "--format", "pdf", "--format", "md", "--out", str(out)],
                       cwd=ROOT, check=True, capture_output=True)

    noticegen()
    markdown = out / args.court / f"{args.kind}.md"
    ast = subprocess.run(["pandoc", "-f", "markdown", "-t", "json", str(markdown)],
                         check=True, capture_output=True).stdout
    typ = work / "letter.typ"
    typ.write_bytes(subprocess.run([sys.executable, str(ROOT / "bench" / "md2typst.py")], input=ast,
                                   check=True, capture_output=True).stdout)
    css = work / "print.css"
    css.write_text("@page { size: letter; margin: 1in; } body { font: 12pt/1.25 'Liberation Serif', serif; "
                   "text-align: justify; hyphens: auto; }")

    compile_script = f"import typst; typst.compile({str(typ)!r}, output={str(work / 'typst.pdf')!r})"

    def typst_compile():
        subprocess.run([sys.executable, "-c", compile_script], check=True)

    def typst_import_only():
        subprocess.run([sys.executable, "-c", "import typst"], check=True)

    def pandoc_weasyprint():
        html = subprocess.run(["pandoc", "-s", "-f", "markdown", "-t", "html", "--metadata",
                               "title=Letter", str(markdown)], check=True, capture_output=True).stdout
        weasyprint.HTML(string=html.decode()).write_pdf(str(work / "weasy.pdf"),
                                                        stylesheets=[weasyprint.CSS(filename=str(css))])

    typst_startup = median_time(typst_import_only, args.runs)
    results = [("noticegen", median_time(noticegen, args.runs)),
               ("typst", median_time(typst_compile, args.runs) - typst_startup),
               ("pandoc+weasyprint", median_time(pandoc_weasyprint, max(3, args.runs // 3)))]
    base = results[0][1]
    print(f"{args.court}/{args.kind}, median of {args.runs} runs")
    for name, seconds in results:
        print(f"  {name:18} {seconds * 1000:8.1f} ms   {seconds / base:6.1f}x noticegen")
    print(f"typst PDF: {work / 'typst.pdf'}   weasyprint PDF: {work / 'weasy.pdf'}")

if __name__ == "__main__":
    main()
