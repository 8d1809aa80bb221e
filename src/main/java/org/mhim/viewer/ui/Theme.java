package org.mhim.viewer.ui;

import java.util.Objects;
import javafx.scene.Scene;
import javafx.scene.paint.Color;

/** Light and dark looks: a shared stylesheet plus one per theme, and the colour behind slides. */
public enum Theme {
  LIGHT("light.css", Color.rgb(226, 228, 232), Color.web("#f4f5f7")),
  DARK("dark.css", Color.rgb(24, 26, 30), Color.web("#1c1e22"));

  private static final String BASE = "viewer.css";

  private final String stylesheet;
  private final Color canvasBackground;
  /** The sheet's -fx-background: the scene's fill, in place of a root background (see viewer.css). */
  private final Color windowBackground;

  Theme(String stylesheet, Color canvasBackground, Color windowBackground) {
    this.stylesheet = stylesheet;
    this.canvasBackground = canvasBackground;
    this.windowBackground = windowBackground;
  }

  public Color canvasBackground() {
    return canvasBackground;
  }

  public Theme other() {
    return this == LIGHT ? DARK : LIGHT;
  }

  /** Replaces the scene's stylesheets with this theme's, and its fill. */
  public void applyTo(Scene scene) {
    scene.getStylesheets().setAll(url(BASE), url(stylesheet));
    scene.setFill(windowBackground);
  }

  private static String url(String name) {
    return Objects.requireNonNull(Theme.class.getResource(name), name).toExternalForm();
  }
}
