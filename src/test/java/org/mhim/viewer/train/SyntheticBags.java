package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import org.mhim.viewer.features.BagAttributes;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.features.FeatureBagH5;

/**
 * Synthetic MIL bags for tests and benchmarks: background instances are standard normal in every
 * dimension; a "salient" evidence instance is shifted strongly along one direction (dimensions
 * 0–3), a "subtle" one weakly along another (dimensions 4–7). A positive bag carries some of
 * either kind; a negative bag carries none.
 */
public final class SyntheticBags {

  public static final BagAttributes ATTRIBUTES = new BagAttributes(256, 0, 256, 20, "synthetic-v1");

  private final int dim;
  private final float salientShift;
  private final float subtleShift;

  public SyntheticBags(int dim, float salientShift, float subtleShift) {
    if (dim < 8) {
      throw new IllegalArgumentException("synthetic bags need at least 8 dimensions");
    }
    this.dim = dim;
    this.salientShift = salientShift;
    this.subtleShift = subtleShift;
  }

  /** A bag of {@code n} instances, {@code salient} and {@code subtle} of them evidence, at random places. */
  public FeatureBag bag(String id, Random random, int n, int salient, int subtle) {
    float[] features = new float[n * dim];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) random.nextGaussian();
    }
    int[] places = new int[n];
    for (int i = 0; i < n; i++) {
      places[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = places[i];
      places[i] = places[j];
      places[j] = t;
    }
    for (int k = 0; k < salient + subtle && k < n; k++) {
      int row = places[k];
      boolean isSalient = k < salient;
      int from = isSalient ? 0 : 4;
      float shift = isSalient ? salientShift : subtleShift;
      for (int d = from; d < from + 4; d++) {
        features[row * dim + d] += shift;
      }
    }
    long[] coords = new long[2 * n];
    for (int i = 0; i < n; i++) {
      coords[2 * i] = (i % 64) * 256L;
      coords[2 * i + 1] = (i / 64) * 256L;
    }
    return new FeatureBag(id, dim, features, coords, ATTRIBUTES);
  }

  /**
   * Writes bags {@code slide-0}, {@code slide-1}, … into {@code featuresDir}, the odd ones positive
   * ({@code salient} and {@code subtle} evidence instances), each of {@code size} instances drawn
   * before it, and splits them in that order: {@code train}, then {@code val}, then {@code test}.
   */
  public DataSplit writeSplit(Path featuresDir, Random random, IntSupplier size, int salient, int subtle, int train,
      int val, int test) throws IOException {
    List<LabeledSlide> slides = new ArrayList<>();
    for (int i = 0; i < train + val + test; i++) {
      int label = i % 2;
      String id = "slide-" + i;
      int n = size.getAsInt();
      write(featuresDir, bag(id, random, n, label * salient, label * subtle));
      slides.add(new LabeledSlide(id, label));
    }
    return new DataSplit(slides.subList(0, train), slides.subList(train, train + val),
        slides.subList(train + val, slides.size()));
  }

  /** Writes {@code bag} as {@code dir/h5_files/<id>.h5}. */
  public static void write(Path featuresDir, FeatureBag bag) throws IOException {
    FeatureBagH5.write(featuresDir.resolve("h5_files").resolve(bag.slideId() + ".h5"), bag);
  }
}
