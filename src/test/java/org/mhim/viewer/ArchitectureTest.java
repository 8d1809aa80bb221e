package org.mhim.viewer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the package arrows of docs/ARCHITECTURE pointing down. */
@AnalyzeClasses(packages = "org.mhim.viewer", importOptions = ImportOption.DoNotIncludeTests.class)
public class ArchitectureTest {

  private static final String ROOT = "org.mhim.viewer.";

  @ArchTest
  public static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .withOptionalLayers(true)
          .layer("slide").definedBy(ROOT + "slide..")
          .layer("tissue").definedBy(ROOT + "tissue..")
          .layer("features").definedBy(ROOT + "features..")
          .layer("mil").definedBy(ROOT + "mil..")
          .layer("train").definedBy(ROOT + "train..")
          .layer("analysis").definedBy(ROOT + "analysis..")
          .layer("ui").definedBy(ROOT + "ui..")
          .layer("cli").definedBy(ROOT + "cli..")
          .whereLayer("cli").mayNotBeAccessedByAnyLayer()
          .whereLayer("ui").mayOnlyBeAccessedByLayers("cli")
          .whereLayer("analysis").mayOnlyBeAccessedByLayers("ui", "cli")
          .whereLayer("train").mayOnlyBeAccessedByLayers("analysis", "ui", "cli")
          .whereLayer("mil").mayOnlyBeAccessedByLayers("train", "analysis", "ui", "cli")
          .whereLayer("features").mayOnlyBeAccessedByLayers("mil", "train", "analysis", "ui", "cli")
          .whereLayer("tissue").mayOnlyBeAccessedByLayers("features", "mil", "train", "analysis", "ui", "cli")
          .whereLayer("slide").mayOnlyBeAccessedByLayers("tissue", "features", "mil", "train", "analysis", "ui", "cli");

  @ArchTest
  public static final ArchRule onlyUiUsesJavaFx =
      noClasses().that().resideOutsideOfPackage(ROOT + "ui..")
          .should().dependOnClassesThat().resideInAPackage("javafx..")
          .allowEmptyShould(true);

  /** The CLI launches the UI through one entry class only, so headless commands never load JavaFX. */
  @ArchTest
  public static final ArchRule cliTouchesJavaFxOnlyThroughUi =
      noClasses().that().resideInAPackage(ROOT + "cli..")
          .should().dependOnClassesThat().resideInAPackage("javafx..")
          .allowEmptyShould(true);

  @ArchTest
  public static final ArchRule sharedIoUsesOnlyTheJdk =
      noClasses().that().resideInAPackage(ROOT + "io..")
          .should().dependOnClassesThat().resideInAnyPackage(
              ROOT + "slide..", ROOT + "tissue..", ROOT + "features..", ROOT + "mil..",
              ROOT + "train..", ROOT + "analysis..", ROOT + "ui..", ROOT + "cli..", "ai.djl..", "javafx..");

  @ArchTest
  public static final ArchRule slideAndTissueStayFreeOfDjl =
      noClasses().that().resideInAnyPackage(ROOT + "slide..", ROOT + "tissue..")
          .should().dependOnClassesThat().resideInAPackage("ai.djl..")
          .allowEmptyShould(true);
}
