package org.mhim.viewer.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.mhim.viewer.mil.AggregatorKind;

/**
 * The recipe of a training run: which stages, the network's size and every hyperparameter, named
 * after the command-line options. Defaults are the reference recipe ({@link #builder()}).
 *
 * @param method {@code mhim} (baseline stage, then MHIM) or {@code baseline} (stage 1 only)
 * @param aggregator the MIL aggregator
 * @param mlpDim width of the projected instances
 * @param dropout after the projection
 * @param epochs maximum epochs of the MHIM stage
 * @param baselineEpochs maximum epochs of the baseline stage
 * @param patience epochs without a better validation AUC before a stage stops
 * @param seed decides initial weights, bag order, masking, recycling and dropout
 * @param learningRate Adam's starting rate; a cosine schedule, stepped once per epoch, takes it towards 0 over
 *     each stage
 * @param weightDecay Adam's L2 weight decay
 * @param maskRatioH r_h, the share of instances masked by teacher score
 * @param maskRatioHr r_hr, the share of those candidates actually masked
 * @param maskRatioHDecay r_h follows a cosine from its value to 0 over the MHIM stage
 * @param mergeRatio share of the remaining instances kept as tokens by the recycle network
 * @param mergeK global recycle tokens
 * @param mergeMomentum EMA momentum of the global tokens
 * @param auxAlpha weight of the consistency loss
 * @param temperature the teacher's temperature τ_t in the consistency loss
 * @param emaMomentum teacher EMA momentum
 * @param emaCosine the teacher momentum follows a cosine from its value to 1 over the stage
 * @param studentInit {@code fresh} (reference) or {@code baseline}: the MHIM student's start
 * @param device {@code cpu} or {@code gpu}
 */
