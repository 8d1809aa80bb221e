package org.mhim.viewer.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitMenuButton;
import javafx.scene.control.Tab;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.mhim.viewer.analysis.AnalysisProgress;
import org.mhim.viewer.analysis.BatchAnalysis;
import org.mhim.viewer.analysis.ResultFiles;
import org.mhim.viewer.analysis.ResultWithBag;
import org.mhim.viewer.analysis.SlideAnalyzer;
import org.mhim.viewer.analysis.SlideResult;
import org.mhim.viewer.analysis.SlideSetEvaluation;
import org.mhim.viewer.analysis.WhatRemains;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.FeatureCache;
import org.mhim.viewer.io.ErrorMessages;
import org.mhim.viewer.mil.ModelLocator;
import org.mhim.viewer.train.SlideTraining;

/**
 * The Analyze action of a window: its menu, tool-bar button and shortcuts (F5, Shortcut+Shift+A),
 * with the {@link ModelPicker} and the training wizard, and one {@link SlideAnalysis} per slide tab. The model loads and runs on a background thread;
 * the JavaFX thread only receives progress (coalesced) and the finished result. Results are
 * written, atomically, to {@link AnalysisFolders#results()}; a cancelled run writes nothing.
 */
final class AnalysisController implements AutoCloseable {

