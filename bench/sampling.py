"""How the PyTorch baselines sample a timed call: the rule of the Java benchmarks'
org.mhim.viewer.mil.bench.Sampling. Warm up for at least one call and BENCH_WARMUP_S seconds (1 by
default, as the Java side's mhim.bench.warmup.s), then time at
least the calls asked for (5 by default) and three seconds, at most 41 calls, stopping after twenty seconds once one is timed.
Returns the median wall and process-CPU ms and the number of timed calls."""
import os
import statistics
import time

MAX_RUNS = 41


def sample(call, min_runs=5):
    """call(i) is run with the index of the call (warm-up calls count from 0 too)."""
    warm_up_end = time.perf_counter() + float(os.environ.get("BENCH_WARMUP_S", "1"))
    i = 0
    while True:
        call(i)
        i += 1
        if time.perf_counter() >= warm_up_end:
            break
    wall, cpu = [], []
    start = time.perf_counter()
    while len(wall) < MAX_RUNS:
        elapsed = time.perf_counter() - start
        if (len(wall) >= min(min_runs, MAX_RUNS) and elapsed >= 3.0) or (wall and elapsed >= 20.0):
            break
        c0, t0 = time.process_time(), time.perf_counter()
        call(len(wall))
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu), len(wall)
