package org.mhim.viewer.mil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.mhim.viewer.features.torch.TorchZipWriter;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.io.JsonProblems;

/**
 * Our model format: a folder with {@code manifest.json} ({@link ModelManifest}) and
 * {@code weights.pt}, a PyTorch zip checkpoint shaped like the reference's ({@code model} =
 * student, {@code teacher} = teacher, float32 tensors under the reference's state_dict names,
 * recycle-network weights included) — so the reference code can load it too, and we load it with
 * the same strict checks as any checkpoint.
 *
 * <p>Saving is atomic: the bundle is written to a hidden temporary folder beside the target and
 * renamed into place; an existing bundle is replaced only once the new one is complete.
 */
public final class ModelBundle {

  public static final String MANIFEST = "manifest.json";
  public static final String WEIGHTS = "weights.pt";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelBundle() {}

  /** Whether {@code path} looks like a bundle (a folder with a manifest). */
  public static boolean isBundle(Path path) {
    return Files.isDirectory(path) && Files.isRegularFile(path.resolve(MANIFEST));
  }

  /** Saves {@code model}'s student and teacher weights with {@code manifest} into {@code dir}. */
  public static void save(Path dir, ModelManifest manifest, MhimModel model) throws IOException {
    save(dir, manifest, model.studentWeights(), model.teacherWeights());
  }

  /**
   * Saves weights (reference names) and manifest into {@code dir}.
   *
   * @param teacher the teacher's weights, or null for a bundle without a teacher
   */
  public static void save(
      Path dir, ModelManifest manifest, Map<String, WeightTensor> student, Map<String, WeightTensor> teacher)
      throws IOException {
    Path target = dir.toAbsolutePath();
    Path temporary = AtomicFiles.temporaryFolderBeside(target);
    try {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put(WeightsChoice.STUDENT.checkpointKey(), ReferenceCheckpoints.tensors(student));
      if (teacher != null) {
        root.put(WeightsChoice.TEACHER.checkpointKey(), ReferenceCheckpoints.tensors(teacher));
      }
      TorchZipWriter.write(temporary.resolve(WEIGHTS), root);
      Files.write(
          temporary.resolve(MANIFEST),
          JSON.writeValueAsBytes(manifest.toJson(JSON, WEIGHTS, teacher != null)));
      replace(temporary, target);
    } catch (IOException | RuntimeException e) {
      deleteTree(temporary);
      throw e;
    }
  }

  /** Reads a bundle's manifest; the message names the file when it is malformed. */
  public static ModelManifest readManifest(Path dir) throws IOException {
    Path file = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new IOException(dir + ": not a model bundle (no " + MANIFEST + ")");
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      return ModelManifest.fromJson(root);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(file + ": malformed manifest (" + JsonProblems.describe(e) + ")", e);
    }
  }

  /** Loads a bundle for inference. */
  public static MhimModel load(Path dir, WeightsChoice choice) throws IOException {
    ModelManifest manifest = readManifest(dir);
    return ReferenceCheckpoints.load(dir.resolve(WEIGHTS), manifest.config(), choice);
  }

  private static void replace(Path temporary, Path target) throws IOException {
    if (!Files.exists(target)) {
      move(temporary, target);
      return;
    }
    Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old.");
    Files.delete(old);
    move(target, old);
    try {
      move(temporary, target);
    } catch (IOException e) {
      move(old, target); // put the previous bundle back
      throw e;
    }
    deleteTree(old);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
