package org.mhim.viewer.analysis;

import java.util.Locale;

/**
 * Maps a value in [0, 1] to an opaque colour. Viridis and magma are perceptually uniform (their
 * luminance rises steadily, so they read correctly in grey and for colour-blind readers); coolwarm
 * is diverging, for values with a meaningful middle; jet is there for those used to it.
 */
public enum Colormap {
  VIRIDIS("viridis", ColormapTables.viridis()),
  MAGMA("magma", ColormapTables.magma()),
  COOLWARM("coolwarm", ColormapTables.coolwarm()),
  JET("jet", jetTable());

  private static final int SIZE = 256;

  private final String displayName;
  private final int[] rgb;

  Colormap(String displayName, int[] rgb) {
    if (rgb.length != SIZE) {
      throw new IllegalStateException(displayName + " has " + rgb.length + " entries, not 256");
    }
    this.displayName = displayName;
    this.rgb = rgb.clone();
  }

  /** The lower-case name users type ("viridis", "magma", "coolwarm", "jet"). */
  public String displayName() {
    return displayName;
  }

  /**
   * Opaque ARGB colour for {@code t}, clamped to [0, 1]; NaN maps to 0. The table has 256 entries
   * and {@code t} picks the nearest, so 0 and 1 give exactly the first and last colours.
   */
  public int argb(double t) {
    return 0xFF000000 | rgb[index(t)];
  }

  /** The i-th table entry (0…255) as opaque ARGB; for colour bars and tests. */
  public int entry(int i) {
    return 0xFF000000 | rgb[i];
  }

  public int size() {
    return SIZE;
  }

  /** Parses a name, ignoring case; the message lists the names accepted. */
  public static Colormap parse(String name) {
    for (Colormap map : values()) {
      if (map.displayName.equals(name.toLowerCase(Locale.ROOT).strip())) {
        return map;
      }
    }
    throw new IllegalArgumentException(
        "unknown colormap '" + name + "' (use viridis, magma, coolwarm or jet)");
  }

  private static int index(double t) {
    if (!(t > 0)) {
      return 0; // also NaN
    }
    if (t >= 1) {
      return SIZE - 1;
    }
    return (int) Math.round(t * (SIZE - 1));
  }

  /**
   * MATLAB's jet: blue → cyan → yellow → red, each channel a trapezoid of slope 4 (red peaks over
   * [5/8, 7/8], green over [3/8, 5/8], blue over [1/8, 3/8]), with dark ends at 0 and 1.
   */
  private static int[] jetTable() {
    int[] table = new int[SIZE];
    for (int i = 0; i < SIZE; i++) {
      double t = i / (double) (SIZE - 1);
      int r = channel(1.5 - Math.abs(4 * t - 3));
      int g = channel(1.5 - Math.abs(4 * t - 2));
      int b = channel(1.5 - Math.abs(4 * t - 1));
      table[i] = r << 16 | g << 8 | b;
    }
    return table;
  }

  private static int channel(double v) {
    return (int) Math.round(Math.clamp(v, 0, 1) * 255);
  }
}
