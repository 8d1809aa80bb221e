package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mhim.viewer.mil.AggregatorKind;
import org.mhim.viewer.mil.MhimConfig;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelFiles;
import org.mhim.viewer.mil.WeightTensor;
import org.mhim.viewer.mil.WeightsChoice;

/**
 * A trained model that a fine-tuning run starts from: its student's and teacher's weights, its
 * hyperparameters and the encoder its features came from. Fine-tuning keeps the model's shape
 * (aggregator, widths, classes, activations, recycled tokens) and takes the training
 * hyperparameters from the run's options.
 *
 * @param source the model as the user named it (a bundle folder, {@code demo}, a checkpoint)
 * @param config the model's hyperparameters
 * @param encoderId the encoder the model's features came from; empty when the model does not say
 * @param student the student's weights by reference name, with its recycle network's when it has one
 * @param teacher the teacher's weights, empty when the model has no teacher of its own
 */
public record StartingModel(
    String source, MhimConfig config, String encoderId, Map<String, WeightTensor> student,
    Map<String, WeightTensor> teacher) {

  public StartingModel {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(config, "config");
    encoderId = encoderId == null ? "" : encoderId;
    student = Map.copyOf(student);
    teacher = teacher == null ? Map.of() : Map.copyOf(teacher);
  }

  /**
   * Reads the model {@code model} names: a bundle folder, {@code demo}, or a reference checkpoint
   * with {@code config} (or the {@code config.json} beside it).
   *
   * @throws IOException naming the file when it is not a model or cannot be read
   */
  public static StartingModel open(Path model, Path config) throws IOException {
    Path located = ModelFiles.located(model);
    String encoderId = ModelBundle.isBundle(located) ? ModelBundle.readManifest(located).encoder().id() : null;
    try (MhimModel loaded = ModelFiles.open(located, config, WeightsChoice.STUDENT)) {
      return new StartingModel(
          model.toString(), loaded.config(), encoderId, loaded.studentWeights(), loaded.teacherWeights());
    }
  }

  /**
   * Refuses, before any work, a run that cannot fine-tune this model: other options' aggregator or
   * width, another encoder.
   *
   * @param encoderId the encoder the run's features come from, empty when unknown
   * @throws IllegalArgumentException naming every difference
   */
  public void checkRun(TrainingOptions options, String encoderId) {
    refuse(runProblems(options.aggregator(), options.mlpDim(), encoderId));
  }

  /**
   * The hyperparameters of a run that fine-tunes this model: its shape, and the training settings of
   * {@code fresh}, the config the run would have from scratch.
   *
   * @param featuresEncoderId the encoder the training features came from, empty when unknown
   * @throws IllegalArgumentException naming every way the run does not fit the model: another
   *     aggregator or width, features of another width or encoder, other classes
   */
  MhimConfig fineTuning(MhimConfig fresh, String featuresEncoderId) {
    MhimConfig c = config;
    List<String> problems = runProblems(fresh.aggregator(), fresh.mlpDim(), featuresEncoderId);
    if (fresh.inputDim() != c.inputDim()) {
      problems.add("it reads " + c.inputDim() + " features per instance, the training features have "
          + fresh.inputDim());
    }
    if (!fresh.classNames().equals(c.classNames())) {
      problems.add("its classes are " + c.classNames() + ", the labels' are " + fresh.classNames());
    }
    refuse(problems);
    return new MhimConfig(
        c.aggregator(), c.inputDim(), c.mlpDim(), c.classNames(), c.activation(), c.attentionActivation(),
        c.heads(), fresh.dropout(), fresh.attentionDropout(), fresh.maskRatioH(), fresh.maskRatioHr(),
        fresh.mergeEnable(), c.mergeK(), fresh.mergeMomentum(), fresh.mergeRatio(), fresh.tempT(),
        fresh.auxAlpha(), fresh.emaMomentum());
  }

  private List<String> runProblems(AggregatorKind aggregator, int mlpDim, String runEncoderId) {
    List<String> problems = new ArrayList<>();
    if (aggregator != config.aggregator()) {
      problems.add("its aggregator is " + config.aggregator().id() + ", not " + aggregator.id());
    }
    if (mlpDim != config.mlpDim()) {
      problems.add("its mlp_dim is " + config.mlpDim() + ", not " + mlpDim);
    }
    if (!encoderId.isEmpty() && !runEncoderId.isEmpty() && !encoderId.equals(runEncoderId)) {
      problems.add("it was trained on features of '" + encoderId + "', not of '" + runEncoderId + "'");
    }
    return problems;
  }

  private void refuse(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("cannot fine-tune " + source + ": " + String.join("; ", problems));
    }
  }
}
