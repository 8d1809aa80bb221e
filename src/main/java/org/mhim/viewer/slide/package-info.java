/** OpenSlide binding (FFM), slide images, metadata, region reads, tile cache and the synthetic slide writer. JDK only. */
package org.mhim.viewer.slide;
