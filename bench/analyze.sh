#!/usr/bin/env bash
# End-to-end `analyze` benchmark (issue 7): per-phase wall time for a 24,000 × 18,000 demo slide
# with the built-in encoder (stain-texture-v1) on the CPU, first with an empty feature cache
# (tissue, grid, features, model, files), then again on the warm cache (the baseline the ratio
# compares with: what a second run costs). The model is the demo bundle when installed, else a
# randomly initialised AB-MIL bundle of the same shape (timings do not depend on the weights).
# Everything it makes lives in bench/out (git-ignored). Usage: bench/analyze.sh [READERS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../scripts/deps.sh
source scripts/deps.sh
mhim_find_java
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
out=bench/out
mkdir -p "$out"
readers="${1:-2}"
slide="$out/bench-24k.tif"

[[ -f "$slide" ]] || ./mhimview demo-slide "$slide" --width 24000 --height 18000 >&2
model=demo
if [[ ! -f assets/demo-model/manifest.json ]]; then
  mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
    -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    org.mhim.viewer.analysis.bench.BenchModel "$out/random-abmil" >&2
  model="$out/random-abmil"
fi
cache="$out/analyze-cache"
rm -rf "$cache" "$out/analyze"
command=(./mhimview analyze "$slide" --model "$model" --out "$out/analyze" --cache "$cache" --device cpu --readers "$readers")

echo "## analyze end to end ($(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(nproc) cores, CPU only)"
echo
echo "Command: bench/analyze.sh $readers, i.e. \`${command[*]}\` twice (cold cache, then warm)"
echo
for run in cold warm; do
  start=$(date +%s.%N)
  line=$("${command[@]}" 2>/dev/null | grep '^bench-24k:')
  end=$(date +%s.%N)
  echo "- $run: $line; process wall $(echo "$end - $start" | bc) s (JVM start and model load included)"
done
