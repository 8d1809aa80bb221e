package org.mhim.viewer.tissue;

/** The per-pixel measure of "stained" that tissue detection thresholds, scaled to 0–255. */
public enum TissueChannel {
  /**
   * HSV saturation, (max − min) / max of R, G, B: high for stained tissue, near zero for white
   * glass and for grey or black debris (CLAM's choice).
   */
  SATURATION {
    @Override
    int value(int r, int g, int b) {
      int max = Math.max(r, Math.max(g, b));
      int min = Math.min(r, Math.min(g, b));
      return max == 0 ? 0 : (max - min) * 255 / max;
    }
  },
  /**
   * Mean optical density of R, G, B, −log10((I + 1) / 256), with OD 1.275 mapped to 255: also
   * finds faint or unstained tissue that is darker than glass but not coloured; also finds dark
   * pen marks and debris.
   */
  OPTICAL_DENSITY {
    @Override
    int value(int r, int g, int b) {
      double od = (OD[r] + OD[g] + OD[b]) / 3;
      return (int) Math.min(255, Math.round(od * 200));
    }
  };

  private static final double[] OD = new double[256];

  static {
    for (int i = 0; i < 256; i++) {
      OD[i] = -Math.log10((i + 1) / 256.0);
    }
  }

  /** The measure of one opaque RGB pixel, 0–255. */
  abstract int value(int r, int g, int b);
}
