"""The single-precision products of a training step, timed alone: what two threads of a BLAS reach
here at the shapes of a DSMIL step on 10,000 instances and of TransMIL's Moore-Penrose iterations.

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=2 \\
        /usr/bin/python3 bench/gemm_rates.py

PyTorch (Debian's python3-torch) calls whichever libblas.so.3 the library path gives it: the
pthread build above is the OpenBLAS our OpenBLAS products use; bench/openblas.sh unpacks the OpenMP
build the PyTorch baseline runs with. Medians of 20 calls after 3 warm-up calls.
"""
import time

import torch

torch.set_num_threads(2)


def median_seconds(f, reps=20):
    for _ in range(3):
        f()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


x = torch.randn(10000, 1024)  # the bag
w = torch.randn(512, 1024)  # the projection
h = torch.randn(7761, 512)  # the student's tokens
ws = torch.randn(648, 512)  # DSMIL's three input layers, stacked and padded
dz = torch.randn(7761, 648)
a = torch.randn(8, 256, 256)  # Nystrom landmarks x landmarks, per head
b = torch.randn(8, 256, 256)
cases = [
    ("projection x.w^T [10000,1024]x[1024,512]", lambda: x @ w.t(), 2 * 10000 * 1024 * 512),
    ("stacked layer h.ws^T [7761,512]x[512,648]", lambda: h @ ws.t(), 2 * 7761 * 512 * 648),
    ("its input gradient dz.ws [7761,648]x[648,512]", lambda: dz @ ws, 2 * 7761 * 512 * 648),
    ("its weight gradient dz^T.h [648,7761]x[7761,512]", lambda: dz.t() @ h, 2 * 7761 * 512 * 648),
    ("pinv bmm [8,256,256]x[8,256,256]", lambda: torch.bmm(a, b), 8 * 2 * 256 ** 3),
]
for name, f, flops in cases:
    seconds = median_seconds(f)
    print(f"{name:52s} {seconds * 1e3:7.2f} ms {flops / seconds / 1e9:6.1f} GFLOP/s")
