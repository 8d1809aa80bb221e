package org.mhim.viewer.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.io.JsonProblems;
import org.mhim.viewer.mil.WeightTensor;

/**
 * Everything a training run needs to continue exactly where it stopped, written after every epoch
 * as one file, atomically: where the run is ({@code stage}, epochs done in it), the early-stopping
 * state, the history, the finished stages, and the tensors — current student and teacher, the
 * stage's best weights, Adam's moments — under prefixed names. Random generators need no saving:
 * each epoch draws from generators seeded by (seed, stage, epoch).
 *
 * <p>File layout: the magic {@code MHIMCKPT}, a version int, the state as JSON (length-prefixed
 * UTF-8), then the tensors (name, rank, dims, float32 values, big-endian).
 *
 * @param recipe the run's options ({@link TrainingOptions#describe()}); a resume must match it
 * @param stage the stage in progress
 * @param epochsDone completed epochs of that stage
 * @param earlyStopping the stage's early-stopping state
 * @param history every epoch so far
 * @param finished the stages already finished
 * @param adamSteps Adam's step count per parameter
 * @param tensors weights and optimizer moments under {@code student.}, {@code teacher.}, {@code
 *     best.student.}, {@code best.teacher.}, {@code adam.m.}, {@code adam.v.} prefixes
 */
public record TrainingCheckpoint(
    Map<String, String> recipe,
    TrainingStage stage,
    int epochsDone,
    EarlyStopping earlyStopping,
    List<EpochRecord> history,
    List<StageResult> finished,
    Map<String, Long> adamSteps,
    Map<String, WeightTensor> tensors) {

  /** The file name inside the run's output folder. */
  public static final String FILE = "checkpoint.mhimckpt";

  private static final byte[] MAGIC = "MHIMCKPT".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The JSON part (everything but the tensors). */
  private record State(
      Map<String, String> recipe,
      TrainingStage stage,
      int epochsDone,
      EarlyStopping earlyStopping,
      List<EpochRecord> history,
      List<StageResult> finished,
      Map<String, Long> adamSteps) {}

  public TrainingCheckpoint {
    recipe = Map.copyOf(recipe);
    history = List.copyOf(history);
    finished = List.copyOf(finished);
    adamSteps = Collections.unmodifiableMap(new LinkedHashMap<>(adamSteps));
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  /** Writes the checkpoint to {@code file}, replacing the previous one only once complete. */
  public void write(Path file) throws IOException {
    byte[] state =
        JSON.writeValueAsBytes(
            new State(recipe, stage, epochsDone, earlyStopping, history, finished, adamSteps));
    AtomicFiles.writeStream(
        file,
        raw -> {
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
          out.write(MAGIC);
          out.writeInt(VERSION);
          out.writeInt(state.length);
          out.write(state);
          out.writeInt(tensors.size());
          for (Map.Entry<String, WeightTensor> e : tensors.entrySet()) {
            out.writeUTF(e.getKey());
            long[] shape = e.getValue().shape();
            out.writeInt(shape.length);
            for (long d : shape) {
              out.writeLong(d);
            }
            float[] values = e.getValue().values();
            ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.BIG_ENDIAN);
            bytes.asFloatBuffer().put(values);
            out.write(bytes.array());
          }
          out.flush();
        });
  }

  /** Reads a checkpoint; a damaged or foreign file gives an IOException naming it. */
  public static TrainingCheckpoint read(Path file) throws IOException {
    long size = Files.size(file);
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      byte[] magic = in.readNBytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException(file + ": not a training checkpoint");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IOException(file + ": checkpoint version " + version + " is not supported");
      }
      int stateLength = checkedLength(in.readInt(), size, file);
      byte[] stateBytes = in.readNBytes(stateLength);
      if (stateBytes.length != stateLength) {
        throw new EOFException();
      }
      State state = JSON.readValue(stateBytes, State.class);
      int count = checkedLength(in.readInt(), size, file);
      Map<String, WeightTensor> tensors = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        int rank = in.readInt();
        if (rank < 0 || rank > 8) {
          throw new IOException(file + ": tensor " + name + " has rank " + rank);
        }
        long[] shape = new long[rank];
        long n = 1;
        for (int d = 0; d < rank; d++) {
          shape[d] = in.readLong();
          if (shape[d] < 0) {
            throw new IOException(file + ": tensor " + name + " has a negative dimension");
          }
          n = Math.multiplyExact(n, shape[d]);
        }
        if (n * 4 > size) {
          throw new IOException(file + ": tensor " + name + " is larger than the file");
        }
        byte[] bytes = in.readNBytes((int) n * 4);
        if (bytes.length != n * 4) {
          throw new EOFException();
        }
        float[] values = new float[(int) n];
        ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(values);
        tensors.put(name, new WeightTensor(shape, values));
      }
      return new TrainingCheckpoint(
          state.recipe(), state.stage(), state.epochsDone(), state.earlyStopping(), state.history(),
          state.finished(), state.adamSteps(), tensors);
    } catch (EOFException e) {
      throw new IOException(file + ": the checkpoint is truncated", e);
    } catch (com.fasterxml.jackson.core.JacksonException | ArithmeticException e) {
      throw new IOException(file + ": the checkpoint is damaged (" + JsonProblems.describe(e) + ")", e);
    }
  }

  private static int checkedLength(int length, long fileSize, Path file) throws IOException {
    if (length < 0 || length > fileSize) {
      throw new IOException(file + ": the checkpoint is truncated or damaged (it announces a part of " + length
          + " bytes; the file has " + fileSize + ")");
    }
    return length;
  }

  /** The tensors under {@code prefix}, with the prefix removed. */
  public Map<String, WeightTensor> tensorsUnder(String prefix) {
    Map<String, WeightTensor> out = new LinkedHashMap<>();
    tensors.forEach(
        (name, t) -> {
          if (name.startsWith(prefix)) {
            out.put(name.substring(prefix.length()), t);
          }
        });
    return out;
  }
}
