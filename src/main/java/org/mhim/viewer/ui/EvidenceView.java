package org.mhim.viewer.ui;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.event.EventHandler;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Tab;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.VBox;
import org.mhim.viewer.analysis.ColorScale;
import org.mhim.viewer.analysis.Instances;
import org.mhim.viewer.analysis.ResultWithBag;
import org.mhim.viewer.analysis.SlideResult;
import org.mhim.viewer.analysis.WhatRemains;

/**
 * The evidence of one analysed slide in its tab: the hard-instance panel and overlay with "what
 * remains", the gallery of top and hard instances, the exports (side tab "Evidence"), and the
 * clicked patch (side tab "Patch"). Clicking a patch on the slide inspects it; clicking a
 * thumbnail moves the view there and inspects it. Closing removes all of it and frees the model.
 * FX thread.
 */
final class EvidenceView implements AutoCloseable {

  private final SlideTab tab;
  private final SlideResult result;
  private final Optional<WhatRemains> remains;
  private final Background background = new Background("evidence");
  private final HardInstancesPanel hard;
  private final PatchInspector inspector;
  private final InstanceGallery gallery;
  private final EvidenceExports exports;
  private final Tab evidenceTab;
  private final Tab patchTab;
  private final EventHandler<MouseEvent> clicks = this::onClick;
  private final SelectedPatchOverlay selected;
  private Supplier<MapLegend> legend;

  /**
   * @param remains the model on the slide's bag; owned from now on (closed with this view)
   * @param onError shows a message naming what failed; FX thread
   */
  EvidenceView(SlideTab tab, ResultWithBag analysis, WhatRemains remains, Consumer<String> onError) {
    this(tab, analysis.result(), Optional.of(remains), onError);
  }

  /**
   * The evidence of a result without its feature bag (read back from its files): everything but
   * "what remains".
   */
  EvidenceView(SlideTab tab, SlideResult result, Consumer<String> onError) {
    this(tab, result, Optional.empty(), onError);
  }

  private EvidenceView(SlideTab tab, SlideResult result, Optional<WhatRemains> remains, Consumer<String> onError) {
    this.tab = tab;
    this.result = result;
    this.remains = remains;
    ViewerCanvas viewer = tab.viewer();
    legend = this::defaultLegend;
    hard = new HardInstancesPanel(result, remains, viewer, tab.annotations().loadedProperty(), background, onError);
    inspector = new PatchInspector(result.classNames(), result.instances(), tab.source(), background);
    gallery = new InstanceGallery(result, tab.source(), background, this::pick);
    exports = new EvidenceExports(result, tab.viewArea(), () -> legend.get(), background, onError);
    hard.selectionProperty().addListener((obs, old, now) -> {
      gallery.setHard(now);
      inspector.setInstances(now.instances());
    });
    VBox evidence = new VBox(hard, new Separator(), gallery, new Separator(), exports);
    ScrollPane scroll = new ScrollPane(evidence);
    scroll.setFitToWidth(true);
    evidenceTab = tab.addSidePanel("Evidence", "mdi2e-eye-outline", scroll);
    patchTab = tab.addSidePanel("Patch", "mdi2m-magnify-plus-outline", new ScrollPane(inspector));
    selected = new SelectedPatchOverlay(viewer::requestRepaint);
    viewer.overlays().add(selected);
    viewer.addEventHandler(MouseEvent.MOUSE_CLICKED, clicks);
  }

  /** Moves the view to instance {@code i} and inspects it. */
  void pick(int i) {
    Instances instances = result.instances();
    tab.viewer().centerOn(instances.x(i) + instances.width(i) / 2.0, instances.y(i) + instances.height(i) / 2.0);
    inspect(i);
  }

  /** Shows instance {@code i} in the patch panel. */
  void inspect(int i) {
    Instances instances = result.instances();
    selected.select(instances.x(i), instances.y(i), instances.width(i), instances.height(i));
    inspector.show(i);
    tab.selectSidePanel(patchTab);
  }

  /** Shows the evidence side tab. */
  void showEvidence() {
    tab.selectSidePanel(evidenceTab);
  }

  /** The legend of the map shown now, for an exported view. */
  MapLegend legend() {
    return legend.get();
  }

  /** Where the exported view's legend comes from (the map overlay shown now). */
  void setLegend(Supplier<MapLegend> source) {
    legend = source;
  }

  HardInstancesPanel hardInstances() {
    return hard;
  }

  PatchInspector inspector() {
    return inspector;
  }

  InstanceGallery gallery() {
    return gallery;
  }

  EvidenceExports exports() {
    return exports;
  }

  /** The legend when no map overlay tells otherwise: the predicted class's probability, as the figure. */
  MapLegend defaultLegend() {
    int c = result.predictedClass();
    return new MapLegend("P(" + result.predictedClassName() + ")", ColorScale.defaults(),
        result.instances().probabilities(c), hardLabel());
  }

  /** The hard-instance outline's legend entry, or null when it is not drawn. */
  String hardLabel() {
    HardSelection now = hard.selectionProperty().get();
    if (now == null || !tab.viewer().overlays().contains(hard.overlay())) {
      return null;
    }
    return String.format(Locale.ROOT, "Hard instances at %.1f %%", 100 * now.ratio());
  }

  private void onClick(MouseEvent e) {
    if (e.getButton() != MouseButton.PRIMARY || e.getClickCount() != 1 || !e.isStillSincePress()) {
      return;
    }
    Viewport v = tab.viewer().viewport();
    if (v == null) {
      return;
    }
    int i = result.instances().instanceAt(v.imageX(e.getX()), v.imageY(e.getY()));
    if (i >= 0) {
      inspect(i);
    }
  }

  @Override
  public void close() {
    tab.viewer().removeEventHandler(MouseEvent.MOUSE_CLICKED, clicks);
    hard.detach();
    tab.viewer().overlays().remove(selected);
    exports.detach();
    tab.removeSidePanel(evidenceTab);
    tab.removeSidePanel(patchTab);
    background.close();
    // Closing waits for a prediction still running: never on the FX thread.
    remains.ifPresent(r -> Thread.ofVirtual().name("close-what-remains").start(r::close));
  }
}