public record TrainingOptions(
    Method method,
    AggregatorKind aggregator,
    int mlpDim,
    float dropout,
    int epochs,
    int baselineEpochs,
    int patience,
    long seed,
    double learningRate,
    float weightDecay,
    double maskRatioH,
    double maskRatioHr,
    boolean maskRatioHDecay,
    double mergeRatio,
    int mergeK,
    double mergeMomentum,
    double auxAlpha,
    double temperature,
    double emaMomentum,
    boolean emaCosine,
    StudentInit studentInit,
    String device) {

  /** Which stages run. */
  public enum Method {
    MHIM,
    BASELINE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Where the MHIM stage's student starts. */
  public enum StudentInit {
    FRESH,
    BASELINE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public TrainingOptions {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(aggregator, "aggregator");
    Objects.requireNonNull(studentInit, "studentInit");
    require(mlpDim >= 1, "--mlp-dim must be at least 1, not " + mlpDim);
    require(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), not " + dropout);
    require(epochs >= 1, "--epochs must be at least 1, not " + epochs);
    require(baselineEpochs >= 1, "--baseline-epochs must be at least 1, not " + baselineEpochs);
    require(patience >= 1, "--patience must be at least 1, not " + patience);
    require(learningRate > 0 && Double.isFinite(learningRate), "--lr must be positive, not " + learningRate);
    require(weightDecay >= 0, "--weight-decay must not be negative, not " + weightDecay);
    require(maskRatioH >= 0 && maskRatioH <= 1, "--mask-ratio-h must be in [0, 1], not " + maskRatioH);
    require(maskRatioHr > 0 && maskRatioHr <= 1, "--mask-ratio-hr must be in (0, 1], not " + maskRatioHr);
    require(mergeRatio >= 0 && mergeRatio <= 1, "--merge-ratio must be in [0, 1], not " + mergeRatio);
    require(mergeK >= 1, "--merge-k must be at least 1, not " + mergeK);
    require(mergeMomentum >= 0 && mergeMomentum <= 1, "--merge-momentum must be in [0, 1], not " + mergeMomentum);
    require(auxAlpha >= 0 && Double.isFinite(auxAlpha), "--aux-alpha must not be negative, not " + auxAlpha);
    require(temperature > 0 && Double.isFinite(temperature), "--temperature must be positive, not " + temperature);
    require(emaMomentum >= 0 && emaMomentum <= 1, "--ema-momentum must be in [0, 1], not " + emaMomentum);
    require("cpu".equals(device) || "gpu".equals(device), "--device must be cpu or gpu, not " + device);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The recipe as flat {@code key → value} text, for the bundle's provenance and checkpoints. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("method", method.id());
    m.put("aggregator", aggregator.id());
    m.put("mlp_dim", Integer.toString(mlpDim));
    m.put("dropout", Float.toString(dropout));
    m.put("epochs", Integer.toString(epochs));
    m.put("baseline_epochs", Integer.toString(baselineEpochs));
    m.put("patience", Integer.toString(patience));
    m.put("seed", Long.toString(seed));
    m.put("lr", Double.toString(learningRate));
    m.put("lr_schedule", "cosine-per-epoch"); // a run checkpointed under the per-iteration cosine does not resume
    m.put("weight_decay", Float.toString(weightDecay));
    m.put("mask_ratio_h", Double.toString(maskRatioH));
    m.put("mask_ratio_hr", Double.toString(maskRatioHr));
    m.put("mask_ratio_h_decay", maskRatioHDecay ? "cosine" : "none");
    m.put("merge_ratio", Double.toString(mergeRatio));
    m.put("merge_k", Integer.toString(mergeK));
    m.put("merge_momentum", Double.toString(mergeMomentum));
    m.put("aux_alpha", Double.toString(auxAlpha));
    m.put("temperature", Double.toString(temperature));
    m.put("ema_momentum", Double.toString(emaMomentum));
    m.put("ema_schedule", emaCosine ? "cosine" : "none");
    m.put("student_init", studentInit.id());
    m.put("device", device);
    return m;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the reference recipe's defaults; every setter is optional. */
  public static final class Builder {
    private Method method = Method.MHIM;
    private AggregatorKind aggregator = AggregatorKind.ABMIL;
    private int mlpDim = 512;
    private float dropout = 0.25f;
    private int epochs = 100;
    private Integer baselineEpochs;
    private int patience = 20;
    private long seed = 2021;
    private double learningRate = 2e-4;
    private float weightDecay = 1e-5f;
    private double maskRatioH = 0.03;
    private double maskRatioHr = 1.0;
    private boolean maskRatioHDecay;
    private double mergeRatio = 0.9;
    private int mergeK = 1;
    private double mergeMomentum = 0.9999;
    private double auxAlpha = 0.0; // the reference code's default (docs/benchmarks.md: subtle vs salient)
    private double temperature = 0.1;
    private double emaMomentum = 0.9997;
    private boolean emaCosine;
    private StudentInit studentInit = StudentInit.FRESH;
    private String device = "cpu";

    private Builder() {}

    public Builder method(Method v) { method = v; return this; }
    public Builder aggregator(AggregatorKind v) { aggregator = v; return this; }
    public Builder mlpDim(int v) { mlpDim = v; return this; }
    public Builder dropout(float v) { dropout = v; return this; }
    public Builder epochs(int v) { epochs = v; return this; }
    /** Defaults to {@link #epochs}. */
    public Builder baselineEpochs(int v) { baselineEpochs = v; return this; }
    public Builder patience(int v) { patience = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder learningRate(double v) { learningRate = v; return this; }
    public Builder weightDecay(float v) { weightDecay = v; return this; }
    public Builder maskRatioH(double v) { maskRatioH = v; return this; }
    public Builder maskRatioHr(double v) { maskRatioHr = v; return this; }
    public Builder maskRatioHDecay(boolean v) { maskRatioHDecay = v; return this; }
    public Builder mergeRatio(double v) { mergeRatio = v; return this; }
    public Builder mergeK(int v) { mergeK = v; return this; }
    public Builder mergeMomentum(double v) { mergeMomentum = v; return this; }
    public Builder auxAlpha(double v) { auxAlpha = v; return this; }
    public Builder temperature(double v) { temperature = v; return this; }
    public Builder emaMomentum(double v) { emaMomentum = v; return this; }
    public Builder emaCosine(boolean v) { emaCosine = v; return this; }
    public Builder studentInit(StudentInit v) { studentInit = v; return this; }
    public Builder device(String v) { device = v; return this; }

    public TrainingOptions build() {
      return new TrainingOptions(
          method, aggregator, mlpDim, dropout, epochs, baselineEpochs == null ? epochs : baselineEpochs,
          patience, seed, learningRate, weightDecay, maskRatioH, maskRatioHr, maskRatioHDecay,
          mergeRatio, mergeK, mergeMomentum, auxAlpha, temperature, emaMomentum, emaCosine,
          studentInit, device);
    }
  }
}
