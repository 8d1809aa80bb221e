package org.mhim.viewer.analysis;

import java.util.List;
import java.util.Locale;

/**
 * Colours for classes in exports and legends: QuPath's usual colours for the classes it knows
 * (so a "Tumor" detection looks as a QuPath user expects), otherwise Tableau 10 by class index.
 */
public final class ClassColors {

  /** Amber: stands out against the class colours and against H&amp;E. */
  public static final int HARD_INSTANCES = 0xFFB000;

  private static final int[] PALETTE = {
    0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC
  };

  private ClassColors() {}

  /** {@code 0xRRGGBB} for the class at {@code index} named {@code name}. */
  public static int rgb(String name, int index) {
    return switch (name.toLowerCase(Locale.ROOT).strip()) {
      case "tumor", "tumour", "positive", "malignant" -> 0xC80000;
      case "normal", "negative", "benign" -> 0x4E79A7;
      case "stroma" -> 0x96C896;
      case "necrosis" -> 0x323232;
      case "immune cells", "lymphocytes" -> 0xA05AC8;
      default -> PALETTE[Math.floorMod(index, PALETTE.length)];
    };
  }

  /** Colours for every class, in order. */
  public static int[] rgb(List<String> classNames) {
    int[] colors = new int[classNames.size()];
    for (int i = 0; i < colors.length; i++) {
      colors[i] = rgb(classNames.get(i), i);
    }
    return colors;
  }
}
