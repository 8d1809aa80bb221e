package org.mhim.viewer.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.mhim.viewer.io.ErrorMessages;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.SlideFileTypes;
import org.mhim.viewer.slide.TileCache;
import org.mhim.viewer.slide.TileKey;

/**
 * The main window: menu and tool bar, one tab per slide, drag and drop, recent files, theme, and
 * the keyboard shortcuts. Slides open in the background; failures show as notifications naming
 * the file and the window stays usable.
 */
public final class ViewerWindow implements AutoCloseable {

  /** Decoded tiles kept by OpenSlide reads (shared by all tabs). */
  static final long TILE_CACHE_BYTES = 256L << 20;
  /** Throwaway slide tabs styled when the window opens (see SlideTabWarmUp). */
  private static final int WARM_UP_ROUNDS = 3;
  /** An open that takes longer than this shows an "opening…" tab (most take well under it). */
  private static final Duration LOADING_TAB_AFTER = Duration.millis(150);
  /** The "opening…" tab shows spinners once it has been up this long. */
  private static final Duration SPINNER_AFTER = Duration.millis(300);
  /**
   * Tiles the views compose frames from (shared by all tabs; mostly the tile cache's own arrays,
   * so little beyond {@link #TILE_CACHE_BYTES}).
   */
  static final long TILE_PIXEL_BYTES = 192L << 20;

  private final Stage stage;
  private final SlideOpener opener;
  private final Path configFolder;
  private final TileCache cache = new TileCache(TILE_CACHE_BYTES);
  private final TilePixels tilePixels = new TilePixels(TILE_PIXEL_BYTES);
  private final Background background = new Background("viewer-background");
  private final SettingsWriter settingsWriter;
  private final TabPane tabs = new TabPane();
  private final ComboBox<String> zoomField = new ComboBox<>();
  /** The zoom field changes during zooms: fenced, so that lays out only the field. */
  private final LayoutFence zoomFence = new LayoutFence(zoomField);
  /**
   * The zoom field follows a running zoom at most twice a second (see Throttle); not while the
   * user types in it (applyZoom then shows what was applied).
   */
  private final Throttle<String> zoomUpdates = new Throttle<>(Throttle.READOUT, text -> {
    if (!zoomField.getEditor().isFocused()) {
      setZoomText(text);
    }
  });
  private final Menu recentMenu = new Menu("Open _Recent");
  private final ToggleButton themeToggle = new ToggleButton();
  private final ReadOnlyObjectWrapper<SlideTab> current = new ReadOnlyObjectWrapper<>(this, "current");
  private final ErrorNotifier errors;
  private final BorderPane root = new BorderPane();
  private final AnalysisController analysis;
  private final AnnotationsController annotations;
  private UserSettings settings;
  private boolean remembering = true;
  /** Set by {@link #close}; FX thread. */
  private boolean closed;
  /** Slides being opened (read in the background) now; FX thread. */
  private int opening;

  public ViewerWindow(Stage stage, SlideOpener opener, Path configFolder) {
    this.stage = stage;
    this.opener = opener;
    this.configFolder = configFolder;
    this.settings = UserSettings.load(configFolder);
    this.settingsWriter = new SettingsWriter(configFolder);
    this.errors = new ErrorNotifier(stage);
    this.analysis =
        new AnalysisController(current.getReadOnlyProperty(), background, configFolder, stage, errors::show, this::open);
    this.annotations = new AnnotationsController(current.getReadOnlyProperty(), background, stage, errors::show);

    tabs.getStyleClass().add("slide-tabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
    tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, tab) -> onTabChanged(tab));

    StackPane centre = new StackPane(emptyState(), tabs);
    tabs.visibleProperty().bind(Bindings.isNotEmpty(tabs.getTabs()));
    root.setTop(new VBox(menuBar(), toolBar()));
    root.setCenter(centre);
    root.getStyleClass().add("viewer-window");

