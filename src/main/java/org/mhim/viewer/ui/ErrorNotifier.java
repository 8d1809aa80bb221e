package org.mhim.viewer.ui;

import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * Shows problems (a slide that will not open, one that became unreadable) as a notification in the
 * window's corner; the app stays usable. Messages are also kept, newest last, for the UI and tests.
 */
final class ErrorNotifier {

  private final Window owner;
  private final ObservableList<String> messages = FXCollections.observableArrayList();

  ErrorNotifier(Window owner) {
    this.owner = owner;
  }

  /**
   * Shows {@code message} (which names the file) over the window, or over another one on screen
   * when it is not showing; with no window on screen (a screenshot run failing before it shows the
   * window) the message is only kept, for whoever reports it. FX thread.
   */
  void show(String title, String message) {
    messages.add(message);
    Optional<Window> over = owner != null && owner.isShowing()
        ? Optional.of(owner)
        : Window.getWindows().stream().filter(Window::isShowing).findFirst();
    // ControlsFX needs a showing window to anchor the popup on, and throws without one.
    over.ifPresent(window -> Notifications.create()
        .owner(window)
        .title(title)
        .text(message)
        .hideAfter(Duration.seconds(10))
        .styleClass("error-notification")
        .showError());
  }

  ObservableList<String> messages() {
    return messages;
  }
}
