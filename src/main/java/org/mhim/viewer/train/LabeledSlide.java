package org.mhim.viewer.train;

/** One slide of a dataset and the index of its class. */
public record LabeledSlide(String slideId, int label) {}