    Scene scene = new Scene(root, 1280, 820);
    settings.theme().applyTo(scene);
    themeToggle.setSelected(settings.theme() == Theme.DARK);
    scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
    analysis.installShortcuts(scene);
    installDragAndDrop(scene);
    stage.setScene(scene);
    stage.setTitle("MHIM Viewer");
    List<Rectangle2D> screens = Screen.getScreens().stream().map(Screen::getVisualBounds).toList();
    settings.window().filter(placement -> placement.usableOn(screens)).ifPresent(placement -> placement.applyTo(stage));
    stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> close());
    rebuildRecentMenu();
    // Once the window is up (this runs after the task that shows it), before any slide opens.
    Platform.runLater(() -> SlideTabWarmUp.run(centre, background, WARM_UP_ROUNDS,
        () -> closed || opening > 0 || !tabs.getTabs().isEmpty())); // a slide opens, or the window closed
    // A missing library is reported when a slide is opened, naming the slide; nothing to say here.
    background.run(() -> {
      opener.prepare();
      TileCompositor.warmUp(); // the first slide's first frame is composed by compiled code
      return true;
    }, ready -> {}, error -> {});
  }

  // ---- opening slides ---------------------------------------------------------------------------

  /** Opens {@code path} in a new tab, reading it in the background. */
  public void open(Path path) {
    open(path, tab -> {});
  }

  /** As {@link #open(Path)}, then hands the slide's tab, shown and selected, to {@code opened}. */
  void open(Path path, Consumer<SlideTab> opened) {
    opening++;
    Tab loading = new Tab(path.getFileName().toString());
    Label label = new Label("Opening " + path.getFileName() + "…");
    VBox box = new VBox(12, label);
    box.setAlignment(Pos.CENTER);
    loading.setContent(box);
    // Most opens take a tenth of a second: they go straight to the slide's tab. A slower one gets
    // an "opening…" tab, and spinners later still (an indeterminate spinner's first styling and
    // its animated segments cost the window more than a typical open takes).
    BooleanProperty shown = new SimpleBooleanProperty();
    PauseTransition slow = new PauseTransition(LOADING_TAB_AFTER);
    slow.setOnFinished(e -> {
      shown.set(true);
      tabs.getTabs().add(loading);
      tabs.getSelectionModel().select(loading);
      PauseTransition slower = new PauseTransition(SPINNER_AFTER);
      slower.setOnFinished(later -> {
        if (tabs.getTabs().contains(loading)) {
          ProgressIndicator spinner = new ProgressIndicator();
          spinner.setMaxSize(48, 48);
          box.getChildren().addFirst(spinner);
          ProgressIndicator small = new ProgressIndicator();
          small.setMaxSize(14, 14);
          loading.setGraphic(small);
        }
      });
      slower.play();
    });
    slow.play();
    background.run(
        () -> opener.open(path),
        slide -> {
          opening--;
          slow.stop();
          int index = tabs.getTabs().indexOf(loading);
          if (shown.get() && index < 0) { // the user closed the tab while it was opening
            closeQuietly(slide);
            return;
          }
          SlideTab tab = newTab(slide);
          if (index < 0) {
            tabs.getTabs().add(tab);
          } else {
            tabs.getTabs().set(index, tab);
          }
          tabs.getSelectionModel().select(tab);
          remember(path);
          annotations.loadBeside(tab);
          opened.accept(tab);
        },
        error -> {
          opening--;
          slow.stop();
          tabs.getTabs().remove(loading);
          forgetRecent(path); // a recent slide that no longer opens (moved, deleted) leaves the list
          errors.show("Cannot open slide", ErrorMessages.about(path, error));
        });
  }

  /**
   * Prepares a slide in the background (generating the demo slide, say) with a progress tab
   * labelled {@code what}, then opens it.
   */
  public void openWhenReady(String what, Callable<Path> prepare) {
    Tab preparing = new Tab(what);
    ProgressIndicator spinner = new ProgressIndicator();
    spinner.setMaxSize(48, 48);
    VBox box = new VBox(12, spinner, new Label(what + "…"));
    box.setAlignment(Pos.CENTER);
    preparing.setContent(box);
    tabs.getTabs().add(preparing);
    tabs.getSelectionModel().select(preparing);
    background.run(prepare, path -> {
      tabs.getTabs().remove(preparing);
      open(path);
    }, error -> {
      tabs.getTabs().remove(preparing);
      errors.show(what + " failed", ErrorMessages.of(error));
    });
  }

  /** Shows an already opened slide (tests use it to wrap the source). FX thread. */
  void show(OpenSlide slide) {
    SlideTab tab = newTab(slide);
    tabs.getTabs().add(tab);
    tabs.getSelectionModel().select(tab);
  }

  /** Shows {@code message} as an error notification; FX thread. */
  void showError(String title, String message) {
    errors.show(title, message);
  }

  // ---- accessors for the app, tests and later panels --------------------------------------------

  public Stage stage() {
    return stage;
  }

  Parent root() {
    return root;
  }

  /** The selected slide tab, when one is open. */
  ReadOnlyObjectProperty<SlideTab> currentTabProperty() {
    return current.getReadOnlyProperty();
  }

  /** The selected slide's canvas: where overlays and side panels attach. */
  public Optional<ViewerCanvas> currentViewer() {
    return Optional.ofNullable(current.get()).map(SlideTab::viewer);
  }

  AnnotationsController annotations() {
    return annotations;
  }

  ObservableList<String> errorMessages() {
    return errors.messages();
  }

  List<Path> recentFiles() {
    return settings.recentFiles();
  }

  TileCache tileCache() {
    return cache;
  }

  /** The Analyze action and the per-slide analyses (result panel, overlays). */
  AnalysisController analysis() {
    return analysis;
  }

  @Override
  public void close() {
    if (!closed && remembering) {
      WindowPlacement placement = WindowPlacement.of(stage);
      if (placement.sensible()) {
        settingsWriter.saveWindow(placement);
      }
    }
    settingsWriter.close();
    closed = true;
    for (Tab tab : new ArrayList<>(tabs.getTabs())) {
      if (tab instanceof SlideTab slideTab) {
        slideTab.close();
      }
    }
    analysis.close();
    background.close();
  }

  /**
   * Once the window closed: waits (a little, at most) for its settings, where it was among them, to
   * be written, so the program does not end under the write. Never on the FX thread.
   */
  void awaitSettingsWritten() throws InterruptedException {
    settingsWriter.awaitWritten();
  }

  // ---- building blocks ----------------------------------------------------------------------------

  private SlideTab newTab(OpenSlide opened) {
    // Closing the tab also frees the slide's decoded tiles.
    OpenSlide slide = new OpenSlide(opened.source(), opened.id(), opened.associatedImage(), () -> {
      cache.invalidate(opened.id());
      opened.resource().close();
    });
    // Tiles lie on each level's own pixel grid: read them in level pixels (stored tiles, decoded
    // as they are) rather than at level-0 positions OpenSlide would resample from.
    Function<TileKey, ArgbImage> read = key -> cache.get(key, () -> {
      double downsample = slide.source().metadata().level(key.level()).downsample();
      return slide.source().readLevelRegion(key.level(), key.levelX(downsample), key.levelY(downsample),
          key.width(), key.height());
    });
    SlideTab tab = new SlideTab(slide, read, tilePixels, () -> cache.stats().bytes(), TILE_CACHE_BYTES,
        background, message -> errors.show("Slide unreadable", message));
    // The tab's content will fill the tab pane below its headers (as the current tab's does).
    Node shown = tabs.getSelectionModel().getSelectedItem() == null ? null : tabs.getSelectionModel().getSelectedItem().getContent();
    if (shown != null && shown.getLayoutBounds().getWidth() > 0) {
      tab.expectContentSize(shown.getLayoutBounds().getWidth(), shown.getLayoutBounds().getHeight());
    } else {
      tab.expectContentSize(tabs.getWidth(), tabs.getHeight() - 32);
    }
    tab.viewer().setCanvasBackground(themeToggle.isSelected() ? Theme.DARK.canvasBackground() : Theme.LIGHT.canvasBackground());
    Magnification magnification = Magnification.of(tab.viewer().metadata());
    tab.viewer().viewportProperty().addListener((obs, old, view) -> {
      if (current.get() == tab && !zoomField.getEditor().isFocused()) {
        zoomUpdates.submit(zoomText(magnification, view));
      }
    });
    return tab;
  }

  private void onTabChanged(Tab tab) {
    current.set(tab instanceof SlideTab s ? s : null);
    SlideTab slideTab = current.get();
    zoomField.setDisable(slideTab == null);
    if (slideTab == null) {
      stage.setTitle("MHIM Viewer");
      zoomField.getItems().clear();
      return;
    }
    stage.setTitle(slideTab.path().getFileName() + " — MHIM Viewer");
    ViewerCanvas viewer = slideTab.viewer();
    Magnification m = Magnification.of(viewer.metadata());
    List<String> items = new ArrayList<>();
    items.add("Fit");
    Viewport v = viewer.viewport();
    double fitDs = v == null ? Double.MAX_VALUE : viewer.fitFor(v.width(), v.height()).downsample();
    m.presets(fitDs).forEach(p -> items.add(Magnification.format(p)));
    items.add("1:1");
    zoomField.getItems().setAll(items);
    showZoom(zoomText(m, v)); // drops an update of the tab shown before
  }

  private void showZoom(String text) {
    zoomUpdates.shownDirectly(text);
    setZoomText(text);
  }

  private void setZoomText(String text) {
    if (!text.equals(zoomField.getEditor().getText())) {
      zoomField.getEditor().setText(text);
      zoomFence.refresh();
    }
  }

  private static String zoomText(Magnification m, Viewport v) {
    if (v == null) {
      return "";
    }
    OptionalDouble mag = m.atDownsample(v.downsample());
    return mag.isPresent() ? Magnification.format(mag.getAsDouble())
        : String.format(Locale.ROOT, "1:%.2f", v.downsample());
  }

  /** Applies what was typed or picked in the zoom field: "Fit", "20×", "20", "1:4". */
  private void applyZoom(String text) {
    currentViewer().ifPresent(viewer -> {
      String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      try {
        if (t.equals("fit")) {
          viewer.fit();
        } else if (t.startsWith("1:")) {
          viewer.zoomToDownsample(Double.parseDouble(t.substring(2)));
        } else if (!t.isEmpty()) {
          double mag = Double.parseDouble(t.replace("×", "").replace("x", "").trim());
          Magnification m = Magnification.of(viewer.metadata());
          if (!m.known()) {
            errors.show("Zoom", "This slide has no magnification; enter a downsample as 1:N.");
            return;
          }
          viewer.zoomToDownsample(m.downsampleFor(mag));
        }
      } catch (IllegalArgumentException e) {
        errors.show("Zoom", "Not a zoom: \"" + text + "\" (try 20×, 1:4 or Fit).");
      }
      viewer.requestFocus();
      // The field skipped the zoom's own update while it had the focus: show what was applied.
      showZoom(zoomText(Magnification.of(viewer.metadata()), viewer.viewport()));
    });
  }

  private Node emptyState() {
    FontIcon icon = new FontIcon("mdi2m-microscope");
    icon.getStyleClass().add("empty-icon");
    Label title = new Label("No slide open");
    title.getStyleClass().add("empty-title");
    Label hint = new Label("Open a whole-slide image (Ctrl+O) or drop one here.");
    hint.getStyleClass().add("empty-hint");
    Button open = new Button("Open slide…", new FontIcon("mdi2f-folder-open-outline"));
    open.setOnAction(e -> chooseAndOpen());
    VBox box = new VBox(12, icon, title, hint, open);
    box.setAlignment(Pos.CENTER);
    box.getStyleClass().add("empty-state");
    // Under the slide tabs it must not be drawn, nor take Enter: Enter in the zoom field opened
    // the file chooser through this default button.
    box.visibleProperty().bind(tabs.visibleProperty().not());
    open.defaultButtonProperty().bind(box.visibleProperty());
    return box;
  }

  private MenuBar menuBar() {
    MenuItem open = item("_Open…", "mdi2f-folder-open-outline", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseAndOpen);
    MenuItem close = item("_Close Tab", null, new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), this::closeCurrentTab);
    MenuItem export = item("_Export View as PNG…", "mdi2f-file-image-outline", new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), this::exportView);
    MenuItem copy = item("_Copy View", "mdi2c-content-copy", new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), this::copyView);
    MenuItem quit = item("_Quit", null, new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), stage::close);
    Menu file = new Menu("_File", null, open, recentMenu, annotations.openItem(), new SeparatorMenuItem(), export, copy,
        new SeparatorMenuItem(), close, quit);

    MenuItem zoomIn = item("Zoom _In", "mdi2m-magnify-plus-outline", new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN), () -> currentViewer().ifPresent(v -> v.zoomBy(1.5)));
    MenuItem zoomOut = item("Zoom _Out", "mdi2m-magnify-minus-outline", new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN), () -> currentViewer().ifPresent(v -> v.zoomBy(1 / 1.5)));
    MenuItem fit = item("_Fit Slide", "mdi2f-fit-to-screen-outline", null, () -> currentViewer().ifPresent(ViewerCanvas::fit));
    fit.setAccelerator(null);
    CheckMenuItem side = new CheckMenuItem("Side _Panel");
    side.setSelected(true);
    side.setAccelerator(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN));
    side.setOnAction(e -> tabs.getTabs().forEach(t -> {
      if (t instanceof SlideTab s) {
        s.setSidePanelVisible(side.isSelected());
      }
    }));
    MenuItem theme = item("Toggle _Dark Theme", "mdi2t-theme-light-dark", new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), () -> {
      themeToggle.setSelected(!themeToggle.isSelected());
      applyTheme();
    });
    MenuItem measure = item("_Measure Distance (M)", "mdi2r-ruler", null, this::toggleMeasuring);
    Menu view = new Menu("_View", null, zoomIn, zoomOut, fit, new SeparatorMenuItem(), measure, annotations.showItem(),
        new SeparatorMenuItem(), side, theme);

    MenuItem keys = item("_Keyboard Shortcuts", "mdi2k-keyboard-outline", new KeyCodeCombination(KeyCode.F1), this::showShortcuts);
    Menu help = new Menu("_Help", null, keys);
    MenuBar bar = new MenuBar(file, view, analysis.menu(), help);
    bar.setUseSystemMenuBar(true);
    return bar;
  }

  private ToolBar toolBar() {
    zoomField.setEditable(true);
    zoomField.setPrefWidth(110);
    zoomField.setPromptText("Zoom");
    zoomField.setTooltip(new Tooltip("Magnification (20×), downsample (1:4) or Fit"));
    zoomField.setDisable(true);
    zoomField.getStyleClass().add("zoom-field");
    zoomField.setOnAction(e -> applyZoom(zoomField.getEditor().getText()));
    zoomField.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
      if (item != null) {
        Platform.runLater(() -> applyZoom(item));
      }
    });
    themeToggle.setGraphic(new FontIcon("mdi2t-theme-light-dark"));
    themeToggle.setId("theme-toggle");
    themeToggle.setTooltip(new Tooltip("Dark theme (Ctrl+Shift+T)"));
    themeToggle.setOnAction(e -> applyTheme());
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    return new ToolBar(
        button("mdi2f-folder-open-outline", "Open slide (Ctrl+O)", this::chooseAndOpen),
        new Separator(),
        button("mdi2m-magnify-minus-outline", "Zoom out (−)", () -> currentViewer().ifPresent(v -> v.zoomBy(1 / 1.5))),
        zoomFence,
        button("mdi2m-magnify-plus-outline", "Zoom in (+)", () -> currentViewer().ifPresent(v -> v.zoomBy(1.5))),
        button("mdi2f-fit-to-screen-outline", "Fit slide (F)", () -> currentViewer().ifPresent(ViewerCanvas::fit)),
        new Separator(),
        button("mdi2f-file-image-outline", "Export view as PNG (Ctrl+E)", this::exportView),
        button("mdi2c-content-copy", "Copy view (Ctrl+Shift+C)", this::copyView),
        new Separator(),
        analysis.toolBarButton(),
        spacer,
        themeToggle);
  }

  private static MenuItem item(String text, String icon, KeyCombination accelerator, Runnable action) {
    MenuItem item = new MenuItem(text, icon == null ? null : new FontIcon(icon));
    item.setAccelerator(accelerator);
    item.setOnAction(e -> action.run());
    return item;
  }

  private static Button button(String icon, String tooltip, Runnable action) {
    Button b = new Button(null, new FontIcon(icon));
    b.setTooltip(new Tooltip(tooltip));
    b.setOnAction(e -> action.run());
    b.setFocusTraversable(false);
    return b;
  }

  // ---- actions ------------------------------------------------------------------------------------

  private void onKey(KeyEvent e) {
    if (typedIntoAField(e) || e.isShortcutDown() || e.isAltDown()) {
      return;
    }
    Optional<ViewerCanvas> viewer = currentViewer();
    if (viewer.isEmpty()) {
      return;
    }
    ViewerCanvas v = viewer.get();
    double pan = e.isShiftDown() ? 0.5 : 0.125;
    boolean handled = true;
    switch (e.getCode()) {
      case PLUS, ADD, EQUALS -> v.zoomBy(1.5);
      case MINUS, SUBTRACT -> v.zoomBy(1 / 1.5);
      case LEFT -> v.panByFraction(-pan, 0);
      case RIGHT -> v.panByFraction(pan, 0);
      case UP -> v.panByFraction(0, -pan);
      case DOWN -> v.panByFraction(0, pan);
      case F, HOME -> v.fit();
      case DIGIT1, DIGIT2, DIGIT4, DIGIT5 -> zoomToPreset(v, e.getCode(), e.isShiftDown());
      case M -> toggleMeasuring();
      case A -> annotations.toggle();
      case ESCAPE -> {
        handled = v.measuringProperty().get();
        v.measuringProperty().set(false);
      }
      default -> handled = false;
    }
    if (handled) {
      e.consume();
    }
  }

  /** Turns measuring on or off on the current slide: a drag then draws a line and shows its length. */
  void toggleMeasuring() {
    currentViewer().ifPresent(v -> v.measuringProperty().set(!v.measuringProperty().get()));
  }

  /**
   * Keys meant for a text field are not shortcuts. An editable combo box (the zoom field) is the
   * target of its keys itself, its editor only sees them after: without this, typing "10" into
   * the zoom field jumped to the 1× preset.
   */
  private static boolean typedIntoAField(KeyEvent e) {
    return e.getTarget() instanceof TextInputControl
        || e.getTarget() instanceof ComboBoxBase<?> box && box.isEditable();
  }

  private static double e10(double base, boolean shift) {
    return shift ? base * 10 : base;
  }

  /** 1, 2, 4, 5 → 1×, 2×, 4×, 5×; with Shift ten times that (Shift+2 = 20×, Shift+4 = 40×). */
  private void zoomToPreset(ViewerCanvas v, KeyCode code, boolean shift) {
    Magnification m = Magnification.of(v.metadata());
    if (!m.known()) {
      return;
    }
    double base = switch (code) {
      case DIGIT1 -> 1;
      case DIGIT2 -> 2;
      case DIGIT4 -> 4;
      default -> 5;
    };
    v.zoomToDownsample(m.downsampleFor(e10(base, shift)));
  }

  private void chooseAndOpen() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open slide");
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("Whole-slide images", SlideFileTypes.patterns()),
        new FileChooser.ExtensionFilter("All files", "*"));
    settings.recentFiles().stream().findFirst().map(Path::getParent).filter(Files::isDirectory)
        .ifPresent(dir -> chooser.setInitialDirectory(dir.toFile()));
    List<File> files = chooser.showOpenMultipleDialog(stage);
    if (files != null) {
      files.forEach(f -> open(f.toPath()));
    }
  }

  void closeCurrentTab() {
    Tab tab = tabs.getSelectionModel().getSelectedItem();
    if (tab != null) {
      tabs.getTabs().remove(tab);
      if (tab instanceof SlideTab s) {
        s.close();
      }
    }
  }

  private void exportView() {
    SlideTab tab = current.get();
    if (tab == null) {
      return;
    }
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export view as PNG");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
    String name = tab.path().getFileName().toString().replaceFirst("\\.[^.]+$", "");
    chooser.setInitialFileName(name + "-view.png");
    File file = chooser.showSaveDialog(stage);
    if (file != null) {
      exportViewTo(file.toPath());
    }
  }

  /**
   * Writes the current view, as seen, to {@code target} as PNG: captured now, encoded and written
   * in the background. Failures show as a notification naming the file. FX thread.
   *
   * @return the write, for callers that wait for it (tests); empty when no slide is shown
   */
  Optional<Task<Path>> exportViewTo(Path target) {
    SlideTab tab = current.get();
    if (tab == null) {
      return Optional.empty();
    }
    var pixels = ViewExport.toBuffered(ViewExport.capture(tab.viewArea()));
    // An analysed slide's view carries the legend of the map shown on it.
    MapLegend legend = analysis.analysisOf(tab).map(SlideAnalysis::evidence).map(EvidenceView::legend).orElse(null);
    return Optional.of(background.run(() -> {
      ViewExport.writePng(legend == null ? pixels : LegendPainter.withLegend(pixels, legend), target);
      return target;
    }, written -> {}, error -> errors.show("Export failed", ErrorMessages.about(target, error))));
  }

  void copyView() {
    SlideTab tab = current.get();
    if (tab != null) {
      ViewExport.copy(ViewExport.capture(tab.viewArea()));
    }
  }

  private void applyTheme() {
    Theme theme = themeToggle.isSelected() ? Theme.DARK : Theme.LIGHT;
    theme.applyTo(stage.getScene());
    tabs.getTabs().forEach(t -> {
      if (t instanceof SlideTab s) {
        s.viewer().setCanvasBackground(theme.canvasBackground());
      }
    });
    saveSettings(settings.withTheme(theme));
  }

  /**
   * Whether this window's use is remembered for the next start: the slides it opens join the
   * recent-files list, and where it was when it closed is where the next one opens (not for
   * scripted screenshots and benchmarks).
   */
  void setRemembering(boolean remember) {
    this.remembering = remember;
  }

  private void remember(Path path) {
    if (!remembering) {
      return;
    }
    saveSettings(settings.withRecent(path));
    rebuildRecentMenu();
  }

  private void forgetRecent(Path path) {
    UserSettings next = settings.withoutRecent(path);
    if (!next.equals(settings)) {
      saveSettings(next);
      rebuildRecentMenu();
    }
  }

  /** The Open Recent menu (tests pick items from it). */
  Menu recentMenu() {
    return recentMenu;
  }

  private void saveSettings(UserSettings next) {
    settings = next;
    settingsWriter.save(next);
  }

  private void rebuildRecentMenu() {
    recentMenu.getItems().clear();
    for (Path p : settings.recentFiles()) {
      MenuItem item = new MenuItem(p.getFileName() + "  —  " + p.getParent());
      item.setMnemonicParsing(false);
      item.setOnAction(e -> open(p));
      recentMenu.getItems().add(item);
    }
    recentMenu.setDisable(recentMenu.getItems().isEmpty());
  }

  private void installDragAndDrop(Scene scene) {
    scene.setOnDragOver(e -> {
      if (e.getDragboard().hasFiles()) {
        e.acceptTransferModes(TransferMode.COPY);
      }
      e.consume();
    });
    scene.setOnDragDropped(e -> {
      boolean any = e.getDragboard().hasFiles();
      if (any) {
        e.getDragboard().getFiles().forEach(f -> open(f.toPath()));
      }
      e.setDropCompleted(any);
      e.consume();
    });
  }

  private void showShortcuts() {
    Alert alert = new Alert(Alert.AlertType.INFORMATION);
    alert.initOwner(stage);
    alert.setTitle("Keyboard shortcuts");
    alert.setHeaderText("Keyboard shortcuts");
    alert.setContentText(String.join("\n",
        "Wheel, + / −, double-click   zoom (Shift+double-click zooms out)",
        "Drag, arrow keys            pan (Shift+arrow: half a screen)",
        "F                           fit the slide",
        "1, 2, 4, 5                  zoom to 1×, 2×, 4×, 5× (with Shift: 10×, 20×, 40×, 50×)",
        "Ctrl+O / Ctrl+W             open slide / close tab",
        "Ctrl+E / Ctrl+Shift+C       export view as PNG / copy view",
        "Ctrl+P                      side panel",
        "F5 / Ctrl+Shift+A           analyze the slide with the chosen model",
        "Shift+F5                    analyze every slide in a folder",
        "Ctrl+Shift+O                open analysis results (a slide's, or a folder's summary)",
        "M / Esc                     measure a distance (drag on the slide) / stop measuring",
        "Ctrl+Shift+G / A            open annotations (GeoJSON) / show or hide them",
        "Ctrl+I                      about the chosen model",
        "Ctrl+Shift+T                dark theme"));
    alert.show();
  }

  private static void closeQuietly(OpenSlide slide) {
    try {
      slide.resource().close();
    } catch (Exception e) {
      // the slide was never shown; nothing to tell
    }
  }
}
