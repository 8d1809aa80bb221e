# Sourced by ./mhimview and ./run-tests: makes sure the Debian packages and Java 25 are there.
# Installs missing packages when run as root; otherwise prints the exact apt-get line and stops.

mhim_find_java() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
    [[ -n "$candidate" && -x "$candidate/bin/java" ]] || continue
    if "$candidate/bin/java" -version 2>&1 | grep -qE 'version "25'; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "mhimview: Java 25 not found. Set JAVA_HOME to a JDK 25 (for example Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64)." >&2
  return 1
}

# mhim_need_packages PKG... : installs (as root) or names the packages that dpkg does not have.
mhim_need_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -eq 0 ]]; then
    echo "mhimview: installing ${missing[*]}" >&2
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } >&2 || {
      echo "mhimview: apt-get failed to install ${missing[*]}" >&2
      return 1
    }
  else
    echo "mhimview: missing Debian packages. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
}

# fonts-dejavu-core: the heatmap figure draws text with AWT, which needs a font even headless.
# libopenblas0-pthread: the model's instance projection multiplies through OpenBLAS on the CPU
# (faster than libtorch's MKL on AMD); without it libtorch does the products. The tests check the
# binding against it, so the test list names it too.
# libtiff6: the viewer decodes TIFF slides' stored tiles with it directly (libopenslide0 depends on
# it already; named for clarity).
MHIM_RUNTIME_PACKAGES=(libopenslide0 libtiff6 libgtk-3-0 libgl1 libxtst6 fonts-dejavu-core libopenblas0-pthread)
MHIM_TEST_PACKAGES=(xvfb xauth libvips-tools openslide-tools libopenblas0-pthread)

# mhim_model_env: the environment of the commands that run the model on feature bags alone (train,
# predict), set by the launcher for them and by the benchmarks that time them. libtorch's OpenMP
# workers spin 300,000 rounds after each parallel region before they sleep; between the model's
# libtorch ops run the OpenBLAS products and Java passes, which then share the cores with a spinning
# worker. 1,000 rounds made a training step on a 1,000-instance bag ~20 % faster (AB-MIL 112 → 88 ms)
# and changed neither predict nor the larger steps. Not for extraction, a chain of libtorch ops back
# to back, which it slowed by 15–25 % (docs/benchmarks.md). A value already set is kept.
mhim_model_env() {
  export GOMP_SPINCOUNT="${GOMP_SPINCOUNT:-1000}"
}
