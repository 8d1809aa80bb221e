package org.mhim.viewer.analysis;

/**
 * Orders instances by a float value without boxing: each key packs the value's bits, turned so
 * that signed-long order is value order, above the instance index, so a primitive sort of keys
 * sorts by value and then by index (a stable order for ties).
 */
final class SortKeys {

  private SortKeys() {}

  /** Key sorting ascending by {@code value}, ties by index. */
  static long ascending(float value, int index) {
    return ((long) orderedBits(value) << 32) | index;
  }

  /** Key sorting descending by {@code value}, ties by ascending index. */
  static long descending(float value, int index) {
    return ((long) ~orderedBits(value) << 32) | index;
  }

  /** The instance index a key was made for. */
  static int index(long key) {
    return (int) key;
  }

  /** Float bits as an int whose signed order is the float order (−0 before +0). */
  private static int orderedBits(float value) {
    int bits = Float.floatToIntBits(value);
    return bits ^ ((bits >> 31) & 0x7FFFFFFF);
  }
}
