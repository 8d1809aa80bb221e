package org.mhim.viewer.tissue;

/**
 * One annotated region: a polygon in level-0 pixels and its class name ("Tissue", "Tumor", … as
 * in QuPath; empty when unclassified).
 */
public record Annotation(String classification, Polygon polygon) {

  public Annotation {
    classification = classification == null ? "" : classification;
  }

  /** Whether the class is {@code name}, ignoring case (QuPath files vary: "Tumor", "tumor"). */
  public boolean is(String name) {
    return classification.equalsIgnoreCase(name);
  }
}
