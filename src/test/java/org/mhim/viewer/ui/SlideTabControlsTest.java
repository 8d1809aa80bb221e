package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;
import static org.mhim.viewer.ui.ViewerTestSupport.waitUntil;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The controls around the canvas, driven as a user would on a real generated slide (3200 × 2400,
 * MPP 0.5, 20×, with a label and a thumbnail): the zoom field, double-click zoom, the status bar's
 * pointer position, the searchable properties and the associated images.
 */
class SlideTabControlsTest extends ViewerWindowFixture {

  @Test
  void theZoomFieldTakesMagnificationsAndDownsamplesAndDoubleClickZoomsInAroundThePointer(FxRobot robot) {
    fxRun(() -> window.open(ViewerTestSupport.smallSlide()));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    @SuppressWarnings("unchecked")
    ComboBox<String> zoom = (ComboBox<String>) fx(() -> window.stage().getScene().lookup(".zoom-field"));

    type(robot, zoom, "10"); // typed as on a keyboard without "×"
    assertEquals(2, fx(viewer::viewport).downsample(), 1e-9, "10× on a 20× slide");
    assertEquals("10×", fx(() -> zoom.getEditor().getText()));
    type(robot, zoom, "1:8");
    assertEquals(8, fx(viewer::viewport).downsample(), 1e-9);
    assertEquals("2.5×", fx(() -> zoom.getEditor().getText()));

    Viewport before = fx(viewer::viewport);
    Bounds screen = fx(() -> viewer.localToScreen(viewer.getBoundsInLocal()));
    Point2D at = new Point2D(screen.getMinX() + 150, screen.getMinY() + 120);
    Point2D local = fx(() -> viewer.screenToLocal(at));
    double anchorX = before.imageX(local.getX());
    double anchorY = before.imageY(local.getY());
    robot.moveTo(at).doubleClickOn(MouseButton.PRIMARY);
    WaitForAsyncUtils.waitForFxEvents();
    Viewport zoomed = fx(viewer::viewport);
    assertEquals(before.downsample() / 2, zoomed.downsample(), 1e-9, "a double click zooms in 2×");
    assertEquals(anchorX, zoomed.imageX(local.getX()), zoomed.downsample(), "around the pointer");
    assertEquals(anchorY, zoomed.imageY(local.getY()), zoomed.downsample());
  }

  @Test
  void theStatusBarShowsThePointerInPixelsAndMicronsTheMagnificationAndTheCache(FxRobot robot) {
    fxRun(() -> window.open(ViewerTestSupport.smallSlide()));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    StatusBar bar = (StatusBar) fx(() -> window.stage().getScene().lookup(".slide-status-bar"));
    assertTrue(fx(bar::getText).contains("3,200 × 2,400 px"), fx(bar::getText));
    assertTrue(fx(bar::getText).contains("0.500 µm/px"), fx(bar::getText));

    Bounds screen = fx(() -> viewer.localToScreen(viewer.getBoundsInLocal()));
    Point2D at = new Point2D(screen.getMinX() + 222, screen.getMinY() + 111);
    robot.moveTo(at);
    WaitForAsyncUtils.waitForFxEvents();
    Viewport v = fx(viewer::viewport);
    Point2D local = fx(() -> viewer.screenToLocal(at));
    long x = (long) v.imageX(local.getX());
    long y = (long) v.imageY(local.getY());
    String expected = String.format(Locale.ROOT, "x %,d  y %,d px   ·   %,.1f  %,.1f µm",
        x, y, v.imageX(local.getX()) * 0.5, v.imageY(local.getY()) * 0.5);
    waitUntil("the pointer position in the status bar", () -> bar.getText().equals(expected), 5);

    waitUntil("the tile cache's use", () -> bar.getRightItems().stream()
        .anyMatch(n -> n instanceof Label l && l.getText().matches("Tiles \\d+ / \\d+ MiB")), 5);

    Label magnification = (Label) fx(() -> bar.lookup(".status-magnification"));
    fxRun(() -> viewer.zoomToDownsample(4));
    // The readout follows zooms at most twice a second (Throttle.READOUT): this one may come late.
    waitUntil("the magnification after the zoom", () -> magnification.getText().startsWith("5×"), 5);
    assertTrue(fx(magnification::getText).startsWith("5×"), fx(magnification::getText));
    assertTrue(fx(magnification::getText).contains("downsample 4.00"), fx(magnification::getText));
  }

  @Test
  void propertiesAreSearchableAndTheAssociatedImagesAreShown(FxRobot robot) {
    fxRun(() -> window.open(ViewerTestSupport.smallSlide()));
    ViewerTestSupport.waitForSharpView(window);
    Node[] search = new Node[1];
    waitUntil("the properties table", () -> (search[0] = window.stage().getScene().lookup(".properties-search")) != null, 10);
    TextField field = (TextField) search[0];
    TableView<?> table = (TableView<?>) fx(() -> window.stage().getScene().lookup(".properties-panel .table-view"));
    int all = fx(() -> table.getItems().size());

    robot.clickOn(field).write("mpp");
    WaitForAsyncUtils.waitForFxEvents();
    List<String> shown = fx(() -> table.getItems().stream().map(Object::toString).toList());
    assertFalse(shown.isEmpty(), "the MPP properties match");
    assertTrue(shown.size() < all, shown.size() + " of " + all + " rows");
    shown.forEach(row -> assertTrue(row.toLowerCase(Locale.ROOT).contains("mpp"), row));
    fxRun(field::clear);
    assertEquals(all, fx(() -> table.getItems().size()));

    Tab images = fx(() -> window.currentTabProperty().get().sidePanelTabs().stream()
        .filter(t -> t.getText().equals("Images")).findFirst().orElseThrow());
    fxRun(() -> images.getTabPane().getSelectionModel().select(images));
    waitUntil("both associated images", () -> images.getContent() != null
        && images.getContent().lookupAll(".associated-images ImageView").size() == 2, 10);
    List<String> titles = fx(() -> images.getContent().lookupAll(".associated-image-title").stream()
        .map(n -> ((Label) n).getText()).sorted().toList());
    assertEquals(List.of("label", "thumbnail"), titles);
    for (Node view : fx(() -> List.copyOf(images.getContent().lookupAll(".associated-images ImageView")))) {
      javafx.scene.image.Image image = ((ImageView) view).getImage();
      assertTrue(image.getWidth() > 0 && image.getHeight() > 0, "a read image");
    }
  }

  private static void type(FxRobot robot, ComboBox<String> zoom, String text) {
    fxRun(() -> zoom.getEditor().clear());
    robot.clickOn(zoom.getEditor()).write(text).type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
  }
}
