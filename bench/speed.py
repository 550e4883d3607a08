#!/usr/bin/env python3
"""Measure noticegen against its peers, one row per job, and print each ratio beside its goal.

Every figure is a whole process (wall seconds, CPU seconds = user + system, peak resident
memory), run in pairs (ours, then the peer's, then ours again...) and reported as the median.
Rows:
  letter      casd's letter in Markdown, HTML and PDF (`noticegen build`, a fresh output
              folder each run) against
                typst: the same text as Typst markup (bench/md2typst.py) compiled by the PyPI
                  package, `python3 -c "import typst; typst.compile(...)"`, a fresh process
                  each run (in one process typst memoizes, and a second compile is a cache hit)
                pandoc + WeasyPrint: `pandoc -s` to HTML, then WeasyPrint to PDF, as processes
  mailing     a 1,000-letter `noticegen merge` (2,000 pages) against typst setting the same
              letter for each row of the same CSV (each letter from a new page)
  mailing10k  10,000 letters: peak memory, and time against `cat` copying the very file the
              merge wrote into a new file beside it (the floor: the same bytes, no work)
  build       `noticegen build` of 100 and 400 courts (copies of the example courts) into a
              new folder on --dir: CPU per court, a rebuild with nothing changed (time as a
              share of the first build, and how many files it changed), 400 against 100
The file system is flushed (`sync`) before each timed process, so one run's writeback does not
land in the next one's time.
Needs: cargo build --release, pandoc, PyPI packages typst and weasyprint, poppler's pdfinfo.
Usage: bench/speed.py [--rows letter mailing mailing10k build] [--runs 9] [--dir /dev/shm]
                      [--binary target/<host>/release/noticegen] [--typst-10k]
"""
import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
PYTHON = sys.executable

MAILING_TYP = r'''
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
  [Dear #name:]
  parbreak()
  include "body.typ"
}
'''

TYPST_COMPILE = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"
WEASYPRINT = ("import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], "
              "stylesheets=[weasyprint.CSS(string='@page { size: letter; margin: 1in } body { font: "
              "12pt/1.25 \"Liberation Serif\", serif; text-align: justify; hyphens: auto }')])")


class Run:
    """One process: wall and CPU seconds (user + system), the system's part of the CPU, peak
    memory in MiB."""

    def __init__(self, wall, cpu, peak, system=0.0):
        self.wall, self.cpu, self.peak, self.system = wall, cpu, peak, system


def run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL):
    start = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    stderr = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{stderr}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, usage.ru_stime)


def chain(*runs):
    """Processes run one after the other, as one job."""
    return Run(sum(r.wall for r in runs), sum(r.cpu for r in runs), max(r.peak for r in runs),
               sum(r.system for r in runs))


def median(runs):
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               statistics.median(r.peak for r in runs), statistics.median(r.system for r in runs))


def paired(jobs, runs):
    """Runs each job in turn, `runs` rounds, after one unmeasured warm-up round; medians."""
    for job in jobs:
        job()
    times = [[] for _ in jobs]
    for _ in range(runs):
        for job, sink in zip(jobs, times):
            subprocess.run(["sync"], check=True)
            sink.append(job())
    return [median(t) for t in times]


def fresh(folder):
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def typst_markup(binary, court, kind, work):
    """The notice's text as Typst markup, from noticegen's own Markdown of it."""
    built = fresh(work / "markdown")
    run([binary, "build", "--court", court, "--kind", kind, "--format", "md", "--out", built])
    markdown = built / court / f"{kind}.md"
    ast = subprocess.run(["pandoc", "-f", "markdown", "-t", "json", markdown], check=True,
                         capture_output=True).stdout
    typst = subprocess.run([PYTHON, ROOT / "bench" / "md2typst.py"], input=ast, check=True,
                           capture_output=True).stdout.decode()
    return markdown, typst


class Table:
    def __init__(self):
        self.rows = []

    def add(self, job, ours, peer, ratio, goal, met):
        self.rows.append((job, ours, peer, ratio, goal, met))
        print(f"  {job}: {ours} | {peer} | {ratio} (goal {goal}: {'met' if met else 'NOT met'})",
              flush=True)

    def print(self):
        widths = [max(len(str(row[i])) for row in self.rows + [self.header()]) for i in range(5)]
        for row in [self.header()] + self.rows:
            cells = [str(row[i]).ljust(widths[i]) for i in range(5)]
            last = row[5] if isinstance(row[5], str) else ("met" if row[5] else "NOT met")
            print("  ".join(cells + [last]))

    @staticmethod
    def header():
        return ("job", "noticegen", "peer", "ratio", "goal", "")


def ms(r):
    return f"{r.wall * 1000:.1f} ms, {r.peak:.0f} MiB"


def secs(r):
    return f"{r.wall:.2f} s ({r.cpu:.2f} s CPU), {r.peak:.0f} MiB"


