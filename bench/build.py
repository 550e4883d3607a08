#!/usr/bin/env python3
"""Time full builds of many courts: a first build, a rebuild with nothing changed, and how the
cost grows with the number of courts.

The courts are copies of the example courts (courts/*.yaml, each copy under its own id), so
every court builds every kind in all three formats, as `noticegen build` does by default.
For each size it times, as whole processes (median of --runs):
  first     `noticegen build` into an empty output folder
  rebuild   the same build again into the folder the first left (nothing changed)
and prints wall and CPU seconds (user + system, of the process), CPU per court, the rebuild
as a share of the first build, and each size's first build as a multiple of the smallest's.
The output folder lives on the file system of --dir (default: a folder beside the repository,
on the disk; pass --dir /dev/shm for tmpfs): a new file costs the kernel far more on a disk
file system than on tmpfs, and rebuilds are where that shows.
Needs: cargo build --release.
Usage: bench/build.py [--courts 100 400] [--runs 3] [--dir PATH]
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


def run(cmd, cwd):
    """Wall and CPU seconds of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def median(pairs):
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def make_courts(folder, count):
    examples = sorted((ROOT / "courts").glob("*.yaml"))
    if not examples:
        sys.exit("no courts/*.yaml to copy")
    folder.mkdir(parents=True)
    for n in range(count):
        source = examples[n % len(examples)]
        shutil.copy(source, folder / f"{source.stem}{n:04d}.yaml")
    # Kinds may refer to court assets (seals, screenshots) kept beside the court files.
    for asset in (ROOT / "courts").iterdir():
        if asset.is_dir():
            shutil.copytree(asset, folder / asset.name)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--courts", type=int, nargs="+", default=[100, 400])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dir", type=pathlib.Path, default=ROOT.parent)
    args = ap.parse_args()
    binary = ROOT / "target" / "release" / "noticegen"
    if not binary.exists():
        sys.exit("build first: cargo build --release")
    work = pathlib.Path(tempfile.mkdtemp(prefix="noticegen-build-bench-", dir=args.dir))
    try:
        rows = []
        for count in args.courts:
            courts = work / f"courts-{count}"
            make_courts(courts, count)
            out = work / f"out-{count}"
            build = [str(binary), "build", "--courts", str(courts), "--out", str(out)]
            firsts, rebuilds = [], []
            for _ in range(args.runs):
                shutil.rmtree(out, ignore_errors=True)
                firsts.append(run(build, ROOT))
                rebuilds.append(run(build, ROOT))
            rows.append((count, median(firsts), median(rebuilds)))
            shutil.rmtree(out, ignore_errors=True)
        print(f"full builds on {args.dir}, median of {args.runs} runs")
        print(f"{'courts':>7} {'first wall':>11} {'first CPU':>10} {'CPU/court':>10} "
              f"{'rebuild wall':>13} {'rebuild/first':>14} {'first/smallest':>15}")
        smallest = rows[0][1][0]
        for count, first, rebuild in rows:
            print(f"{count:>7} {first[0]:>10.3f}s {first[1]:>9.3f}s {first[1] / count * 1000:>8.1f}ms "
                  f"{rebuild[0]:>12.3f}s {rebuild[0] / first[0]:>14.2f} {first[0] / smallest:>15.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
