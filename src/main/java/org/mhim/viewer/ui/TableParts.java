package org.mhim.viewer.ui;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;

/** The pieces of the viewer's read-only tables: columns of text or numbers, and opening a row. FX thread. */
final class TableParts {

  private TableParts() {}

  /** A column showing {@code value} of each row. */
  static <T> TableColumn<T, String> text(String title, Function<T, String> value) {
    TableColumn<T, String> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    return column;
  }

  /** A numeric column, sorted as numbers and shown with {@code format}; empty where {@code value} is null. */
  static <T> TableColumn<T, Double> number(String title, Function<T, Double> value, String format) {
    TableColumn<T, Double> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    column.setCellFactory(c -> new TableCell<>() {
      @Override
      protected void updateItem(Double number, boolean empty) {
        super.updateItem(number, empty);
        setText(empty || number == null ? null : String.format(Locale.ROOT, format, number));
      }
    });
    return column;
  }

  /** A double-click on a row, or Enter on the selected one, hands the row to {@code open}. */
  static <T> void openOnDoubleClickOrEnter(TableView<T> table, Consumer<T> open) {
    table.setRowFactory(view -> {
      TableRow<T> row = new TableRow<>();
      row.setOnMouseClicked(e -> {
        if (e.getClickCount() == 2 && !row.isEmpty()) {
          open.accept(row.getItem());
        }
      });
      return row;
    });
    table.setOnKeyPressed(e -> {
      T chosen = table.getSelectionModel().getSelectedItem();
      if (e.getCode() == KeyCode.ENTER && chosen != null) {
        open.accept(chosen);
      }
    });
  }
}
