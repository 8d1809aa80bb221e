package org.mhim.viewer.ui;

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

  /** Shows {@code message} (which names the file); FX thread. */
  void show(String title, String message) {
    messages.add(message);
    Notifications notification = Notifications.create()
        .title(title)
        .text(message)
        .hideAfter(Duration.seconds(10))
        .styleClass("error-notification");
    if (owner != null && owner.isShowing()) {
      notification.owner(owner);
    }
    notification.showError();
  }

  ObservableList<String> messages() {
    return messages;
  }
}
