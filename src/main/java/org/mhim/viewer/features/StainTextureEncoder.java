package org.mhim.viewer.features;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The built-in, weight-free H&amp;E encoder {@value #ID}: colour deconvolution into haematoxylin and
 * eosin optical density, their statistics at three scales, Laplacian-of-Gaussian and Gabor texture
 * responses and a nuclei-like blob density. Every step is an NDArray operation (fixed-kernel
 * convolutions, pooling, sorting), so it runs wherever DJL runs, GPU included, and gives the same
 * numbers every time. The features, in order, are {@link #featureNames()}; docs/encoders.md
 * explains each. Changing any of them means a new id, since caches and models key on it.
 */
public final class StainTextureEncoder implements PatchEncoder {

  public static final String ID = "stain-texture-v1";

  /** 256 px at 20× is the default patch, so the default grid needs no resizing. */
  public static final int INPUT_SIZE = 256;

  private static final double[] QUANTILES = {0.10, 0.50, 0.90};
  // Larger filters run on the 2× pooled image, where they cost a quarter as much.
  private static final double[] FINE_LOG_SIGMAS = {1.0}; // scale 0 pixels
  private static final double[] COARSE_LOG_SIGMAS = {1.0, 1.5, 2.0}; // scale 1 pixels (= 2, 3, 4 at scale 0)
  private static final double EOSIN_LOG_SIGMA = 1.0; // scale 1 pixels (= 2 at scale 0)
  private static final double[] GABOR_WAVELENGTHS = {4, 8}; // scale 1 pixels
  private static final int GABOR_ORIENTATIONS = 4;
  /** LoG response above which a local maximum counts as a nucleus-like blob (OD units). */
  private static final float BLOB_THRESHOLD = 0.15f;
  private static final float[] HEMATOXYLIN_AREA_THRESHOLDS = {0.3f, 0.6f};

  private static final List<String> FEATURE_NAMES = buildFeatureNames();

  private final Device device;
  private final NDManager kernels;
  private final NDArray deconvolution; // [3, 3, 1, 1]
  private final NDArray fineLog; // [2, 1, k, k]
  private final NDArray coarseLog; // [2, 1, k, k]
  private final NDArray eosinLog; // [1, 1, k, k]
  private final NDArray gaborBank; // [8, 1, k, k]
  private final NDArray sobel; // [2, 1, 3, 3]

  /** Builds the encoder's fixed kernels on {@code device}. */
  public StainTextureEncoder(Device device) {
    this.device = device;
    this.kernels = NDManager.newBaseManager(device);
    float[][] deconv = FilterKernels.hematoxylinEosinResidual();
    this.deconvolution = kernels.create(flatten(deconv)).reshape(3, 3, 1, 1);
    this.fineLog = logBank(FINE_LOG_SIGMAS);
    this.coarseLog = logBank(COARSE_LOG_SIGMAS);
    this.eosinLog = logBank(new double[] {EOSIN_LOG_SIGMA});
    // Gabor envelopes have σ = λ/2; ±2σ holds the useful part.
    int gaborSide = 2 * (int) Math.ceil(GABOR_WAVELENGTHS[GABOR_WAVELENGTHS.length - 1]) + 1;
    List<float[]> gabors = new ArrayList<>();
    for (double lambda : GABOR_WAVELENGTHS) {
      for (int o = 0; o < GABOR_ORIENTATIONS; o++) {
        gabors.add(FilterKernels.gabor(lambda, Math.PI * o / GABOR_ORIENTATIONS, gaborSide));
      }
    }
    this.gaborBank = bank(gabors, gaborSide);
    this.sobel = bank(List.of(FilterKernels.sobel()), 3);
  }

  /** Names of the features, in output order; their count is {@link #outputDim()}. */
  public static List<String> featureNames() {
    return FEATURE_NAMES;
  }

  /** The description of this encoder, without building it. */
  public static EncoderSpec describe() {
    return new EncoderSpec(ID, INPUT_SIZE, Normalisation.NONE, FEATURE_NAMES.size(), OptionalDouble.of(20));
  }

  @Override
  public EncoderSpec spec() {
    return describe();
  }

  @Override
  public Device device() {
    return device;
  }

  @Override
  public NDArray encode(NDArray batch) {
    NDManager manager = batch.getManager();
    NDArray rgb = PatchBatches.toFloatNchw(batch, INPUT_SIZE, device); // [B, 3, S, S] in 0..1
    long b = rgb.getShape().get(0);
    // Optical density, with +1 so white (255) is 0 and black stays finite.
    NDArray od = rgb.mul(255f).add(1f).div(256f).log().neg(); // [B, 3, S, S]
    NDArray stains = conv(od, deconvolution); // [B, 3, S, S]: H, E, residual
    NDArray he0 = stains.get(":, 0:2"); // [B, 2, S, S]
    NDArray he1 = halve(he0); // [B, 2, S/2, S/2]
    NDArray he2 = halve(he1); // [B, 2, S/4, S/4]
    NDArray h0 = stains.get(":, 0:1"); // [B, 1, S, S]
    NDArray h1 = he1.get(":, 0:1"); // [B, 1, S/2, S/2]
    NDArray e1 = he1.get(":, 1:2"); // [B, 1, S/2, S/2]

    NDList features = new NDList();
    features.add(spatialMean(stains)); // [B, 3]
    // Full-resolution quantiles from every other pixel: sorting is the costliest step, and a
    // quarter of the pixels estimates a quantile just as well.
    NDArray he0Sample = he0.get(":, :, ::2, ::2"); // [B, 2, S/2, S/2]
    for (int scale = 0; scale < 3; scale++) {
      NDArray he = List.of(he0, he1, he2).get(scale);
      features.add(std(he)); // [B, 2]
      features.addAll(quantiles(scale == 0 ? he0Sample : he)); // 3 × [B, 2]
    }
    NDArray fine = conv(h0, fineLog); // [B, 1, S', S']
    NDArray coarse = conv(h1, coarseLog); // [B, 3, S'', S'']
    for (NDArray response : List.of(fine, coarse)) {
      features.add(spatialMean(response.maximum(0f))); // [B, 1] then [B, 3]
      features.add(std(response)); // [B, 1] then [B, 3]
    }
    features.add(blobDensity(fine, 1)); // [B, 1]
    features.add(blobDensity(coarse, 2)); // [B, 3]
    features.add(fraction(fine.gt(BLOB_THRESHOLD))); // [B, 2]
    features.add(fraction(coarse.gt(BLOB_THRESHOLD))); // [B, 2]
    NDArray eosin = conv(e1, eosinLog); // [B, 1, S'', S'']
    features.add(spatialMean(eosin.maximum(0f))); // [B, 1]
    features.add(std(eosin)); // [B, 1]
    features.add(spatialMean(conv(h1, gaborBank).abs())); // [B, 8]
    NDArray perChannel = he1.reshape(b * 2, 1, INPUT_SIZE / 2, INPUT_SIZE / 2); // [2B, 1, S/2, S/2]
    NDArray gradients = conv(perChannel, sobel); // [2B, 2, S/2-2, S/2-2]
    NDArray magnitude = gradients.square().sum(new int[] {1}, true).sqrt(); // [2B, 1, S/2-2, S/2-2]
    features.add(spatialMean(magnitude).reshape(b, 2)); // [B, 2]
    for (float threshold : HEMATOXYLIN_AREA_THRESHOLDS) {
      features.add(fraction(h0.gt(threshold))); // [B, 1]
    }
    NDArray out = NDArrays.concat(features, 1); // [B, D]
    out.attach(manager);
    return out;
  }

  private static List<String> buildFeatureNames() {
    List<String> names = new ArrayList<>(List.of("H_mean", "E_mean", "residual_mean"));
    for (int scale = 0; scale < 3; scale++) {
      String s = "_s" + scale;
      names.addAll(List.of("H_std" + s, "E_std" + s));
      for (double q : QUANTILES) {
        String p = "_q" + Math.round(q * 100);
        names.addAll(List.of("H" + p + s, "E" + p + s));
      }
    }
    List<String> sigmas = new ArrayList<>();
    for (double sigma : FINE_LOG_SIGMAS) {
      sigmas.add(sigmaName(sigma));
    }
    for (double sigma : COARSE_LOG_SIGMAS) {
      sigmas.add(sigmaName(sigma * 2));
    }
    int fine = FINE_LOG_SIGMAS.length;
    for (List<String> block : List.of(sigmas.subList(0, fine), sigmas.subList(fine, sigmas.size()))) {
      block.forEach(s -> names.add("H_LoG" + s + "_pos_mean"));
      block.forEach(s -> names.add("H_LoG" + s + "_std"));
    }
    sigmas.forEach(s -> names.add("H_blobs" + s + "_per_kpx"));
    sigmas.forEach(s -> names.add("H_blob_area" + s));
    names.add("E_LoG" + sigmaName(EOSIN_LOG_SIGMA * 2) + "_pos_mean");
    names.add("E_LoG" + sigmaName(EOSIN_LOG_SIGMA * 2) + "_std");
    for (double lambda : GABOR_WAVELENGTHS) {
      for (int o = 0; o < GABOR_ORIENTATIONS; o++) {
        names.add("H_gabor_l" + Math.round(lambda * 2) + "_o" + (180 * o / GABOR_ORIENTATIONS));
      }
    }
    names.addAll(List.of("H_gradient", "E_gradient"));
    for (float t : HEMATOXYLIN_AREA_THRESHOLDS) {
      names.add("H_area_gt" + t);
    }
    return List.copyOf(names);
  }

  private static String sigmaName(double sigma) {
    return "_sigma" + (sigma == Math.rint(sigma) ? String.valueOf((int) sigma) : String.valueOf(sigma));
  }

  /** Local maxima above the threshold, per 1000 scale-0 pixels of the patch. */
  private static NDArray blobDensity(NDArray response, int scaleFactor) {
    NDArray peaks = Pool.maxPool2d(response, new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), false);
    NDArray isBlob = response.eq(peaks).logicalAnd(response.gt(BLOB_THRESHOLD)); // [B, C, h, w]
    long h = response.getShape().get(2);
    long w = response.getShape().get(3);
    double scale0Pixels = (double) h * w * scaleFactor * scaleFactor;
    return isBlob.toType(DataType.FLOAT32, false).sum(new int[] {2, 3}).mul((float) (1000 / scale0Pixels));
  }

  /** Mean over the two spatial axes: [B, C, h, w] → [B, C]. */
  private static NDArray spatialMean(NDArray x) {
    Shape shape = x.getShape();
    return x.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2}); // PyTorch engine: one axis at a time
  }

  /** Share of true values over the spatial axes: boolean [B, C, h, w] → float [B, C]. */
  private static NDArray fraction(NDArray mask) {
    return spatialMean(mask.toType(DataType.FLOAT32, false));
  }

  private static NDArray std(NDArray x) {
    Shape shape = x.getShape();
    NDArray flat = x.reshape(shape.get(0), shape.get(1), -1); // [B, C, h·w]
    NDArray centred = flat.sub(flat.mean(new int[] {2}, true)); // [B, C, h·w]
    return centred.square().mean(new int[] {2}).sqrt(); // [B, C]
  }

  private static List<NDArray> quantiles(NDArray x) {
    Shape shape = x.getShape();
    long n = shape.get(2) * shape.get(3);
    NDArray sorted = x.reshape(shape.get(0), shape.get(1), n).sort(2); // [B, C, n]
    List<NDArray> out = new ArrayList<>();
    for (double q : QUANTILES) {
      long index = Math.min(n - 1, Math.round(q * (n - 1)));
      out.add(sorted.get(":, :, " + index)); // [B, C]
    }
    return out;
  }

  private static NDArray halve(NDArray x) {
    return Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
  }

  private static NDArray conv(NDArray x, NDArray weight) {
    return Conv2d.conv2d(x, weight).singletonOrThrow();
  }

  private NDArray logBank(double[] sigmas) {
    int side = FilterKernels.sideFor(sigmas[sigmas.length - 1]);
    List<float[]> bank = new ArrayList<>();
    for (double sigma : sigmas) {
      bank.add(FilterKernels.negativeLaplacianOfGaussian(sigma, side));
    }
    return bank(bank, side);
  }

  private NDArray bank(List<float[]> filters, int side) {
    float[] flat = new float[filters.size() * side * side];
    for (int i = 0; i < filters.size(); i++) {
      System.arraycopy(filters.get(i), 0, flat, i * side * side, side * side);
    }
    return kernels.create(flat).reshape(filters.size(), 1, side, side);
  }

  private static float[] flatten(float[][] m) {
    float[] flat = new float[m.length * m[0].length];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(m[i], 0, flat, i * m[0].length, m[0].length);
    }
    return flat;
  }

  @Override
  public void close() {
    kernels.close();
  }
}
