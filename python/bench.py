"""The Python package's benchmark: `Engine.clean_many` beside `galley clean DIR` with the same
number of threads, in one run, on the project's benchmark corpus (examples/bench.rs makes it),
and the cost of `Engine.clean` on a one-line string.

    maturin develop --release -m python/Cargo.toml   # a release build of the module
    cargo build --release --examples
    python python/bench.py [MB] [THREADS] [RUNS]

Both sides learn furniture across the whole corpus and clean every page. The command line also
reads and writes the files; `clean_many` gets the texts already read, as a pipeline hands them
over. The best of RUNS runs of each is printed, with the median beside it. The corpus is
written to tmpfs (/dev/shm) unless GALLEY_BENCH_DIR names another place.
"""

import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit

import galley

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main():
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count()
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    # On tmpfs, as the Rust benchmark runs: on a disk, the command line's fsync of every file
    # it writes (atomic writes) would be measured instead of cleaning.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    work = pathlib.Path(tempfile.mkdtemp(prefix="galley-pybench-", dir=os.environ.get("GALLEY_BENCH_DIR", shm)))
    release = ROOT / "target" / "release"
    subprocess.run(
        [release / "examples" / "bench", str(megabytes), str(work), "0"], check=True
    )
    corpus = work / "corpus"
    files = sorted(p for p in corpus.rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    engine = galley.Engine()
    cli, py = [], []
    for run in range(runs):
        out = work / f"clean-{run}"
        t = time.perf_counter()
        subprocess.run(
            [release / "galley", "clean", "-q", "-j", str(threads), "-o", out, corpus],
            check=True,
        )
        cli.append(time.perf_counter() - t)
        t = time.perf_counter()
        cleaned = engine.clean_many(texts, threads=threads)
        py.append(time.perf_counter() - t)
        if run == 0:
            # The same pages come out of both.
            same = all(
                c.text == (out / f.relative_to(corpus)).read_text(encoding="utf-8")
                for f, c in zip(files, cleaned)
            )
            print(f"clean_many equals galley clean DIR on every file: {same}")
        del cleaned
    print(f"corpus: {len(files)} files, {size:.1f} MB; {threads} threads; best (median) of {runs}")
    for label, secs in [(f"galley clean -j {threads} DIR", cli), (f"Engine.clean_many(threads={threads})", py)]:
        print(f"  {label:<34} {size / min(secs):7.1f} MB/s  ({size / statistics.median(secs):.1f})")
    print(f"  clean_many / CLI: {min(cli) / min(py):.2f}")
    line = "近年来,山西省气象局坚持党建引领。"
    n = 20000
    per = min(timeit.repeat(lambda: engine.clean(line), number=n, repeat=3)) / n
    print(f"  Engine.clean on a one-line string: {per * 1e6:.1f} µs")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
