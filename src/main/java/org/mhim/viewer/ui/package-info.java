/**
 * The JavaFX application: windows, viewer canvas, overlays, panels, wizard. The only package that
 * may use JavaFX.
 *
 * <p>Analysis in the viewer: {@link org.mhim.viewer.ui.AnalysisController} (one per window, {@code
 * ViewerWindow.analysis()}) owns the Analyze action and the {@link org.mhim.viewer.ui.ModelPicker};
 * each analysed slide tab has a {@link org.mhim.viewer.ui.SlideAnalysis} with its {@link
 * org.mhim.viewer.ui.AnalysisPanel} side tab and its {@link org.mhim.viewer.ui.InstanceOverlay}
 * (tiled, layered) and {@link org.mhim.viewer.ui.InstanceTooltips}. Further panels hook in with
 * {@code AnalysisController.addResultListener}, then {@code AnalysisPanel.addSection} and {@code
 * SlideAnalysis.viewer().overlays()}. The evidence of a result ({@link
 * org.mhim.viewer.ui.EvidenceView}, owned by its {@code SlideAnalysis}) adds the "Evidence" side tab
 * (hard-instance slider and outlines with "what remains", gallery, contour and view exports) and the
 * "Patch" tab (the clicked patch at full resolution).
 */
package org.mhim.viewer.ui;
