package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.TestSlides;
import org.mhim.viewer.mil.Bag;
import org.mhim.viewer.mil.HardInstance;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelLocator;
import org.mhim.viewer.mil.Prediction;
import org.mhim.viewer.mil.WeightsChoice;
import org.mhim.viewer.slide.SlideImage;

/**
 * "What remains" on a real demo slide with the committed demo model: the slide is analysed once
 * keeping its bag; each ratio's answer is checked against the model run directly on the bag with
 * the teacher's hard instances (chosen by {@code Prediction.hardInstances}, not by the code under
 * test) cut out.
 */
class WhatRemainsTest {

  private static Path bundle;
  private static ResultWithBag analysis;
  private static MhimModel direct;
  private static WhatRemains remains;

  @BeforeAll
  static void analyse() throws IOException {
    bundle = ModelLocator.resolve(ModelLocator.DEMO);
    Path slide = TestSlides.medium();
    try (SlideAnalyzer analyzer = SlideAnalyzer.builder().setModel(bundle).optDevice(Device.cpu()).build();
        SlideImage image = SlideImage.open(slide)) {
      analysis = analyzer.analyzeKeepingBag(image, "medium", p -> {}, new Cancellation());
      assertEquals(bundle, analyzer.bundle());
    }
    direct = ModelBundle.load(bundle, WeightsChoice.STUDENT);
    remains = WhatRemains.open(bundle, analysis);
  }

  @AfterAll
  static void close() {
    remains.close();
    direct.close();
  }

  @Test
  void theKeptBagIsTheOneTheResultCameFrom() {
    Prediction whole = direct.predict(analysis.bag(), true);
    assertArrayEquals(whole.probabilities(), analysis.result().slideProbabilities(), 1e-6f);
    assertArrayEquals(whole.teacherScores(), analysis.result().instances().scores(), 1e-6f);
  }

  @Test
  void atEachRatioTheModelSeesTheBagWithoutTheTeachersHardInstances() {
    Prediction whole = direct.predict(analysis.bag(), true);
    int n = analysis.bag().n();
    for (double ratio : new double[] {0.005, 0.03, 0.1}) {
      RemainingPrediction got = remains.at(ratio);
      Set<Integer> hard = new HashSet<>();
      for (HardInstance h : whole.hardInstances(ratio)) {
        hard.add(h.index());
      }
      float[] expected = direct.predict(without(analysis.bag(), hard), false).probabilities();
      assertEquals(hard.size(), got.removed(), "removed at " + ratio);
      assertEquals(n - hard.size(), got.remaining(), "remaining at " + ratio);
      assertArrayEquals(expected, got.probabilities(), 1e-5f, "probabilities at " + ratio);
      assertEquals(analysis.result().classNames(), got.classNames());
    }
  }

  @Test
  void takingOutTheHardInstancesChangesTheAnswerAndNothingOutChangesNothing() {
    float[] all = analysis.result().slideProbabilities();
    RemainingPrediction none = remains.at(0);
    assertEquals(0, none.removed());
    assertArrayEquals(all, none.probabilities(), 1e-5f);
    int tumor = analysis.result().classIndex("tumor");
    RemainingPrediction tenPercent = remains.at(0.1);
    // The demo slide has tumour; the hardest instances are the tumour's, so without them the
    // model is less sure of it.
    assertTrue(tenPercent.removed() > 0);
    assertNotEquals(all[tumor], tenPercent.probability(tumor), 1e-4f);
    assertTrue(tenPercent.probability(tumor) < all[tumor],
        "P(tumor) " + all[tumor] + " with all, " + tenPercent.probability(tumor) + " without 10%");
  }

  @Test
  void whenEveryInstanceIsHardNothingRemains() {
    RemainingPrediction everything = remains.at(1);
    assertTrue(everything.isEmpty());
    assertEquals(analysis.bag().n(), everything.removed());
    assertEquals(-1, everything.predictedClass());
    assertTrue(Float.isNaN(everything.probability(0)));
    assertFalse(remains.at(0.5).isEmpty());
  }

  private static Bag without(Bag bag, Set<Integer> removed) {
    int kept = bag.n() - removed.size();
    float[] out = new float[kept * bag.dim()];
    for (int i = 0, row = 0; i < bag.n(); i++) {
      if (!removed.contains(i)) {
        System.arraycopy(bag.features(), i * bag.dim(), out, row++ * bag.dim(), bag.dim());
      }
    }
    return new Bag(out, kept, bag.dim());
  }
}
