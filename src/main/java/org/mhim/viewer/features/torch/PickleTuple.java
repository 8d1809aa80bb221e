package org.mhim.viewer.features.torch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** A Python tuple read from a pickle: an immutable list of values, compared by content. */
public record PickleTuple(List<Object> items) {

  public PickleTuple {
    // List.copyOf refuses null elements, and Python's None is a legal tuple element.
    items = Collections.unmodifiableList(new ArrayList<>(items));
  }

  public int size() {
    return items.size();
  }

  public Object get(int index) {
    return items.get(index);
  }

  @Override
  public String toString() {
    String inner = items.stream().map(String::valueOf).collect(Collectors.joining(", "));
    return items.size() == 1 ? "(" + inner + ",)" : "(" + inner + ")";
  }
}
