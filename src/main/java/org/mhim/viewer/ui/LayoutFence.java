package org.mhim.viewer.ui;

import javafx.scene.layout.Region;

/**
 * Holds one node that changes with every frame of a pan or zoom (the scale bar, the magnification
 * in the status bar) so that its changes lay out only itself, not the whole window. The child is
 * unmanaged, which makes it a layout root; the fence takes the largest size the child has wanted
 * so far, so it asks its own parent for a new layout only when the child grows past that.
 *
 * <p>Call {@link #refresh} after changing the child. FX thread only.
 */
final class LayoutFence extends Region {

  private final Region child;
  private double width;
  private double height;

  LayoutFence(Region child) {
    this.child = child;
    child.setManaged(false);
    getChildren().add(child);
    setPickOnBounds(false);
    setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
    getStyleClass().add("layout-fence");
  }

  /** Sizes the child to what it wants now; lays out the fence's parent only if it grew. */
  void refresh() {
    child.autosize();
    if (child.getWidth() > width || child.getHeight() > height) {
      width = Math.max(width, child.getWidth());
      height = Math.max(height, child.getHeight());
      requestLayout();
    }
  }

  @Override
  protected double computePrefWidth(double h) {
    return Math.max(width, child.prefWidth(-1));
  }

  @Override
  protected double computePrefHeight(double w) {
    return Math.max(height, child.prefHeight(-1));
  }

  @Override
  protected void layoutChildren() {
    child.autosize();
    width = Math.max(width, child.getWidth());
    height = Math.max(height, child.getHeight());
    // Bottom-left: a shorter child keeps its baseline where the fence's parent put the fence.
    child.relocate(0, getHeight() - child.getHeight());
  }
}
