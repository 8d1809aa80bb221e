/** Patch encoders, the extraction pipeline and feature-bag files. Uses slide, tissue and DJL. */
package org.mhim.viewer.features;
