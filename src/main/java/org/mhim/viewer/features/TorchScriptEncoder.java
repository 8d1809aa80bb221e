package org.mhim.viewer.features;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A user's encoder: a TorchScript file ({@code torch.jit.trace} or {@code torch.jit.script}) with a
 * JSON sidecar describing it. Loading checks the file is TorchScript and that the network really
 * maps {@code [1, 3, input_size, input_size]} to {@code [1, output_dim]}, so a sidecar that
 * disagrees fails at once rather than mid-extraction.
 */
public final class TorchScriptEncoder implements PatchEncoder {

  private final EncoderSpec spec;
  private final Device device;
  private final Model model;
  private final Block block;
  private final NDArray mean; // [1, 3, 1, 1]
  private final NDArray std; // [1, 3, 1, 1]
  private final NDArray byteScale; // [S·3]: 1 / (255·std) of each byte's channel along an RGB row
  private final NDArray byteShift; // [S·3]: −mean / std likewise

  private TorchScriptEncoder(EncoderSpec spec, Device device, Model model) {
    this.spec = spec;
    this.device = device;
    this.model = model;
    this.block = model.getBlock();
    NDManager manager = model.getNDManager();
    this.mean = manager.create(spec.normalisation().mean()).reshape(1, 3, 1, 1);
    this.std = manager.create(spec.normalisation().std()).reshape(1, 3, 1, 1);
    int row = spec.inputSize() * 3;
    float[] scale = new float[row];
    float[] shift = new float[row];
    for (int i = 0; i < row; i++) {
      int c = i % 3;
      scale[i] = (float) (1.0 / (255.0 * spec.normalisation().std()[c]));
      shift[i] = (float) (-(double) spec.normalisation().mean()[c] / spec.normalisation().std()[c]);
    }
    this.byteScale = manager.create(scale);
    this.byteShift = manager.create(shift);
  }

  /** Loads {@code model} with the description in its sidecar ({@code name.json} beside it). */
  public static TorchScriptEncoder load(Path model, Device device) {
    return load(model, EncoderSidecar.read(EncoderSidecar.sidecarOf(model)), device);
  }

  /** Loads {@code file} with an explicit description. */
  public static TorchScriptEncoder load(Path file, EncoderSpec spec, Device device) {
    if (!Files.isRegularFile(file)) {
      throw new EncoderException(file, "no such encoder file");
    }
    checkZip(file);
    Model model = Model.newInstance(spec.id(), device, "PyTorch");
    try {
      model.load(file);
      TorchScriptEncoder encoder = new TorchScriptEncoder(spec, device, model);
      encoder.checkOutputShape(file);
      return encoder;
    } catch (IOException | MalformedModelException | EngineException e) {
      model.close();
      throw new EncoderException(file, "not a TorchScript module DJL can load: " + firstLine(e), e);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * TorchScript files are zip archives holding the code and its constants; say plainly what else a
   * file is (not a zip, a damaged one, a torch.save checkpoint) instead of letting libtorch choke.
   */
  private static void checkZip(Path file) {
    byte[] head = new byte[4];
    try (var in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, 4);
      if (n < 4 || head[0] != 'P' || head[1] != 'K') {
        throw new EncoderException(file, "not a TorchScript file (expected a zip archive from torch.jit.save)");
      }
    } catch (IOException e) {
      throw new EncoderException(file, "cannot read: " + e.getMessage(), e);
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      boolean constants = zip.stream().anyMatch(e -> e.getName().endsWith("/constants.pkl"));
      boolean pickled = zip.stream().anyMatch(e -> e.getName().endsWith("/data.pkl"));
      if (!constants && pickled) {
        throw new EncoderException(file, "a checkpoint saved with torch.save (weights or a pickled module), not"
            + " TorchScript: export the network with torch.jit.trace or torch.jit.script (docs/encoders.md)");
      }
    } catch (ZipException e) {
      throw new EncoderException(file, "a truncated or damaged zip archive, not a readable TorchScript file", e);
    } catch (IOException e) {
      throw new EncoderException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  private void checkOutputShape(Path file) {
    try (NDManager probe = model.getNDManager().newSubManager()) {
      NDArray zeros = probe.zeros(new Shape(1, 3, spec.inputSize(), spec.inputSize()));
      Shape out;
      try {
        out = encode(zeros).getShape();
      } catch (EngineException e) {
        throw new EncoderException(
            file,
            "the network does not accept [1, 3, " + spec.inputSize() + ", " + spec.inputSize()
                + "] as its description says: " + firstLine(e),
            e);
      }
      if (out.dimension() != 2 || out.get(0) != 1 || out.get(1) != spec.outputDim()) {
        throw new EncoderException(
            file,
            "the network outputs " + out + " for one patch, but its description says output_dim "
                + spec.outputDim());
      }
    }
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  @Override
  public EncoderSpec spec() {
    return spec;
  }

  @Override
  public Device device() {
    return device;
  }

  @Override
  public NDArray encode(NDArray batch) {
    NDManager manager = batch.getManager();
    NDArray x = normalised(batch); // [B, 3, S, S]
    NDList out = block.forward(new ParameterStore(manager, false), new NDList(x), false);
    NDArray features = out.singletonOrThrow(); // [B, D]
    if (features.getShape().dimension() != 2) {
      features = features.reshape(features.getShape().get(0), -1); // [B, D] from [B, D, 1, 1]
    }
    features.attach(manager);
    return features;
  }

  /**
   * The batch as float32 {@code [B, 3, S, S]}, normalised. Patches read from a slide (uint8, already
   * at the input size) take one new tensor, scaled and shifted in place, instead of three
   * full-size temporaries for /255, −mean and /std; and they are scaled as rows of interleaved RGB
   * against a per-position table, since a per-channel factor on channels-last memory leaves libtorch
   * an innermost loop three elements long. With a light network those passes cost as much CPU as
   * the network itself.
   */
  private NDArray normalised(NDArray batch) {
    Shape shape = batch.getShape();
    boolean bytesAtInputSize =
        batch.getDataType() == DataType.UINT8 && shape.dimension() == 4 && shape.get(3) == 3
            && shape.get(1) == spec.inputSize() && shape.get(2) == spec.inputSize();
    if (!bytesAtInputSize) {
      return PatchBatches.toFloatNchw(batch, spec.inputSize(), device).sub(mean).div(std);
    }
    long b = shape.get(0);
    int s = spec.inputSize();
    // toType makes a new tensor here (uint8 → float32), so scaling it in place cannot touch the caller's batch.
    NDArray rows = batch.toDevice(device, false).reshape(b, s, 3L * s).toType(DataType.FLOAT32, false);
    rows.muli(byteScale).addi(byteShift); // [B, S, S·3]
    return rows.reshape(b, s, s, 3).transpose(0, 3, 1, 2);
  }

  @Override
  public void close() {
    model.close();
  }
}
