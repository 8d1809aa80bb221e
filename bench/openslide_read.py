#!/usr/bin/python3
"""Baseline for bench/slide-read.sh: the same 256-px level-0 reads through Debian's python3-openslide.

Usage: openslide_read.py SLIDE POSITIONS.csv THREADS
Prints: python reads/s threads=N RATE cpu_ms_per_read MS (process CPU time, all threads)
"""
import sys
import threading
import time

import openslide

TILE = 256


def main():
    slide_path, positions_path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(positions_path) as f:
        positions = [tuple(int(v) for v in line.split(",")) for line in f if line.strip()]
    slide = openslide.OpenSlide(slide_path)  # fresh handle: OpenSlide's cache starts empty
    sink = [0] * threads

    def work(first):
        for i in range(first, len(positions), threads):
            x, y = positions[i]
            tile = slide.read_region((x, y), 0, (TILE, TILE))
            sink[first] += tile.getpixel((TILE // 2, TILE // 2))[0]

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    cpu_start = time.process_time()
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - start
    cpu_ms = (time.process_time() - cpu_start) * 1000
    slide.close()
    print(f"python reads/s threads={threads} {len(positions) / elapsed:.1f}"
          f" cpu_ms_per_read {cpu_ms / len(positions):.3f}")


if __name__ == "__main__":
    main()
