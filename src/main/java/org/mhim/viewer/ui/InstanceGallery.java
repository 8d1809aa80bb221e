package org.mhim.viewer.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.mhim.viewer.analysis.Instances;
import org.mhim.viewer.analysis.SlideResult;
import org.mhim.viewer.analysis.TopInstances;
import org.mhim.viewer.slide.RegionSource;

/**
 * Thumbnails of the instances most probable for the predicted class and of the hard instances at
 * the slider's ratio; clicking one picks that instance (the viewer moves there). Thumbnails are
 * read in the background from a coarse enough level and kept, so a new ratio only reads the new
 * ones. FX thread.
 */
final class InstanceGallery extends VBox {

  /** Thumbnails per row kind. */
  static final int COUNT = 12;
  static final int THUMBNAIL_PX = 72;

  private final RegionSource source;
  private final Background background;
  private final IntConsumer onPick;
  private final Instances instances;
  private final FlowPane top = flow();
  private final FlowPane hard = flow();
  private final Label hardTitle = new Label("Hard instances");
  private final Map<Integer, Image> thumbnails = new HashMap<>();
  private final Map<Integer, List<ImageView>> waiting = new HashMap<>();

  /** @param onPick told the index of a clicked instance */
  InstanceGallery(SlideResult result, RegionSource source, Background background, IntConsumer onPick) {
    this.source = source;
    this.background = background;
    this.onPick = onPick;
    this.instances = result.instances();
    getStyleClass().add("instance-gallery");
    setSpacing(6);
    setPadding(new Insets(10));
    String cls = result.predictedClassName();
    Label topTitle = new Label("Most " + cls);
    topTitle.getStyleClass().add("panel-title");
    hardTitle.getStyleClass().add("panel-title");
    getChildren().addAll(topTitle, top, hardTitle, hard);
    int[] best = TopInstances.byProbability(instances, result.predictedClass(), COUNT);
    for (int r = 0; r < best.length; r++) {
      int i = best[r];
      top.getChildren().add(thumbnail("top-" + (r + 1), i, String.format(Locale.ROOT,
          "#%d: P(%s) = %.3f", r + 1, cls, instances.probability(i, result.predictedClass()))));
    }
  }

  /** Shows the hard instances of {@code selection}, hardest first. */
  void setHard(HardSelection selection) {
    hardTitle.setText(String.format(Locale.ROOT, "Hard instances at %.1f %%", 100 * selection.ratio()));
    hard.getChildren().clear();
    int[] order = selection.hardestFirst();
    for (int r = 0; r < Math.min(COUNT, order.length); r++) {
      int i = order[r];
      hard.getChildren().add(thumbnail("hard-" + (r + 1), i, String.format(Locale.ROOT,
          "hard #%d: score %.3f", r + 1, instances.score(i))));
    }
  }

  private Button thumbnail(String id, int i, String tip) {
    ImageView view = new ImageView();
    view.setFitWidth(THUMBNAIL_PX);
    view.setFitHeight(THUMBNAIL_PX);
    view.setPreserveRatio(true);
    Button button = new Button(null, view);
    button.setId(id);
    button.getStyleClass().add("instance-thumbnail");
    button.setUserData(i);
    button.setPrefSize(THUMBNAIL_PX + 8, THUMBNAIL_PX + 8);
    button.setTooltip(new Tooltip(tip + String.format(Locale.ROOT, "\nat (%,d, %,d)", instances.x(i), instances.y(i))));
    button.setOnAction(e -> onPick.accept(i));
    load(i, view);
    return button;
  }

  private void load(int i, ImageView view) {
    Image cached = thumbnails.get(i);
    if (cached != null) {
      view.setImage(cached);
      return;
    }
    List<ImageView> views = waiting.get(i);
    if (views != null) {
      views.add(view); // already being read
      return;
    }
    waiting.put(i, new ArrayList<>(List.of(view)));
    background.run(() -> PatchImages.thumbnail(source, instances, i, THUMBNAIL_PX), image -> {
      thumbnails.put(i, image);
      for (ImageView v : waiting.remove(i)) {
        v.setImage(image);
      }
    }, error -> waiting.remove(i)); // an unreadable patch keeps an empty thumbnail; the canvas reports the slide
  }

  private static FlowPane flow() {
    FlowPane pane = new FlowPane(4, 4);
    pane.setPrefWrapLength(4 * (THUMBNAIL_PX + 12));
    return pane;
  }
}
