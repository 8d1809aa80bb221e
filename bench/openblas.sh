# Sourced by the bench scripts that run a PyTorch baseline (needs $root and $threads).
# Debian's python3-torch calls the system BLAS, which defaults to the unoptimised reference libblas3
# (~30x slower per matrix product than PyTorch with a real BLAS). Give the baseline process (only
# it) OpenBLAS, unpacked from the Debian package without installing it. Sets baseline_env (an array
# of VAR=value for `env`) and baseline_blas (what the baseline got, for the report).
blas_dir="$root/target/bench-openblas/usr/lib/x86_64-linux-gnu/openblas-pthread"
if [[ ! -e "$blas_dir/libblas.so.3" ]]; then
  mkdir -p "$root/target/bench-openblas"
  (cd "$root/target/bench-openblas" && apt-get download -q libopenblas0-pthread >/dev/null 2>&1 \
    && dpkg -x libopenblas0-pthread_*.deb .)
fi
# The PyTorch reference runs as PyTorch runs by default: without the spin count our launcher sets.
baseline_env=(-u GOMP_SPINCOUNT OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads")
baseline_blas="the system BLAS"
if [[ -e "$blas_dir/libblas.so.3" ]]; then
  baseline_env+=(LD_LIBRARY_PATH="$blas_dir")
  baseline_blas="OpenBLAS 0.3 (Debian libopenblas0-pthread)"
fi
