package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import com.sun.javafx.tk.Toolkit;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.util.Pair;
import org.junit.jupiter.api.Test;

/**
 * Dropping slide files onto the window opens each in a tab. TestFX cannot drag from outside the
 * application, so the test builds the drag events the window would get from the desktop: a
 * dragboard holding files and offering what a file manager offers (copy, move, link), a drag
 * over, then the drop.
 */
class DragAndDropTest extends ViewerWindowFixture {

  @Test
  void droppingASlideFileOpensItInATab() {
    Path slide = ViewerTestSupport.smallSlide();
    Dragboard files = fx(() -> dragboard(Map.of(DataFormat.FILES, List.of(slide.toFile()))));

    DragEvent over = fx(() -> fire(DragEvent.DRAG_OVER, files));
    assertTrue(fx(over::isAccepted), "a drag of files is accepted");
    assertEquals(TransferMode.COPY, fx(over::getAcceptedTransferMode));

    DragEvent drop = fx(() -> fire(DragEvent.DRAG_DROPPED, files));
    assertTrue(fx(drop::isDropCompleted));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    assertEquals(slide.getFileName(), fx(() -> viewer.metadata().path().getFileName()));
  }

  @Test
  void aDragWithoutFilesIsRefused() {
    Dragboard text = fx(() -> dragboard(Map.of(DataFormat.PLAIN_TEXT, "not a file")));
    DragEvent over = fx(() -> fire(DragEvent.DRAG_OVER, text));
    assertFalse(fx(over::isAccepted));
    DragEvent drop = fx(() -> fire(DragEvent.DRAG_DROPPED, text));
    assertFalse(fx(drop::isDropCompleted));
    assertFalse(fx(() -> window.currentViewer().isPresent()));
  }

  /** A dragboard with {@code content}, as a drag from another application brings. FX thread. */
  private static Dragboard dragboard(Map<DataFormat, Object> content) {
    Dragboard board = DragboardHelper.createDragboard(new FromDesktop(Toolkit.getToolkit().createLocalClipboard()));
    board.setContent(content);
    return board;
  }

  /**
   * JavaFX's in-process clipboard holds the content; the transfer modes are those the drag source
   * offers, which only a real drag sets, so they are stated here as a file manager offers them.
   */
  private record FromDesktop(TKClipboard content) implements TKClipboard {
    @Override
    public Set<TransferMode> getTransferModes() {
      return EnumSet.of(TransferMode.COPY, TransferMode.MOVE, TransferMode.LINK);
    }

    @Override
    public Set<DataFormat> getContentTypes() {
      return content.getContentTypes();
    }

    @SafeVarargs
    @SuppressWarnings("varargs") // handed on unchanged to the interface JavaFX declares without @SafeVarargs
    @Override
    public final boolean putContent(Pair<DataFormat, Object>... pairs) {
      return content.putContent(pairs);
    }

    @Override
    public Object getContent(DataFormat format) {
      return content.getContent(format);
    }

    @Override
    public boolean hasContent(DataFormat format) {
      return content.hasContent(format);
    }

    @Override
    public void setDragView(Image image) {
      content.setDragView(image);
    }

    @Override
    public void setDragViewOffsetX(double x) {
      content.setDragViewOffsetX(x);
    }

    @Override
    public void setDragViewOffsetY(double y) {
      content.setDragViewOffsetY(y);
    }

    @Override
    public Image getDragView() {
      return content.getDragView();
    }

    @Override
    public double getDragViewOffsetX() {
      return content.getDragViewOffsetX();
    }

    @Override
    public double getDragViewOffsetY() {
      return content.getDragViewOffsetY();
    }
  }

  /** Fires a drag event at the middle of the window, as the desktop would; FX thread. */
  private DragEvent fire(javafx.event.EventType<DragEvent> type, Dragboard board) {
    Node target = window.root();
    double x = target.getLayoutBounds().getWidth() / 2;
    double y = target.getLayoutBounds().getHeight() / 2;
    var screen = target.localToScreen(x, y);
    DragEvent event = new DragEvent(target, target, type, board, x, y, screen.getX(), screen.getY(),
        TransferMode.COPY, null, null, null);
    Event.fireEvent(target, event);
    return event;
  }
}
