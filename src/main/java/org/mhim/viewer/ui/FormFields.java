package org.mhim.viewer.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;

/** The pieces of the viewer's small forms: labelled rows of growing fields with Choose… buttons. */
final class FormFields {

  private FormFields() {}

  static TextField field(String id, String prompt) {
    TextField field = new TextField();
    field.setId(id);
    field.setPromptText(prompt);
    GridPane.setHgrow(field, Priority.ALWAYS);
    return field;
  }

  static Button browse(String text, Runnable action) {
    Button button = new Button(text);
    button.setOnAction(e -> action.run());
    return button;
  }

  /** A Choose… button that puts the file the user picks, of {@code kind}, into {@code target}. */
  static Button chooseFile(TextField target, String title, FileChooser.ExtensionFilter kind, Window owner) {
    return browse("Choose…", () -> {
      FileChooser chooser = new FileChooser();
      chooser.setTitle(title);
      chooser.getExtensionFilters().add(kind);
      File file = chooser.showOpenDialog(owner);
      if (file != null) {
        target.setText(file.toString());
      }
    });
  }

  /** A Choose… button that puts the folder the user picks into {@code target}. */
  static Button chooseFolder(TextField target, String title, Window owner) {
    return browse("Choose…", () -> {
      DirectoryChooser chooser = new DirectoryChooser();
      chooser.setTitle(title);
      File dir = chooser.showDialog(owner);
      if (dir != null) {
        target.setText(dir.toString());
      }
    });
  }

  /** A form's dialog, not yet shown: {@code content} above OK and Cancel, OK enabled only while {@code ready}. */
  static Dialog<ButtonType> dialog(Window owner, String title, String header, Node content, ObservableBooleanValue ready) {
    Dialog<ButtonType> dialog = new Dialog<>();
    dialog.initOwner(owner);
    dialog.setTitle(title);
    dialog.setHeaderText(header);
    dialog.getDialogPane().setContent(content);
    dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(Bindings.not(ready));
    return dialog;
  }

  /** A form's grid: labels in the first column at their full width, the fields giving way. */
  static GridPane grid() {
    GridPane grid = new GridPane();
    ColumnConstraints labels = new ColumnConstraints();
    labels.setMinWidth(Region.USE_PREF_SIZE);
    grid.getColumnConstraints().add(labels);
    grid.setHgap(8);
    grid.setVgap(8);
    grid.setPrefWidth(640);
    return grid;
  }

  /** A converter that shows a choice by {@code name} (choice boxes only show; they never parse). */
  static <T> StringConverter<T> named(Function<T, String> name) {
    return new StringConverter<>() {
      @Override
      public String toString(T t) {
        return t == null ? "" : name.apply(t);
      }

      @Override
      public T fromString(String s) {
        return null;
      }
    };
  }

  /** Whether the text names a file; off the FX thread (a network folder may be slow to answer). */
  static boolean isFile(String text) {
    return !text.isBlank() && Files.isRegularFile(Path.of(text.strip()));
  }

  /** Whether the text names a folder; off the FX thread. */
  static boolean isFolder(String text) {
    return !text.isBlank() && Files.isDirectory(Path.of(text.strip()));
  }
}
