package org.mhim.viewer.ui;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;

/**
 * The slide's associated images (label, macro, thumbnail) stacked with their names. Each image is
 * read in the background; a placeholder spins until it arrives.
 */
final class AssociatedImagesPanel extends ScrollPane {

  static final double IMAGE_WIDTH = 260;

  AssociatedImagesPanel(OpenSlide slide, Background background) {
    VBox box = new VBox(12);
    box.setPadding(new Insets(10));
    box.getStyleClass().add("associated-images");
    var names = slide.source().metadata().associatedImages();
    if (names.isEmpty()) {
      Label none = new Label("This slide has no associated images.");
      none.getStyleClass().add("placeholder-text");
      none.setWrapText(true);
      box.getChildren().add(none);
    }
    for (String name : names) {
      Label title = new Label(name);
      title.getStyleClass().add("associated-image-title");
      ProgressIndicator spinner = new ProgressIndicator();
      spinner.setMaxSize(32, 32);
      VBox entry = new VBox(4, title, spinner);
      box.getChildren().add(entry);
      background.run(
          () -> FxTileImages.toImage(slide.associatedImage().apply(name)),
          image -> {
            ImageView view = new ImageView(image);
            view.setPreserveRatio(true);
            view.setSmooth(true);
            view.setFitWidth(Math.min(IMAGE_WIDTH, image.getWidth()));
            entry.getChildren().set(1, view);
          },
          error -> {
            Label failed = new Label("Could not read: " + error.getMessage());
            failed.setWrapText(true);
            failed.getStyleClass().add("error-text");
            entry.getChildren().set(1, failed);
          });
    }
    setContent(box);
    setFitToWidth(true);
    getStyleClass().add("associated-images-panel");
  }

}
