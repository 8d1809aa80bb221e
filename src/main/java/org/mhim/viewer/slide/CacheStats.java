package org.mhim.viewer.slide;

/**
 * A snapshot of a {@link TileCache}'s counters.
 *
 * @param hits requests answered without starting a load (cached, or joined a load in flight)
 * @param misses loads started
 * @param evictions tiles dropped to stay under {@code maxBytes}
 * @param bytes bytes the cached tiles occupy now
 * @param entries tiles cached now
 * @param maxBytes the bound
 */
public record CacheStats(
    long hits, long misses, long evictions, long bytes, long entries, long maxBytes) {

  /** Share of requests that were hits, 0 when there were none. */
  public double hitRate() {
    long requests = hits + misses;
    return requests == 0 ? 0 : (double) hits / requests;
  }
}
