package org.mhim.viewer.analysis;

import org.mhim.viewer.mil.Bag;

/**
 * A {@link SlideResult} together with the feature bag it was computed from, in the result's
 * instance order: what the viewer keeps to ask the model again about a smaller bag (see {@link
 * WhatRemains}). The bag's arrays are shared, not copied (they are large); nobody writes to them.
 */
public record ResultWithBag(SlideResult result, Bag bag) {

  public ResultWithBag {
    if (result == null || bag == null) {
      throw new IllegalArgumentException("an analysis needs its result and its bag");
    }
    if (bag.n() != result.instanceCount()) {
      throw new IllegalArgumentException(
          result.slideId() + ": the bag has " + bag.n() + " instances, the result "
              + result.instanceCount());
    }
  }
}
