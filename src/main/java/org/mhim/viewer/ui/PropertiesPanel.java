package org.mhim.viewer.ui;

import java.util.Locale;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.mhim.viewer.slide.SlideMetadata;

/**
 * The slide's properties in a searchable two-column table. A virtualised table rather than a
 * property sheet: slides carry hundreds of properties, and only the visible rows get cells, so
 * opening a slide stays quick.
 */
final class PropertiesPanel extends VBox {

  /** One property row. */
  record Row(String name, String value) {}

  private final FilteredList<Row> rows;

  PropertiesPanel(SlideMetadata metadata) {
    rows = new FilteredList<>(FXCollections.observableArrayList(
        metadata.properties().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> new Row(e.getKey(), e.getValue()))
            .toList()));
    TextField search = new TextField();
    search.setPromptText("Search properties");
    search.getStyleClass().add("properties-search");
    search.textProperty().addListener((obs, old, text) -> filter(text));
    Label icon = new Label(null, new FontIcon("mdi2m-magnify"));

    TableView<Row> table = new TableView<>(rows);
    table.getStyleClass().add("properties-table");
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    table.setPlaceholder(new Label("No matching property"));
    TableColumn<Row, String> name = TableParts.text("Property", Row::name);
    name.setPrefWidth(170);
    table.getColumns().add(name);
    table.getColumns().add(TableParts.text("Value", Row::value));
    table.setRowFactory(t -> {
      var row = new TableRow<Row>();
      row.itemProperty().addListener((obs, old, item) ->
          row.setTooltip(item == null ? null : new Tooltip(item.name() + "\n" + item.value())));
      return row;
    });
    VBox.setVgrow(table, Priority.ALWAYS);
    var bar = new HBox(6, icon, search);
    bar.setAlignment(Pos.CENTER_LEFT);
    HBox.setHgrow(search, Priority.ALWAYS);
    bar.getStyleClass().add("properties-search-bar");
    getChildren().addAll(bar, table);
    getStyleClass().add("properties-panel");
  }

  /** Rows whose name or value contains {@code text}, ignoring case. */
  int filter(String text) {
    String needle = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    rows.setPredicate(needle.isEmpty() ? null
        : r -> r.name().toLowerCase(Locale.ROOT).contains(needle) || r.value().toLowerCase(Locale.ROOT).contains(needle));
    return rows.size();
  }
}
