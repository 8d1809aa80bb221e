# Sourced by bench/predict.sh and bench/training-step.sh, which time our model beside a PyTorch
# baseline of the same work: needs $root and $threads; $1 names the baseline's script, which checks
# itself against the parity fixtures here before anything is timed. Sets python, before_classes,
# before_label, ours_label, the baseline's environment (openblas.sh) and the warm-up (sampling.sh);
# builds the test classes and their classpath (target/bench-classpath.txt); defines ours_java.
# shellcheck source=sampling.sh
source "$root/bench/sampling.sh"
python=/usr/bin/python3
before_classes="${BEFORE_CLASSES:-}"
before_label="${BEFORE_LABEL:-before}"
# BEFORE_JAVA_OPTS / OURS_JAVA_OPTS: extra JVM options of each side, e.g. BEFORE_CLASSES=target/classes:target/test-classes
# BEFORE_JAVA_OPTS=-Dmhim.openblas=off BEFORE_LABEL=libtorch compares this build with and without OpenBLAS.
ours_label="$(git rev-parse --short HEAD 2>/dev/null || echo 'working tree')"
# shellcheck source=openblas.sh
source "$root/bench/openblas.sh"

mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
for fixture in abmil transmil dsmil; do
  env "${baseline_env[@]}" "$python" "$1" check "$root/../shared/fixtures/mhim-parity/$fixture"
done

# ours_java CLASSPATH MAIN [JVM OPTION...] -- [ARGUMENT...]: one benchmark JVM of ours, with the
# intra-op threads and the warm-up the baseline gets, and the main class's classes before the
# dependencies.
ours_java() {
  local cp="$1" main="$2" options=()
  shift 2
  while (($# > 0)) && [[ "$1" != -- ]]; do
    options+=("$1")
    shift
  done
  (($# > 0)) && shift # the --
  OMP_NUM_THREADS="$threads" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
    -Dmhim.bench.warmup.s="$warmup" "${options[@]}" \
    -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$cp:$(cat "$root/target/bench-classpath.txt")" \
    "$main" "$@"
}
