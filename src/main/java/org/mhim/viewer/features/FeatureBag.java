package org.mhim.viewer.features;

/**
 * The instance features of one slide: {@code count} rows of {@code dim} floats, row-major, and
 * each row's patch position (level-0 top-left x, y), the layout CLAM and TRIDENT store.
 *
 * <p>Bags are large (tens of thousands × 1024 floats), so the arrays are taken as they are, not
 * copied: whoever builds a bag hands its arrays over and nobody writes to them afterwards.
 *
 * @param slideId the slide's name (file name without extension), as in {@code h5_files/<id>.h5}
 * @param dim feature length
 * @param features {@code count × dim} floats, row-major
 * @param coords {@code count × 2} level-0 (x, y) pairs, or empty when the source had none (pt files)
 * @param attributes how the patches were cut and encoded
 */
public record FeatureBag(String slideId, int dim, float[] features, long[] coords, BagAttributes attributes) {

  public FeatureBag {
    if (slideId == null || slideId.isBlank()) {
      throw new IllegalArgumentException("a feature bag needs a slide id");
    }
    if (dim < 1) {
      throw new IllegalArgumentException(slideId + ": feature dimension must be positive, not " + dim);
    }
    if (features.length % dim != 0) {
      throw new IllegalArgumentException(
          slideId + ": " + features.length + " values are not whole rows of " + dim);
    }
    long rows = features.length / dim;
    if (coords.length != 0 && coords.length != 2 * rows) {
      throw new IllegalArgumentException(
          slideId + ": " + rows + " feature rows but " + coords.length / 2 + " coordinates");
    }
  }

  /** Number of instances (patches). */
  public int count() {
    return features.length / dim;
  }

  /** Whether the patch positions are known. */
  public boolean hasCoords() {
    return coords.length > 0 || features.length == 0;
  }

  /** A copy of row {@code i}. */
  public float[] row(int i) {
    float[] row = new float[dim];
    System.arraycopy(features, i * dim, row, 0, dim);
    return row;
  }

  /** Level-0 x of patch {@code i}. */
  public long x(int i) {
    return coords[2 * i];
  }

  /** Level-0 y of patch {@code i}. */
  public long y(int i) {
    return coords[2 * i + 1];
  }
}
