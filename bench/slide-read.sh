#!/usr/bin/env bash
# Slide I/O benchmark: builds, makes the default 24,000 × 18,000 demo slide (timed), then reads
# 256-px level-0 tiles at random positions with 1 and 2 threads through our FFM binding and, in the
# same run and on the same file and positions, through Debian's python3-openslide; then times
# TileCache hits. Prints a markdown section; with --record also appends it to docs/benchmarks.md.
#
#   bench/slide-read.sh [--record] [--reads N] [--rounds N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../scripts/deps.sh
source scripts/deps.sh
mhim_find_java
mhim_need_packages "${MHIM_RUNTIME_PACKAGES[@]}" python3-openslide

record=false
reads=1500
rounds=3
while (($#)); do
  case "$1" in
    --record) record=true ;;
    --reads) reads="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    *) echo "usage: bench/slide-read.sh [--record] [--reads N] [--rounds N]" >&2; exit 2 ;;
  esac
  shift
done

out="$root/bench/out"
mkdir -p "$out"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
echo "building…" >&2
./mhimview --version >/dev/null
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out/classpath.txt" >&2

slide="$out/bench-slide.tif"
rm -f "$slide" "$out/bench-slide.annotations.geojson"
echo "generating the 24,000 × 18,000 demo slide…" >&2
TIMEFORMAT='%R %U %S'
gen_times=$( { time ./mhimview demo-slide "$slide" >&2; } 2>&1 | tail -1 )
read -r gen_wall gen_user gen_sys <<<"$gen_times"

java_run() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g \
    -cp "target/classes:target/test-classes:$(cat "$out/classpath.txt")" \
    org.mhim.viewer.slide.bench.SlideReadBench "$slide" "$out/positions.csv" "$reads"
}
python_run() { /usr/bin/python3 bench/openslide_read.py "$slide" "$out/positions.csv" "$1"; }

# Interleaved rounds; the best of each is kept, so a burst of load elsewhere hurts both alike.
results="$out/results.txt"
: >"$results"
for round in $(seq "$rounds"); do
  echo "round $round…" >&2
  java_run | tee -a "$results" >&2
  python_run 1 | tee -a "$results" >&2
  python_run 2 | tee -a "$results" >&2
done

best() { grep "^$1 reads/s threads=$2 " "$results" | awk '{print $4}' | sort -g | tail -1; }
least_cpu() { grep "^$1 reads/s threads=$2 " "$results" | awk '{print $6}' | sort -g | head -1; }
j1=$(best java 1); j2=$(best java 2); p1=$(best python 1); p2=$(best python 2)
jc1=$(least_cpu java 1); jc2=$(least_cpu java 2); pc1=$(least_cpu python 1); pc2=$(least_cpu python 2)
hit_mean=$(grep '^cache hit' "$results" | awk '{print $4}' | sort -g | head -1)
hit_p99=$(grep '^cache hit' "$results" | awk '{print $6}' | sort -g | head -1)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

section=$(cat <<MD

## Slide reads — $(date -u '+%Y-%m-%d %H:%M UTC')

- Machine: $(lscpu | grep 'Model name' | sed 's/.*: *//'), $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg); OpenSlide $(/usr/bin/python3 -c 'import openslide; print(openslide.__library_version__)'), python3-openslide $(/usr/bin/python3 -c 'import openslide; print(openslide.__version__)'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)
- Command: \`bench/slide-read.sh --reads $reads --rounds $rounds\`
- Slide: demo slide 24,000 × 18,000 (\`./mhimview demo-slide\`), $(du -h "$slide" | cut -f1); $reads reads of 256 × 256 at random level-0 positions, the same positions for both bindings, a fresh handle per run, best of $rounds interleaved rounds. CPU ms per read is the process's CPU time (all threads) over the reads: it stays meaningful when other work shares the cores.

| measurement | ours (FFM) | python3-openslide | ratio ours / python (> 1: ours faster) |
|---|---:|---:|---:|
| tile reads/s, 1 thread (wall) | $j1 | $p1 | $(ratio "$j1" "$p1") |
| tile reads/s, 2 threads (wall) | $j2 | $p2 | $(ratio "$j2" "$p2") |
| CPU ms per read, 1 thread | $jc1 | $pc1 | $(ratio "$pc1" "$jc1") |
| CPU ms per read, 2 threads | $jc2 | $pc2 | $(ratio "$pc2" "$jc2") |

- TileCache hit (1,000 cached 256-px tiles, random keys): mean ${hit_mean} ns, p99 ${hit_p99} ns (goal < 50,000 ns).
- Demo slide generation, 24,000 × 18,000 (8 levels, thumbnail, label): ${gen_wall} s wall, ${gen_user} s user + ${gen_sys} s system CPU (goal < 30 s wall).
MD
)
echo "$section"
if $record; then
  echo "$section" >>docs/benchmarks.md
  echo "appended to docs/benchmarks.md" >&2
fi
