package org.mhim.viewer.ui;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.controlsfx.control.PropertySheet;
import org.mhim.viewer.slide.SlideMetadata;

/**
 * The slide's properties as a searchable, read-only sheet grouped by prefix ("openslide",
 * "tiff", "aperio", …).
 */
final class PropertiesPanel extends PropertySheet {

  /** One read-only property; the category is the part of the name before the first dot. */
  private record Item(String name, String value) implements PropertySheet.Item {
    @Override
    public Class<?> getType() {
      return String.class;
    }

    @Override
    public String getCategory() {
      int dot = name.indexOf('.');
      return dot > 0 ? name.substring(0, dot) : "general";
    }

    @Override
    public String getName() {
      int dot = name.indexOf('.');
      return dot > 0 ? name.substring(dot + 1) : name;
    }

    @Override
    public String getDescription() {
      return name + " = " + value;
    }

    @Override
    public Object getValue() {
      return value;
    }

    @Override
    public void setValue(Object value) {
      throw new UnsupportedOperationException("slide properties are read-only");
    }

    @Override
    public Optional<ObservableValue<? extends Object>> getObservableValue() {
      return Optional.empty();
    }

    @Override
    public boolean isEditable() {
      return false;
    }
  }

  PropertiesPanel(SlideMetadata metadata) {
    super(items(metadata));
    getStyleClass().add("properties-panel");
    setMode(PropertySheet.Mode.CATEGORY);
    setModeSwitcherVisible(true);
    setSearchBoxVisible(true);
    setTitleFilter("");
  }

  private static ObservableList<PropertySheet.Item> items(SlideMetadata metadata) {
    ObservableList<PropertySheet.Item> items = FXCollections.observableArrayList();
    metadata.properties().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .forEach(e -> items.add(new Item(e.getKey(), e.getValue())));
    return items;
  }
}
