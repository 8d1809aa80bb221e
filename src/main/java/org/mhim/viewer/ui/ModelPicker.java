package org.mhim.viewer.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitMenuButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.mhim.viewer.analysis.BundledEncoders;
import org.mhim.viewer.io.ErrorMessages;
import org.mhim.viewer.mil.EncoderInfo;
import org.mhim.viewer.mil.MhimConfig;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelLocator;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.mil.ReferenceCheckpoints;
import org.mhim.viewer.mil.WeightsChoice;

/**
 * Which model the Analyze action uses: the bundled demo model or a registered bundle, picked in
 * the Analysis → Model menu or from the tool-bar button's arrow; bundle folders and reference
 * checkpoints are imported here, and a model's encoder attached to its bundle. The list and the choice are remembered ({@link ModelRegistry}),
 * read and written in the background. FX thread.
 */
final class ModelPicker {

  private final Background background;
  private final Path configFolder;
  private final Window owner;
  private final AnalysisController.ErrorSink errors;
  private final Supplier<Path> modelsFolder;
  private final SplitMenuButton button;
  /** Shows the chosen model's card. */
  static final KeyCombination ABOUT = new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN);

  private final Menu menu = new Menu("_Model");
  private ModelRegistry registry = ModelRegistry.defaults();
  private boolean touched;
  private boolean loaded;

  /**
   * @param modelsFolder where imported checkpoints become bundles
   * @param button the tool-bar button whose drop-down lists the models too
   */
  ModelPicker(Background background, Path configFolder, Window owner, AnalysisController.ErrorSink errors,
      Supplier<Path> modelsFolder, SplitMenuButton button) {
    this.background = background;
    this.configFolder = configFolder;
    this.owner = owner;
    this.errors = errors;
    this.modelsFolder = modelsFolder;
    this.button = button;
    rebuildMenus();
    // Until the file is read the demo model is offered; a choice or import made meanwhile joins
    // the remembered list (and is saved with it) rather than replacing it.
    background.run(() -> ModelRegistry.load(configFolder), read -> {
      loaded = true;
      if (touched) {
        saveRegistry(registry.mergedInto(read));
      } else {
        registry = read;
        rebuildMenus();
      }
    }, error -> loaded = true);
  }

  /** The Analysis → Model menu. */
  Menu menu() {
    return menu;
  }

  /** True once the remembered model list has been read (or found missing). */
  boolean loaded() {
    return loaded;
  }

  /** The models offered, in menu order ({@link ModelRegistry#choices()}). */
  List<String> choices() {
    return registry.choices();
  }

  /** {@link ModelLocator#DEMO} or the chosen bundle folder. */
  String selected() {
    return registry.selected();
  }

  /** Chooses the model the next analysis uses ({@link ModelLocator#DEMO} or a registered bundle). */
  void select(String choice) {
    saveRegistry(registry.withSelected(choice));
  }

  private void rebuildMenus() {
    menu.getItems().setAll(items(true));
    // The button's drop-down mirrors the menu (a menu item cannot sit in two parents); the
    // shortcut belongs to the menu bar's copy alone, so that it fires once.
    button.getItems().setAll(items(false));
  }

  /** One radio item per model, then the model's card, the imports and the encoder. */
  private List<MenuItem> items(boolean withShortcuts) {
    ToggleGroup group = new ToggleGroup();
    List<MenuItem> items = new ArrayList<>();
    for (String choice : registry.choices()) {
      RadioMenuItem item = new RadioMenuItem(ModelRegistry.label(choice));
      item.setMnemonicParsing(false);
      item.setToggleGroup(group);
      item.setSelected(choice.equals(registry.selected()));
      item.setOnAction(e -> select(choice));
      items.add(item);
    }
    MenuItem importBundle = new MenuItem("Import Bundle Folder…", new FontIcon("mdi2f-folder-plus-outline"));
    importBundle.setOnAction(e -> chooseBundle());
    MenuItem importCheckpoint = new MenuItem("Import Reference Checkpoint…", new FontIcon("mdi2f-file-import-outline"));
    importCheckpoint.setOnAction(e -> chooseCheckpoint());
    MenuItem attachEncoder = new MenuItem("Attach Encoder to Chosen Model…", new FontIcon("mdi2p-puzzle-plus-outline"));
    attachEncoder.setOnAction(e -> chooseEncoder());
    attachEncoder.setDisable(ModelLocator.DEMO.equals(registry.selected())); // the demo's encoder is built in
    MenuItem about = new MenuItem("About Chosen Model…", new FontIcon("mdi2i-information-outline"));
    about.setOnAction(e -> showAbout());
    if (withShortcuts) {
      about.setAccelerator(ABOUT);
    }
    items.add(new SeparatorMenuItem());
    items.add(about);
    items.add(importBundle);
    items.add(importCheckpoint);
    items.add(attachEncoder);
    return items;
  }

  private void saveRegistry(ModelRegistry next) {
    touched = true;
    registry = next;
    rebuildMenus();
    background.run(() -> {
      next.save(configFolder);
      return next;
    }, saved -> {}, error -> errors.show("Models", error.getMessage()));
  }

  /** Shows the chosen model's card ({@link ModelCard}), read in the background. */
  void showAbout() {
    String chosen = registry.selected();
    background.run(() -> ModelCard.read(chosen), facts -> ModelCard.dialog(owner, facts).show(),
        error -> errors.show("Cannot read model", ErrorMessages.about(Path.of(chosen), error)));
  }

  private void chooseBundle() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Import model bundle folder");
    File dir = chooser.showDialog(owner);
    if (dir != null) {
      importBundle(dir.toPath());
    }
  }

  /** Registers and chooses a bundle folder after reading its manifest (in the background). */
  void importBundle(Path dir) {
    background.run(() -> {
      ModelBundle.readManifest(dir); // names the file when it is not a bundle
      return dir;
    }, ok -> saveRegistry(registry.withBundle(ok)), error -> errors.show("Cannot import model", ErrorMessages.about(dir, error)));
  }

  private void chooseCheckpoint() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Import reference checkpoint");
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("PyTorch checkpoint", "*.pt", "*.pth"),
        new FileChooser.ExtensionFilter("All files", "*"));
    File file = chooser.showOpenDialog(owner);
    if (file == null) {
      return;
    }
    Path checkpoint = file.toPath();
    Path beside = checkpoint.resolveSibling("config.json");
    // Whether the config is beside it is asked in the background: the folder may be slow to answer.
    background.run(() -> Files.isRegularFile(beside), found -> {
      if (found) {
        importCheckpoint(checkpoint, beside);
        return;
      }
      FileChooser configChooser = new FileChooser();
      configChooser.setTitle("The checkpoint's config.json");
      configChooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Reference config", "*.json"));
      configChooser.setInitialDirectory(checkpoint.getParent().toFile());
      File chosen = configChooser.showOpenDialog(owner);
      if (chosen != null) {
        importCheckpoint(checkpoint, chosen.toPath());
      }
    }, error -> errors.show("Cannot import checkpoint", ErrorMessages.about(checkpoint, error)));
  }

  private void chooseEncoder() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("The model's encoder: a TorchScript file with its .json beside it");
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("TorchScript encoder", "*.pt"),
        new FileChooser.ExtensionFilter("All files", "*"));
    File file = chooser.showOpenDialog(owner);
    if (file != null) {
      attachEncoder(file.toPath());
    }
  }

  /**
   * Puts {@code encoder} into the chosen model's bundle, once loaded and checked against the model
   * ({@link BundledEncoders}), so that its analyses can encode patches; in the background.
   */
  void attachEncoder(Path encoder) {
    String chosen = registry.selected();
    if (ModelLocator.DEMO.equals(chosen)) {
      errors.show("Cannot attach encoder", "the demo model's encoder is built in; choose another model first");
      return;
    }
    Path bundle = Path.of(chosen);
    background.run(() -> {
      BundledEncoders.attach(bundle, encoder);
      return bundle;
    }, attached -> {}, error -> errors.show("Cannot attach encoder", ErrorMessages.about(encoder, error)));
  }

  /**
   * Converts a reference checkpoint with its config into a bundle under {@link
   * AnalysisFolders#models()}, registers and chooses it. The checkpoint is loaded first, so a file
   * that does not fit its config is refused with the reason.
   */
  void importCheckpoint(Path checkpoint, Path config) {
    Path models = modelsFolder.get();
    background.run(() -> {
      MhimConfig parsed = MhimConfig.read(config);
      String name = checkpoint.getFileName().toString().replaceFirst("\\.[^.]+$", "");
      Path bundle = models.resolve(name);
      try (MhimModel model = ReferenceCheckpoints.load(checkpoint, parsed, WeightsChoice.STUDENT)) {
        ModelManifest manifest = ModelManifest.of(parsed, EncoderInfo.UNKNOWN,
            Map.of("imported_from", checkpoint.toAbsolutePath().toString(), "config", config.toAbsolutePath().toString()));
        ModelBundle.save(bundle, manifest, model);
      }
      return bundle;
    }, bundle -> saveRegistry(registry.withBundle(bundle)),
        error -> errors.show("Cannot import checkpoint", ErrorMessages.about(checkpoint, error)));
  }

}
