#!/usr/bin/env bash
# Where a TransMIL training step (dim 1024, mlp_dim 512) spends its time:
# org.mhim.viewer.mil.bench.TransmilStepProfile prints the minimum wall and process-CPU time of the
# teacher pass alone and of the whole step over REPS repetitions, then, with TRACE, records one more
# step with libtorch's profiler and sums it per operator (bench/profile_summary.py).
#
#   bench/transmil-step-profile.sh INSTANCES [REPS [TRACE.json]]
# THREADS (default 2) sets the intra-op threads; CLASSES (default this build's target/classes and
# target/test-classes) runs another build, e.g. an older commit's, for an interleaved comparison.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/deps.sh
mhim_find_java
threads="${THREADS:-2}"
classes="${CLASSES:-target/classes:target/test-classes}"
if [[ -z "${CLASSES:-}" ]]; then
  mvn -B -q -o test-compile
fi
[[ -f target/bench-classpath.txt ]] || \
  mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
OMP_NUM_THREADS="$threads" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$classes:$(cat target/bench-classpath.txt)" org.mhim.viewer.mil.bench.TransmilStepProfile "$@" 2>/dev/null
if [[ $# -ge 3 ]]; then
  python3 bench/profile_summary.py "$3" 30
fi
