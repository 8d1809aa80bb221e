package org.mhim.viewer.slide;

/** One pyramid level: its size in pixels and how many level-0 pixels one of its pixels covers. */
public record SlideLevel(long width, long height, double downsample) {}
