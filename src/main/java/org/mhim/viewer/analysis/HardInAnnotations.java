package org.mhim.viewer.analysis;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.mhim.viewer.tissue.Annotation;

/**
 * Where the hard instances lie among a slide's annotations: for each annotation class, how many of
 * them have their centre inside an annotation of that class, and how many lie inside none. The
 * researcher's question: does the teacher mask the annotated tumour, or something else? Classes
 * nest (tumour inside tissue), so an instance can count for several.
 *
 * @param hard the hard instances
 * @param byClass per class, in the order the annotations first name it, the hard instances inside
 * @param outside the hard instances inside no annotation
 */
public record HardInAnnotations(int hard, Map<String, Integer> byClass, int outside) {

  /** The name shown for annotations without a class. */
  public static final String UNCLASSIFIED = "unclassified";

  public HardInAnnotations {
    byClass = Collections.unmodifiableMap(new LinkedHashMap<>(byClass));
  }

  /** The hard instances of {@code instances} against {@code annotations}. */
  public static HardInAnnotations of(Instances instances, List<Annotation> annotations) {
    Map<String, Integer> byClass = new LinkedHashMap<>();
    double[][] bounds = new double[annotations.size()][];
    for (int a = 0; a < annotations.size(); a++) {
      byClass.putIfAbsent(nameOf(annotations.get(a)), 0);
      bounds[a] = annotations.get(a).polygon().bounds();
    }
    int hard = 0;
    int outside = 0;
    for (int i = 0; i < instances.size(); i++) {
      if (!instances.isHard(i)) {
        continue;
      }
      hard++;
      double cx = instances.x(i) + instances.width(i) / 2.0;
      double cy = instances.y(i) + instances.height(i) / 2.0;
      boolean inAny = false;
      Set<String> counted = new HashSet<>();
      for (int a = 0; a < annotations.size(); a++) {
        double[] b = bounds[a];
        if (cx < b[0] || cx > b[2] || cy < b[1] || cy > b[3] || !annotations.get(a).polygon().contains(cx, cy)) {
          continue;
        }
        inAny = true;
        String name = nameOf(annotations.get(a));
        if (counted.add(name)) {
          byClass.merge(name, 1, Integer::sum);
        }
      }
      if (!inAny) {
        outside++;
      }
    }
    return new HardInAnnotations(hard, byClass, outside);
  }

  /** The class an annotation is listed under: its classification, or {@link #UNCLASSIFIED}. */
  public static String nameOf(Annotation a) {
    return a.classification().isBlank() ? UNCLASSIFIED : a.classification();
  }

  /** "Of 12 hard instances, 10 lie in Tumor, 12 in Tissue and none outside the annotations." */
  public String summary() {
    if (hard == 0) {
      return "No hard instances to place among the annotations.";
    }
    String inside = byClass.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%d (%s) in %s", e.getValue(), percent(e.getValue()), e.getKey()))
        .collect(Collectors.joining(", "));
    String none = outside == 0 ? "none" : String.format(Locale.ROOT, "%d (%s)", outside, percent(outside));
    return String.format(Locale.ROOT, "Of %d hard %s: %s; %s outside the annotations.", hard,
        hard == 1 ? "instance" : "instances", inside.isEmpty() ? "none in an annotation" : inside, none);
  }

  private String percent(int count) {
    return Math.round(100.0 * count / hard) + " %";
  }
}
