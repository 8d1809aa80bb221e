#!/usr/bin/env bash
# "Subtle vs salient" evidence benchmark of the two-stage MHIM recipe (issue 6): synthetic bags
# (32-d, 50–100 instances) whose training positives carry 3–5 strongly shifted (salient) instances
# and 6–10 % weakly shifted (subtle) ones in another direction; test positives are easy (both) or
# subtle-only (design: SubtleSalientBench.Design, docs/benchmarks.md). Trains the baseline alone and MHIM (fresh student,
# teacher from the baseline) per seed and prints test AUC on easy and on subtle-only positives,
# then times baseline vs MHIM epochs for AB-MIL and TransMIL in the same process. When PyTorch is
# importable (python3-torch), bench/reference_subtle_salient.py runs the same recipe on bags of the
# same distribution with the reference's step and loop, for comparison.
#
#   bench/subtle-salient.sh [SEEDS [EPOCHS]]      e.g. bench/subtle-salient.sh 1,2,3 15
# THREADS (default 1) sets PyTorch's intra-op threads ("default": libtorch's choice); AUX (default
# 0, `train`'s and the reference parser's default; MHIM.md's is 0.5) the consistency weight of both
# runs; JOPTS adds JVM options, e.g. JOPTS=-Dbench.lr=2e-4 (also -Dbench.maskRatioH, -Dbench.maskRatioHr
# and the design's -Dbench.<field>, e.g. -Dbench.subtleShift=1.5).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/deps.sh
mhim_find_java
seeds="${1:-1,2,3}"
epochs="${2:-12}"
threads="${THREADS:-1}"
aux="${AUX:-0}"
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
run() {  # threads=default leaves libtorch its own thread counts
  local envs=() opts=()
  if [[ "$threads" != default ]]; then
    envs=(OMP_NUM_THREADS="$threads")
    opts=(-Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1)
  fi
  local log
  log="$(mktemp)"
  # A failed run (e.g. a non-finite loss) says so with its first exception line instead of ending the script.
  if ! env "${envs[@]}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
    -Dbench.auxAlpha="$aux" ${JOPTS:-} "${opts[@]}" -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
    org.mhim.viewer.train.bench.SubtleSalientBench "$@" 2>"$log" | grep -E '^(result|timing)'; then
    echo "failed: SubtleSalientBench $* (threads $threads): $(grep -m1 -E 'Exception|Error' "$log" || echo 'no output')"
  fi
  rm -f "$log"
}
echo "machine: $(lscpu | grep 'Model name' | sed 's/ *Model name: *//'), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
run "$seeds" "$epochs" abmil
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  (cd bench && OMP_NUM_THREADS="$threads" /usr/bin/python3 reference_subtle_salient.py "$seeds" epochs="$epochs" aux="$aux")
fi
run 1 3 abmil timing
run 1 3 transmil timing
