#!/usr/bin/env bash
# Panning with overlays (issue 7): frame time p95 while panning a 24,000 × 18,000 demo slide with
# two overlays on, against the same pan without overlays (interleaved rounds, same run), under
# Xvfb with the software pipeline. The slide is analysed in-process with the demo model through a
# feature cache in bench/out (about 4 min the first time on a 2-core VM, seconds afterwards).
# Appends the result to docs/benchmarks.md. Usage: bench/viewer-overlays.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/deps.sh
source "$root/scripts/deps.sh"
mhim_find_java
cd "$root"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

mvn -q -B package -DskipTests >&2
out=bench/out
mkdir -p "$out"
slide="$out/bench-24k.tif"
[[ -f "$slide" ]] || ./mhimview demo-slide "$slide" --width 24000 --height 18000 >&2
model=assets/demo-model
[[ -f "$model/manifest.json" ]] || { echo "viewer-overlays.sh: the demo model is not in $model" >&2; exit 1; }

fx_jars=$(find target/lib -name 'javafx-*-linux.jar' | sort | paste -sd:)
cp_jars=$(find target/lib -name '*.jar' ! -name 'javafx-*' | sort | paste -sd:)
cmd=("$JAVA_HOME/bin/java" -Xmx1g --module-path "$fx_jars" --add-modules javafx.controls,javafx.swing
  --enable-native-access=ALL-UNNAMED,javafx.graphics -Dprism.order=sw -Dai.djl.offline=true
  -cp "target/classes:target/test-classes:$cp_jars" org.mhim.viewer.ui.ViewerOverlayBenchmark
  "$slide" "$model" "$out/overlay-cache")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
result=$(xvfb-run -a -s "-screen 0 1920x1080x24" "${cmd[@]}" 2>/dev/null | grep -v '^WARNING' | grep -v '^\[W')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$result"

{
  echo
  echo "## Viewer: panning with overlays (issue 7) — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- Machine: $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(nproc) cores; load average $load_before before, $load_after after"
  echo "- Command: \`bench/viewer-overlays.sh\` (Xvfb, Prism software pipeline, -Xmx1g, window 1280 × 800, demo model)"
  echo "- Baseline: the same pan without overlays, in rounds interleaved with the overlay rounds of the same run"
  echo
  echo '```'
  echo "$result"
  echo '```'
} >> docs/benchmarks.md
