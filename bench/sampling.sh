# Sourced by the bench scripts whose two sides sample timed calls by Sampling.java and sampling.py.
# WARMUP_S (default 10): each side's least warm-up in seconds before timing. The JVM compiles the
# code it times over its first seconds, its compiler thread taking one of the two cores beside the
# calls; PyTorch needs no warm-up, and gets the same. Sets warmup (for the Java side's
# -Dmhim.bench.warmup.s and the report) and exports BENCH_WARMUP_S (read by sampling.py).
warmup="${WARMUP_S:-10}"
export BENCH_WARMUP_S="$warmup"
