package org.mhim.viewer.mil;

import java.util.Arrays;
import java.util.Locale;

/** The three MIL aggregators ("baselines" in the reference), with their reference names. */
public enum AggregatorKind {
  /** Attention-based MIL; reference {@code attn}. */
  ABMIL("attn"),
  /** TransMIL (Nyström self-attention + PPEG); reference {@code selfattn}. */
  TRANSMIL("selfattn"),
  /** Dual-stream MIL; reference {@code dsmil}. */
  DSMIL("dsmil");

  private final String referenceName;

  AggregatorKind(String referenceName) {
    this.referenceName = referenceName;
  }

  /** The reference's {@code baseline} value. */
  public String referenceName() {
    return referenceName;
  }

  /** Our name, as written in bundle manifests ({@code abmil}, {@code transmil}, {@code dsmil}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Accepts our name or the reference's, case-insensitively. */
  public static AggregatorKind parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(k -> k.id().equals(n) || k.referenceName.equals(n))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown aggregator '" + name + "' (expected abmil/attn, transmil/selfattn or dsmil)"));
  }
}
