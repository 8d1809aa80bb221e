package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mhim.viewer.analysis.ColorScale;
import org.mhim.viewer.analysis.Colormap;
import org.mhim.viewer.analysis.InstanceIndex;
import org.mhim.viewer.analysis.InstanceMeasure;
import org.mhim.viewer.analysis.InstanceRaster;
import org.mhim.viewer.analysis.Normalization;
import org.mhim.viewer.analysis.ResultWithBag;
import org.mhim.viewer.analysis.SlideResult;
import org.mhim.viewer.analysis.WhatRemains;
import org.mhim.viewer.features.Cancellation;

/**
 * The analysis of one open slide: its side panel, the result shown and the overlays that paint
 * it on the slide's canvas. FX thread only.
 */
final class SlideAnalysis {

  /** Tile images kept for the overlay of one slide. */
  private static final long OVERLAY_BYTES = 48L << 20;

  private final SlideTab tab;
  private final AnalysisPanel panel = new AnalysisPanel();
  private final Executor renderer;
  private final List<SlideOverlay> overlays = new ArrayList<>();
  private SlideResult result;
  private Path bundle;
  private InstanceIndex index;
  private Cancellation running;
  private List<OverlayControls> controls = List.of();
  private EvidenceView evidence;
  private boolean closeHookInstalled;

  SlideAnalysis(SlideTab tab, Executor renderer) {
    this.tab = tab;
    this.renderer = renderer;
  }

  SlideTab tab() {
    return tab;
  }

  ViewerCanvas viewer() {
    return tab.viewer();
  }

  AnalysisPanel panel() {
    return panel;
  }

  /** The result shown, or null before the first. */
  SlideResult result() {
    return result;
  }

  /**
   * The model bundle folder that made the result (to load the model again, say for "what
   * remains"), when known.
   */
  Optional<Path> bundle() {
    return Optional.ofNullable(bundle);
  }

  /** Finds the result's instances by position (tooltips, clicks); null before the first result. */
  InstanceIndex index() {
    return index;
  }

  boolean isRunning() {
    return running != null;
  }

  void started(Cancellation cancellation) {
    running = cancellation;
  }

  void finished() {
    running = null;
  }

  void cancel() {
    if (running != null) {
      running.cancel();
    }
  }

  /**
   * Shows {@code r}: replaces this analysis's overlays on the canvas with new ones (the predicted
   * class's probability shown, attention and score ready to switch on) and fills the panel.
   */
  void show(SlideResult r, Path modelBundle) {
    ViewerCanvas viewer = tab.viewer();
    closeEvidence(); // it belongs to the previous result
    bundle = modelBundle;
    viewer.overlays().removeAll(overlays);
    overlays.clear();
    result = r;
    index = new InstanceIndex(r.instances());
    InstanceRaster raster = new InstanceRaster(index);
    List<InstanceMeasure> classes = new ArrayList<>();
    for (int c = 0; c < r.classCount(); c++) {
      classes.add(InstanceMeasure.probability(c));
    }
    // The slide's own range by default: a MIL model's instance probabilities are often squeezed
    // into a narrow band (the demo model's mostly lie between 0.5 and 0.75), which "as is" would
    // show as one flat colour. The legend's ticks give the real values; "as is" is one click away.
    List<InstanceOverlay.Layer> layers = List.of(
        layer(InstanceMeasure.probability(r.predictedClass()), Colormap.VIRIDIS, true),
        layer(InstanceMeasure.attention(), Colormap.MAGMA, false),
        layer(InstanceMeasure.score(), Colormap.COOLWARM, false));
    InstanceOverlay overlay = new InstanceOverlay("analysis", raster, viewer.metadata().width(),
        viewer.metadata().height(), layers, renderer, viewer::requestRepaint, OVERLAY_BYTES);
    List<OverlayControls> all = List.of(
        new OverlayControls("Class probability", overlay, 0, r.instances(), classes, r.classNames()),
        new OverlayControls("Attention", overlay, 1, r.instances(), List.of(InstanceMeasure.attention()), r.classNames()),
        new OverlayControls("Score", overlay, 2, r.instances(), List.of(InstanceMeasure.score()), r.classNames()));
    controls = all;
    overlays.add(overlay);
    overlays.add(new InstanceTooltips(r, index));
    viewer.overlays().addAll(overlays);
    panel.showResult(r, all);
  }

  /**
   * Shows the evidence of the result just shown (hard instances and what remains, gallery, patch,
   * exports), replacing the previous one; {@code remains} is owned from now on.
   */
  void showEvidence(ResultWithBag analyzed, WhatRemains remains, Consumer<String> onError) {
    attachEvidence(() -> new EvidenceView(tab, analyzed, remains, onError));
  }

  /**
   * Shows the evidence of a result read back from its files (no feature bag, so no "what
   * remains").
   */
  void showEvidence(Consumer<String> onError) {
    attachEvidence(() -> new EvidenceView(tab, result, onError));
  }

  private void attachEvidence(Supplier<EvidenceView> view) {
    closeEvidence();
    if (!closeHookInstalled) {
      tab.whenClosed(this::closeEvidence);
      closeHookInstalled = true;
    }
    evidence = view.get();
    evidence.setLegend(this::legend);
    OverlayControls probability = controls.getFirst();
    probability.measurePicker().valueProperty().addListener((obs, old, now) -> {
      if (now != null && now.kind() == InstanceMeasure.Kind.CLASS_PROBABILITY) {
        evidence.exports().setContourClass(now.classIndex());
      }
    });
  }

  /** Removes the evidence of an earlier result (and frees its model). */
  private void closeEvidence() {
    if (evidence != null) {
      evidence.close();
      evidence = null;
    }
  }

  /** The evidence of the result shown; null before the first and for a result read back from files (no bag). */
  EvidenceView evidence() {
    return evidence;
  }

  /** The legend of the topmost map shown (for the exported view), or the evidence's default. */
  private MapLegend legend() {
    for (OverlayControls c : controls.reversed()) {
      InstanceOverlay.Layer layer = c.layer();
      if (layer.visible()) {
        return new MapLegend(layer.measure().label(result.classNames()), layer.scale(),
            layer.measure().values(result.instances()), evidence.hardLabel());
      }
    }
    return evidence.defaultLegend();
  }

  private static InstanceOverlay.Layer layer(InstanceMeasure measure, Colormap map, boolean visible) {
    return new InstanceOverlay.Layer(measure, new ColorScale(map, Normalization.MIN_MAX, 0, 0.5), visible);
  }
}