def letter_row(args, table, work):
    markdown, typst = typst_markup(args.binary, "casd", "letter", work)
    (work / "letter.typ").write_text(typst)
    out = work / "letter-out"

    def ours():
        fresh(out)
        return run([args.binary, "build", "--court", "casd", "--kind", "letter", "--out", out])

    def typst_job():
        return run([PYTHON, "-c", TYPST_COMPILE, work / "letter.typ", work / "letter-typst.pdf"])

    def weasyprint_job():
        html = work / "letter-pandoc.html"
        return chain(run(["pandoc", "-s", "--metadata", "title=Letter", "-o", html, markdown]),
                     run([PYTHON, "-c", WEASYPRINT, html, work / "letter-weasyprint.pdf"]))

    def python_start():
        return run([PYTHON, "-c", "import typst"])

    # A letter takes milliseconds, and the machine's pace drifts from one to the next by as much
    # as the goal's margin: four times the rounds, for a steadier median.
    noticegen, typst_run, start = paired([ours, typst_job, python_start], 4 * args.runs)
    table.add("one letter, md+html+pdf", ms(noticegen), "typst " + ms(typst_run),
              f"{noticegen.wall / typst_run.wall:.3f}", "<= 0.10",
              noticegen.wall <= 0.10 * typst_run.wall)
    compile_only = typst_run.wall - start.wall
    print(f"  (typst's compile alone, less Python starting and importing it: "
          f"{compile_only * 1000:.1f} ms; noticegen is {noticegen.wall / compile_only:.2f} of that)")
    noticegen, weasy = paired([ours, weasyprint_job], max(3, args.runs // 3))
    table.add("same letter", ms(noticegen), "pandoc+weasyprint " + ms(weasy),
              f"{noticegen.wall / weasy.wall:.3f}", "-", True)


def recipients(work, count):
    path = work / f"recipients-{count}.csv"
    if not path.exists():
        with open(path, "wb") as out:
            subprocess.run([PYTHON, ROOT / "bench" / "recipients.py", str(count)], stdout=out,
                           check=True)
    return path


def merge_job(args, work, count):
    out = work / f"mailing-{count}"
    csv_path = recipients(work, count)

    def job():
        fresh(out)
        return run([args.binary, "merge", "--court", "nmd", "--recipients", csv_path, "--out", out])

    return job, out / "nmd" / "letter" / "mailing.pdf"


def typst_mailing_job(args, work, count):
    folder = work / f"typst-mailing-{count}"
    folder.mkdir(exist_ok=True)
    _, body = typst_markup(args.binary, "nmd", "letter", work)
    (folder / "body.typ").write_text("\n".join(line for line in body.splitlines()
                                               if not line.startswith("#set ")))
    (folder / "mailing.typ").write_text(MAILING_TYP)
    shutil.copy(recipients(work, count), folder / "recipients.csv")

    def job():
        return run([PYTHON, "-c", TYPST_COMPILE, folder / "mailing.typ", folder / "typst.pdf"])

    return job, folder / "typst.pdf"


def pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, check=True).stdout.decode()
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def mailing_row(args, table, work):
    ours, pdf = merge_job(args, work, 1000)
    theirs, typst_pdf = typst_mailing_job(args, work, 1000)
    noticegen, typst_run = paired([ours, theirs], max(3, args.runs // 2))
    table.add(f"1,000-letter mailing ({pages(pdf)} vs {pages(typst_pdf)} pages)", secs(noticegen),
              "typst " + secs(typst_run), f"{noticegen.wall / typst_run.wall:.3f}", "<= 0.05",
              noticegen.wall <= 0.05 * typst_run.wall)
    return noticegen


def mailing10k_row(args, table, work, thousand):
    ours, pdf = merge_job(args, work, 10000)
    copy = pdf.parent / "copy.pdf"

    def cat():
        copy.unlink(missing_ok=True)
        with open(copy, "wb") as out:
            return run(["cat", pdf], stdout=out)

    ours()  # the file for `cat` to copy in its warm-up round
    noticegen, floor = paired([ours, cat], max(3, args.runs // 2))
    size = pdf.stat().st_size / 1e6
    table.add(f"10,000-letter mailing ({size:.0f} MB)", secs(noticegen), f"cat {floor.wall:.3f} s",
              f"{noticegen.wall / floor.wall:.1f}x", "<= 15x, <= 32 MiB",
              noticegen.wall <= 15 * floor.wall and noticegen.peak <= 32)
    if args.typst_10k:
        theirs, _ = typst_mailing_job(args, work, 10000)
        typst_run = theirs()
        table.add("10,000-letter mailing", secs(noticegen), "typst " + secs(typst_run),
                  f"{noticegen.wall / typst_run.wall:.3f}", "-", True)
    if thousand is not None:
        table.add("10,000 letters against 1,000", f"{noticegen.wall:.2f} s",
                  f"{thousand.wall:.2f} s", f"{noticegen.wall / thousand.wall:.2f}x", "<= 10.5x",
                  noticegen.wall <= 10.5 * thousand.wall)


def make_courts(folder, count):
    examples = sorted((ROOT / "courts").glob("*.yaml"))
    folder.mkdir(parents=True)
    for n in range(count):
        source = examples[n % len(examples)]
        shutil.copy(source, folder / f"{source.stem}{n:04d}.yaml")
    # Kinds may show court images (seals, screenshots) kept beside the court files.
    for asset in (ROOT / "courts").iterdir():
        if asset.is_dir():
            shutil.copytree(asset, folder / asset.name)


def snapshot(folder):
    """Every file under `folder` with what changes when it is written again."""
    seen = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            seen[path.relative_to(folder)] = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    return seen


def build_row(args, table, work):
    firsts = {}
    for count in (100, 400):
        courts = work / f"courts-{count}"
        make_courts(courts, count)
        runs, rebuilds, changed = [], [], []
        for attempt in range(max(3, args.runs // 2)):
            # A new folder each time: removing the last one would leave the disk busy
            # discarding its blocks during the next build.
            out = work / f"out-{count}-{attempt}"
            command = [args.binary, "build", "--courts", courts, "--out", out]
            subprocess.run(["sync"], check=True)
            runs.append(run(command))
            before = snapshot(out)
            subprocess.run(["sync"], check=True)
            rebuilds.append(run(command))
            after = snapshot(out)
            changed.append(sum(1 for path, seen in after.items() if before.get(path) != seen)
                           + len(before.keys() - after.keys()))
        first, rebuild = median(runs), median(rebuilds)
        firsts[count] = first
        per_court = first.cpu / count * 1000
        # The kernel's part (making files) swings with the state of a disk file system
        # (journal, pending discards) from run to run; it is shown apart.
        table.add(f"build {count} courts on {args.dir}", secs(first), "-",
                  f"{per_court:.1f} ms CPU a court ({first.system / count * 1000:.1f} in the kernel)",
                  "<= 8 ms", per_court <= 8)
        table.add(f"rebuild {count} courts, nothing changed", secs(rebuild),
                  f"first build {first.wall:.2f} s", f"{rebuild.wall / first.wall:.2f}, "
                  f"{max(changed)} files changed", "<= 0.20, 0 files",
                  rebuild.wall <= 0.2 * first.wall and max(changed) == 0)
    table.add("build 400 courts against 100", f"{firsts[400].wall:.2f} s",
              f"{firsts[100].wall:.2f} s", f"{firsts[400].wall / firsts[100].wall:.2f}x", "<= 4.2x",
              firsts[400].wall <= 4.2 * firsts[100].wall)


def release_binary():
    """target/<host>/release/noticegen: .cargo/config.toml builds for the host as a named target."""
    version = subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True).stdout
    host = next(line.split(":", 1)[1].strip() for line in version.splitlines()
                if line.startswith("host:"))
    return ROOT / "target" / host / "release" / "noticegen"


def fresh_copy(binary):
    """A new copy of `binary` beside it, which is what is timed. The same bytes ran a letter up
    to 0.9 ms slower from a binary file written hours before than from a copy just made
    (5.66 against 6.54 ms, 120 runs alternated): how the system holds an older file's pages
    costs more at every start. A binary just built is like the copy, so two builds of
    different age are compared as they would be each right after its build. The copy stays
    on the binary's file system: on tmpfs a letter took 7 ms."""
    handle, name = tempfile.mkstemp(prefix=".speed-", dir=binary.parent)
    os.close(handle)
    copy = pathlib.Path(name)
    shutil.copy2(binary, copy)
    return copy


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", nargs="+", default=["letter", "mailing", "mailing10k", "build"],
                    choices=["letter", "mailing", "mailing10k", "build"])
    ap.add_argument("--runs", type=int, default=9, help="rounds of the quick rows (the letter against typst takes four times as many)")
    ap.add_argument("--dir", type=pathlib.Path, default=ROOT.parent,
                    help="where the builds write (default: beside the repository, on its disk)")
    ap.add_argument("--binary", type=pathlib.Path,
                    help="default: cargo build --release's (the host is an explicit target, see "
                         ".cargo/config.toml)")
    ap.add_argument("--typst-10k", action="store_true",
                    help="also time typst on 10,000 letters (about 90 s and 11 GiB)")
    args = ap.parse_args()
    # Asked of rustc only when no binary is named: a machine that times a copied binary
    # needs no toolchain.
    args.binary = (args.binary or release_binary()).resolve()
    if not args.binary.exists():
        sys.exit("build first: cargo build --release")
    work = pathlib.Path(tempfile.mkdtemp(prefix="noticegen-speed-", dir=args.dir))
    named = args.binary
    args.binary = fresh_copy(named)
    table = Table()
    try:
        print(f"noticegen {named}, on {os.cpu_count()} cores, in {work}", flush=True)
        thousand = None
        if "letter" in args.rows:
            letter_row(args, table, work)
        if "mailing" in args.rows:
            thousand = mailing_row(args, table, work)
        if "mailing10k" in args.rows:
            mailing10k_row(args, table, work, thousand)
        if "build" in args.rows:
            build_row(args, table, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        args.binary.unlink(missing_ok=True)
    print()
    table.print()


if __name__ == "__main__":
    main()
