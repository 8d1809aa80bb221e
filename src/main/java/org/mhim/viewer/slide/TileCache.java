package org.mhim.viewer.slide;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Decoded tiles, bounded by bytes, least recently used dropped first, safe for many threads.
 *
 * <p>Single-flight: while one thread loads a tile, others asking for the same key wait for that
 * load instead of starting their own. A failed load is not cached; its exception reaches the
 * loader and every waiter. Cached images are shared: callers must not modify their pixels.
 */
public final class TileCache {

  /** The default bound: 512 MiB of decoded pixels. */
  public static final long DEFAULT_MAX_BYTES = 512L << 20;

  private final long maxBytes;
  private final Map<TileKey, CompletableFuture<ArgbImage>> inFlight = new ConcurrentHashMap<>();

  // Everything below is guarded by lock; held only for map updates, never during a load.
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<TileKey, ArgbImage> tiles = new LinkedHashMap<>(256, 0.75f, true);
  private final Map<String, Long> generations = new HashMap<>();
  private long bytes;
  private long hits;
  private long misses;
  private long evictions;

  public TileCache() {
    this(DEFAULT_MAX_BYTES);
  }

  public TileCache(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("a tile cache needs a positive size, not " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /**
   * The tile for {@code key}: from the cache, from a load in flight, or loaded now by {@code
   * loader} on the calling thread. Blocks until it is there.
   *
   * @throws RuntimeException whatever the loader threw (for this caller or the one it waited on)
   */
  public ArgbImage get(TileKey key, Supplier<ArgbImage> loader) {
    long generation;
    lock.lock();
    try {
      ArgbImage cached = tiles.get(key);
      if (cached != null) {
        hits++;
        return cached;
      }
      generation = generations.getOrDefault(key.sourceId(), 0L);
    } finally {
      lock.unlock();
    }
    CompletableFuture<ArgbImage> mine = new CompletableFuture<>();
    CompletableFuture<ArgbImage> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      countHit();
      return await(running);
    }
    return load(key, loader, mine, generation);
  }

  /** The cached tile, if any (marks it recently used; starts no load and counts nothing). */
  public Optional<ArgbImage> getIfPresent(TileKey key) {
    lock.lock();
    try {
      return Optional.ofNullable(tiles.get(key));
    } finally {
      lock.unlock();
    }
  }

  /** Drops every cached tile of {@code sourceId}; loads in flight for it will not be cached. */
  public void invalidate(String sourceId) {
    lock.lock();
    try {
      generations.merge(sourceId, 1L, Long::sum);
      Iterator<Map.Entry<TileKey, ArgbImage>> it = tiles.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<TileKey, ArgbImage> entry = it.next();
        if (entry.getKey().sourceId().equals(sourceId)) {
          bytes -= 4L * entry.getValue().pixels().length;
          it.remove();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  public CacheStats stats() {
    lock.lock();
    try {
      return new CacheStats(hits, misses, evictions, bytes, tiles.size(), maxBytes);
    } finally {
      lock.unlock();
    }
  }

  private ArgbImage load(
      TileKey key, Supplier<ArgbImage> loader, CompletableFuture<ArgbImage> mine, long generation) {
    try {
      // Another thread may have finished this tile between our lookup and our claim.
      ArgbImage cached = getIfPresent(key).orElse(null);
      if (cached != null) {
        countHit();
        mine.complete(cached);
        return cached;
      }
      lock.lock();
      try {
        misses++;
      } finally {
        lock.unlock();
      }
      ArgbImage tile = loader.get();
      if (tile == null) {
        throw new IllegalStateException("tile loader returned nothing for " + key);
      }
      store(key, tile, generation);
      mine.complete(tile);
      return tile;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      // Stored before this removal, so a tile is always findable in one of the two maps.
      inFlight.remove(key, mine);
    }
  }

  private void store(TileKey key, ArgbImage tile, long generation) {
    long size = 4L * tile.pixels().length;
    lock.lock();
    try {
      if (size > maxBytes || generations.getOrDefault(key.sourceId(), 0L) != generation) {
        return;
      }
      ArgbImage previous = tiles.put(key, tile);
      if (previous != null) {
        bytes -= 4L * previous.pixels().length;
      }
      bytes += size;
      Iterator<Map.Entry<TileKey, ArgbImage>> eldest = tiles.entrySet().iterator();
      while (bytes > maxBytes && eldest.hasNext()) {
        Map.Entry<TileKey, ArgbImage> entry = eldest.next();
        bytes -= 4L * entry.getValue().pixels().length;
        eldest.remove();
        evictions++;
      }
    } finally {
      lock.unlock();
    }
  }

  private void countHit() {
    lock.lock();
    try {
      hits++;
    } finally {
      lock.unlock();
    }
  }

  private static ArgbImage await(CompletableFuture<ArgbImage> running) {
    try {
      return running.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a tile load");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }
}
