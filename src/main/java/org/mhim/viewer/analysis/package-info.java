/** Slide-to-result orchestration and exporters. */
package org.mhim.viewer.analysis;
