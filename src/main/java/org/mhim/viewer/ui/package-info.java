/** The JavaFX application: windows, viewer canvas, overlays, panels, wizard. The only package that may use JavaFX. */
package org.mhim.viewer.ui;
