#!/usr/bin/env bash
# Level read benchmark (issue 3): the viewer's 256-px tiles of every level whose downsample is not a
# whole number, read through OpenSlide's readRegion at the level-0 position (what the viewer did:
# OpenSlide lands between pixels and resamples) and through SlideImage.readLevelRegion (the stored
# tiles decoded by libtiff), alternating passes in one JVM on one thread; prints wall and CPU ms per
# tile for both and their ratio. Default slide: the viewer benchmark's 100,000 × 80,000 one (made
# by bench/viewer.sh; reused from /work/main/bench/out when there).
#   bench/level-read.sh [SLIDE] [PASSES] [LEVELS]   (LEVELS: e.g. 0,3 — whole-number levels too,
#                                                   up to 200 tiles each; default: the fractional ones)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../scripts/deps.sh
source scripts/deps.sh
mhim_find_java
mhim_need_packages "${MHIM_RUNTIME_PACKAGES[@]}"

slide="${1:-bench/out/viewer-100000x80000.tif}"
passes="${2:-10}"
levels=("${@:3}")
if [[ ! -f "$slide" ]]; then
  echo "no $slide: run bench/viewer.sh first (it makes the slide), or name a slide" >&2
  exit 2
fi
out="$root/bench/out"
mkdir -p "$out"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out/classpath.txt" >&2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g \
  -cp "target/classes:target/test-classes:$(cat "$out/classpath.txt")" \
  org.mhim.viewer.slide.bench.LevelReadBench "$slide" "$passes" "${levels[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
