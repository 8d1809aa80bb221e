# Sourced by the bench scripts that run a PyTorch baseline (needs $root and $threads).
# Debian's python3-torch calls the system BLAS, which defaults to the unoptimised reference libblas3
# (~30x slower per matrix product than PyTorch with a real BLAS). Give the baseline process (only
# it) OpenBLAS, unpacked from the Debian package without installing it: the OpenMP build, whose
# threads are PyTorch's own OpenMP threads. The pthread build, used here until 2026-11-26 09:10,
# ran its own pool beside PyTorch's and the two oversubscribed the cores: the reference's predict
# took 28 instead of 10.5 ms on 1,000 instances (docs/benchmarks.md). Sets baseline_env (an array of
# VAR=value for `env`) and baseline_blas (what the baseline got, for the report).
blas_dir="$root/target/bench-openblas/usr/lib/x86_64-linux-gnu/openblas-openmp"
if [[ ! -e "$blas_dir/libblas.so.3" ]]; then
  mkdir -p "$root/target/bench-openblas"
  (cd "$root/target/bench-openblas" && apt-get download -q libopenblas0-openmp >/dev/null 2>&1 \
    && dpkg -x libopenblas0-openmp_*.deb .)
fi
# The PyTorch reference runs as PyTorch runs by default: without the spin count our launcher sets.
baseline_env=(-u GOMP_SPINCOUNT OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads")
baseline_blas="the system BLAS"
if [[ -e "$blas_dir/libblas.so.3" ]]; then
  baseline_env+=(LD_LIBRARY_PATH="$blas_dir")
  baseline_blas="OpenBLAS 0.3 (Debian libopenblas0-openmp)"
fi
