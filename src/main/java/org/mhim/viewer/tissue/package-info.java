/** Tissue detection and the patch grid. Uses slide only. */
package org.mhim.viewer.tissue;
