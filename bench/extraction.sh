#!/usr/bin/env bash
# Extraction benchmark (issue 5): patches/s for (a) read+decode, (b) encode on preloaded batches,
# (c) the whole pipeline, for stain-texture-v1, the tiny TorchScript fixture and a
# ResNet-50-trunc-shaped TorchScript file, on a generated 40,000 × 30,000 demo slide.
# Everything it makes lives in bench/out (git-ignored). Usage: bench/extraction.sh [BATCH] [READERS]
# Patch counts: STAIN_PATCHES, TINY_PATCHES, RESNET_PATCHES; extra JVM options (-Dbench.queue=N,
# -Dbench.rounds=N, -Dai.djl.pytorch.num_threads=N): BENCH_JAVA_OPTS. An encoder with 0 patches is
# left out; SKIP_CANCEL=1 leaves out the cancellation latencies.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../scripts/deps.sh
source scripts/deps.sh
mhim_find_java
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
out=bench/out
mkdir -p "$out"
batch="${1:-32}"
readers="${2:-2}"

[[ -f "$out/bench-40k.tif" ]] || ./mhimview demo-slide "$out/bench-40k.tif" --width 40000 --height 30000
[[ -f "$out/resnet50-trunc.pt" ]] || /usr/bin/python3 bench/make_resnet50_trunc.py "$out"
cp -f ../shared/fixtures/encoders/tiny-encoder.pt "$out/tiny-encoder.pt"
cat > "$out/tiny-encoder.json" <<JSON
{"id": "tiny-encoder", "input_size": 224, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "output_dim": 64}
JSON

mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
echo "## Extraction ($(date -u +%Y-%m-%d), $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(nproc) cores, CPU only)"
echo
echo "Command: ${BENCH_JAVA_OPTS:+BENCH_JAVA_OPTS='$BENCH_JAVA_OPTS' }bench/extraction.sh $batch $readers (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
echo
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -Xmx6g ${BENCH_JAVA_OPTS:-} \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.mhim.viewer.features.ExtractionBenchmark "$out/bench-40k.tif" "$batch" "$readers" \
  "stain-texture-v1=${STAIN_PATCHES:-512}" "$out/tiny-encoder.pt=${TINY_PATCHES:-512}" "$out/resnet50-trunc.pt=${RESNET_PATCHES:-96}"
[[ -n "${SKIP_CANCEL:-}" ]] && exit 0
echo
echo "Cancellation latency (batch $batch, $readers readers; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
echo
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -Xmx6g ${BENCH_JAVA_OPTS:-} \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.mhim.viewer.features.CancellationBenchmark "$out/bench-40k.tif" "$batch" "$readers" \
  stain-texture-v1 "$out/tiny-encoder.pt" "$out/resnet50-trunc.pt"
echo
echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