  static final KeyCombination ANALYZE = new KeyCodeCombination(KeyCode.F5);
  static final KeyCombination ANALYZE_FOLDER = new KeyCodeCombination(KeyCode.F5, KeyCombination.SHIFT_DOWN);
  static final KeyCombination ANALYZE_ALT =
      new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);

  private final ReadOnlyObjectProperty<SlideTab> current;
  private final Background background;
  private final Window owner;
  private final ErrorSink errors;
  private final Map<SlideTab, SlideAnalysis> analyses = new HashMap<>();
  private final List<Consumer<SlideAnalysis>> resultListeners = new ArrayList<>();
  private final ExecutorService renderer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "overlay-renderer");
    t.setDaemon(true);
    t.setPriority(Thread.NORM_PRIORITY - 1);
    return t;
  });
  private final SplitMenuButton button = new SplitMenuButton();
  private final MenuItem analyzeItem;
  private final MenuItem cancelItem;
  private final MenuItem openItem;
  private final MenuItem trainItem;
  private final MenuItem evaluateItem;
  private final MenuItem folderItem;
  private final SlideTabs slideTabs;
  private final ModelPicker models;
  private AnalysisFolders folders = AnalysisFolders.defaults();

  /** How errors reach the user: a title and a message naming the file. */
  @FunctionalInterface
  interface ErrorSink {
    void show(String title, String message);
  }

  /** How a slide opens in the window: in a new tab, handed to {@code opened} once shown. FX thread. */
  @FunctionalInterface
  interface SlideTabs {
    void open(Path slide, Consumer<SlideTab> opened);
  }

  /** @param slideTabs opens a slide in the window (one the user double-clicks in an evaluation or a batch) */
  AnalysisController(ReadOnlyObjectProperty<SlideTab> current, Background background, Path configFolder,
      Window owner, ErrorSink errors, SlideTabs slideTabs) {
    this.slideTabs = slideTabs;
    this.current = current;
    this.background = background;
    this.owner = owner;
    this.errors = errors;
    this.models = new ModelPicker(background, configFolder, owner, errors, () -> folders.models(), button);
    analyzeItem = new MenuItem("_Analyze Slide", new FontIcon("mdi2b-brain"));
    analyzeItem.setAccelerator(ANALYZE);
    analyzeItem.setOnAction(e -> analyzeCurrent());
    analyzeItem.disableProperty().bind(current.isNull());
    cancelItem = new MenuItem("_Cancel Analysis", new FontIcon("mdi2s-stop-circle-outline"));
    cancelItem.setOnAction(e -> cancelCurrent());
    openItem = new MenuItem("_Open Analysis Results…", new FontIcon("mdi2f-folder-open-outline"));
    openItem.setOnAction(e -> chooseResults());
    openItem.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
    trainItem = new MenuItem("_Train Model from Labelled Slides…", new FontIcon("mdi2s-school-outline"));
    trainItem.setOnAction(e -> new TrainingWizard(folders, background, models.choices()).ask(owner).ifPresent(this::train));
    evaluateItem = new MenuItem("_Evaluate Chosen Model on Labelled Slides…", new FontIcon("mdi2c-check-decagram-outline"));
    evaluateItem.setOnAction(e -> {
      String chosen = models.selected();
      new EvaluationForm(background).ask(owner, ModelRegistry.label(chosen), Path.of(chosen), folders.featureCache())
          .ifPresent(request -> evaluate(request, ModelRegistry.label(chosen)));
    });
    folderItem = new MenuItem("Analyze Slides in _Folder…", new FontIcon("mdi2f-folder-multiple-outline"));
    folderItem.setAccelerator(ANALYZE_FOLDER);
    folderItem.setOnAction(e -> {
      String chosen = models.selected();
      FolderAnalysisForm form = new FolderAnalysisForm(background);
      // The open slide's folder is the likeliest one: the user reads one slide and wants the rest.
      Optional.ofNullable(current.get()).map(tab -> tab.path().toAbsolutePath().getParent()).ifPresent(form::startingAt);
      form.ask(owner, ModelRegistry.label(chosen)).ifPresent(slides -> analyzeFolder(slides, chosen));
    });
    button.setText("Analyze");
    button.setGraphic(new FontIcon("mdi2b-brain"));
    button.setTooltip(new Tooltip("Analyze the slide with the chosen model (F5, Ctrl+Shift+A)"));
    button.setOnAction(e -> analyzeCurrent());
    button.disableProperty().bind(current.isNull());
    button.setFocusTraversable(false);
    button.getStyleClass().add("analyze-button");
    current.addListener((obs, old, tab) -> updateCancel());
  }

  // ---- wiring into the window -------------------------------------------------------------------

  /** The Analysis menu: analyze, cancel, open results, a folder's slides, the model picker, evaluate, train. */
  Menu menu() {
    return new Menu("_Analysis", null, analyzeItem, cancelItem, openItem, folderItem, new SeparatorMenuItem(),
        models.menu(), evaluateItem, trainItem);
  }

  /** The tool-bar button: a click analyses, its arrow picks the model ({@link ModelPicker}). */
  SplitMenuButton toolBarButton() {
    return button;
  }

  /** Adds the second shortcut (a menu item has only one). */
  void installShortcuts(Scene scene) {
    scene.getAccelerators().put(ANALYZE_ALT, this::analyzeCurrent);
  }

  /** Where results, the feature cache and imported models go (tests point it at a temporary folder). */
  void setFolders(AnalysisFolders folders) {
    this.folders = folders;
  }

  AnalysisFolders folders() {
    return folders;
  }

  /**
   * Trains what the training wizard asked for, watched in a window of its own; the model is then
   * registered and chosen for the next analysis.
   */
  ModelTrainingRun train(SlideTraining.Request request) {
    ModelTrainingRun run = new ModelTrainingRun(owner, request.out().getFileName().toString());
    run.start(background, request, models::importBundle, errors);
    return run;
  }

  /** Evaluates a model on labelled slides, watched in a window of its own; the results then open. */
  EvaluationRun evaluate(SlideSetEvaluation.Request request, String model) {
    EvaluationRun run = new EvaluationRun(owner, model, slide -> slideTabs.open(slide, tab -> {}));
    String name = request.model().getFileName() == null ? "model" : request.model().getFileName().toString();
    run.start(background, request, folders.evaluationFor(name, LocalDateTime.now()), errors);
    return run;
  }

  /**
   * Analyses {@code slides} with {@code model}, watched in a window of its own that lists each slide
   * as it ends; a slide double-clicked there opens with its results.
   */
  FolderAnalysisRun analyzeFolder(List<Path> slides, String model) {
    FolderAnalysisRun run = new FolderAnalysisRun(owner, ModelRegistry.label(model), this::openWithResults, errors);
    run.start(background, slides, model, folders);
    return run;
  }

  /** The model picker: the models offered, the choice, imports. */
  ModelPicker models() {
    return models;
  }

  /**
   * Runs {@code listener} on the FX thread whenever a slide's analysis shows a new result (after
   * its overlays and panel are built): further panels add their sections and overlays here.
   */
  void addResultListener(Consumer<SlideAnalysis> listener) {
    resultListeners.add(listener);
  }

  /** The analysis state of a tab, if it was ever analysed. */
  Optional<SlideAnalysis> analysisOf(SlideTab tab) {
    return Optional.ofNullable(analyses.get(tab));
  }

  // ---- actions ----------------------------------------------------------------------------------

  /** Analyses the selected slide with the chosen model; does nothing while it is already running. */
  void analyzeCurrent() {
    SlideTab tab = current.get();
    if (tab == null) {
      return;
    }
    SlideAnalysis analysis = analyses.computeIfAbsent(tab, this::newAnalysis);
    if (analysis.isRunning()) {
      return;
    }
    Path slide = tab.path();
    String model = models.selected();
    AnalysisFolders target = folders;
    Cancellation cancellation = new Cancellation();
    analysis.started(cancellation);
    analysis.panel().startProgress(ModelRegistry.label(model), cancellation::cancel);
    selectPanel(tab, analysis);
    updateCancel();
    // Only the latest progress reaches the panel, however fast batches finish.
    FxLatest<AnalysisProgress> relay = new FxLatest<>(analysis.panel()::showProgress);
    background.run(
        () -> run(slide, model, target, relay, cancellation),
        finished -> {
          analysis.finished();
          updateCancel();
          if (tab.getTabPane() == null) { // the tab was closed meanwhile
            closeInBackground(finished.remains());
            return;
          }
          SlideAnalysis shown = showResult(tab, finished.analyzed().result(), finished.bundle());
          shown.showEvidence(finished.analyzed(), finished.remains(), message -> errors.show("Evidence", message));
        },
        error -> {
          analysis.finished();
          updateCancel();
          if (cancelled(error) || cancellation.isCancelled()) {
            analysis.panel().stopProgress("Analysis cancelled; nothing was written.");
          } else {
            String message = ErrorMessages.about(slide, error);
            analysis.panel().stopProgress("Analysis failed: " + message);
            errors.show("Analysis failed", message);
          }
        });
  }

  /**
   * Shows {@code result} on {@code tab} (a finished run, or one read back from its files): the
   * panel, the overlays, then the result listeners. FX thread.
   *
   * @param bundle the model bundle that produced it, or null when unknown
   */
  SlideAnalysis showResult(SlideTab tab, SlideResult result, Path bundle) {
    SlideAnalysis analysis = analyses.computeIfAbsent(tab, this::newAnalysis);
    analysis.show(result, bundle);
    resultListeners.forEach(l -> l.accept(analysis));
    return analysis;
  }

  private void chooseResults() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open analysis results");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(
        "A slide's results (<slide>.json) or a folder's (" + BatchAnalysis.SUMMARY + ")", "*.json", "*.csv"));
    if (Files.isDirectory(folders.results())) {
      chooser.setInitialDirectory(folders.results().toFile());
    }
    File file = chooser.showOpenDialog(owner);
    if (file == null) {
      return;
    }
    if (file.getName().endsWith(".csv")) {
      openSummary(file.toPath());
    } else {
      openResults(file.toPath());
    }
  }

  /**
   * Shows the results an earlier analysis wrote ({@code <slide>.json} with its instances CSV
   * beside it), without running the model; read in the background. On the selected slide when they
   * are its results (by slide id, so a slide moved since still finds them); otherwise their slide
   * opens in a new tab with them.
   */
  void openResults(Path summaryJson) {
    String name = summaryJson.getFileName().toString();
    if (!name.endsWith(".json")) {
      errors.show("Cannot open results", summaryJson + ": not an analysis summary (<slide>.json)");
      return;
    }
    ResultFiles files = new ResultFiles(summaryJson.getParent(), name.substring(0, name.length() - ".json".length()));
    SlideTab tab = current.get();
    background.run(files::read, result -> {
      if (tab != null && tab.getTabPane() != null && result.slideId().equals(SlideAnalyzer.slideId(tab.path()))) {
        showSaved(tab, result);
      } else {
        slideTabs.open(result.slidePath(), opened -> showSaved(opened, result));
      }
    }, error -> errors.show("Cannot open results", ErrorMessages.about(summaryJson, error)));
  }

  /** Shows results read back from their files on {@code tab}, unless it was closed meanwhile. */
  private void showSaved(SlideTab tab, SlideResult result) {
    if (tab.getTabPane() != null) {
      showResult(tab, result, null).showEvidence(message -> errors.show("Evidence", message));
    }
  }

  /**
   * Lists the slides of a folder's analysis again from its {@value BatchAnalysis#SUMMARY}, in a
   * window of their own; read in the background.
   */
  BatchSummaryWindow openSummary(Path summaryCsv) {
    BatchSummaryWindow window = new BatchSummaryWindow(owner, summaryCsv, this::openWithResults, errors);
    background.run(() -> BatchAnalysis.readSummary(summaryCsv), window::show,
        error -> errors.show("Cannot open the summary", ErrorMessages.about(summaryCsv, error)));
    return window;
  }

  /** Opens {@code slide} in a new tab with the results of {@code files}. */
  private void openWithResults(Path slide, ResultFiles files) {
    slideTabs.open(slide, tab -> background.run(files::read, result -> showSaved(tab, result),
        error -> errors.show("Cannot open results", ErrorMessages.about(files.summaryJson(), error))));
  }

  /** Cancels the selected slide's analysis, if one runs. */
  void cancelCurrent() {
    SlideTab tab = current.get();
    if (tab != null && analyses.containsKey(tab)) {
      analyses.get(tab).cancel();
    }
  }

  /**
   * A finished run: the result with its feature bag, the bundle folder of the model that made it,
   * and that model's student on the bag ("what remains"; owned by whoever takes it).
   */
  private record Finished(ResultWithBag analyzed, Path bundle, WhatRemains remains) {}

  /** Closing a model waits for a prediction still running on it: never on the FX thread. */
  private static void closeInBackground(AutoCloseable resource) {
    Thread.ofVirtual().name("close-" + resource.getClass().getSimpleName()).start(() -> {
      try {
        resource.close();
      } catch (Exception e) {
        // Freeing native memory of a model nobody uses any more: nothing to tell the user.
      }
    });
  }

  /**
   * The analyzer the viewer runs for {@code model} (the demo model or a bundle folder), through its
   * feature cache; background thread.
   */
  static SlideAnalyzer openAnalyzer(String model, AnalysisFolders folders) throws IOException {
    return SlideAnalyzer.builder()
        .setModel(ModelLocator.resolve(model))
        .optDemoModel(ModelLocator.DEMO.equals(model))
        .optCache(new FeatureCache(folders.featureCache()))
        .build();
  }

  /** Loads the model, analyses the slide and writes its results; background thread. */
  private static Finished run(Path slide, String model, AnalysisFolders folders, FxLatest<AnalysisProgress> relay,
      Cancellation cancellation) throws IOException {
    try (SlideAnalyzer analyzer = openAnalyzer(model, folders)) {
      Path bundle = analyzer.bundle();
      if (cancellation.isCancelled()) {
        throw new CancellationException(slide + ": analysis cancelled");
      }
      ResultWithBag analyzed = analyzer.analyzeToKeepingBag(
          slide, folders.resultsFor(analyzer.modelId(), slide), relay::offer, cancellation);
      // "What remains" asks the student again about this bag whenever the hard-instance ratio moves.
      return new Finished(analyzed, bundle, WhatRemains.open(bundle, analyzed));
    }
  }

  private SlideAnalysis newAnalysis(SlideTab tab) {
    SlideAnalysis analysis = new SlideAnalysis(tab, renderer);
    tab.addSidePanel("Analysis", "mdi2b-brain", analysis.panel());
    // A closed tab (by its close button or the menu) stops its run and lets its overlays go.
    tab.tabPaneProperty().addListener((obs, was, pane) -> {
      if (pane == null) {
        analysis.cancel();
        analyses.remove(tab);
        updateCancel();
      }
    });
    return analysis;
  }

  private static void selectPanel(SlideTab tab, SlideAnalysis analysis) {
    for (Tab side : tab.sidePanelTabs()) {
      if (side.getContent() == analysis.panel()) {
        side.getTabPane().getSelectionModel().select(side);
      }
    }
  }

  private void updateCancel() {
    SlideTab tab = current.get();
    cancelItem.setDisable(tab == null || !analyses.containsKey(tab) || !analyses.get(tab).isRunning());
  }

  @Override
  public void close() {
    analyses.values().forEach(SlideAnalysis::cancel);
    renderer.shutdownNow();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static boolean cancelled(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CancellationException) {
        return true;
      }
    }
    return false;
  }
}
