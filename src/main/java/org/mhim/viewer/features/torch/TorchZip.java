package org.mhim.viewer.features.torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads files written by {@code torch.save} (the zip format of PyTorch 1.6 and later):
 * {@code <archive>/data.pkl} (the pickle), {@code <archive>/data/<key>} (one entry per storage),
 * {@code <archive>/version} and, from PyTorch 2.1, {@code <archive>/byteorder}.
 */
public final class TorchZip {

  /** The pickle is metadata only; a larger one is not a checkpoint. */
  static final long MAX_PICKLE_BYTES = 256L << 20;

  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

  /** What the legacy torch.save wrote first: PROTO 2, then LONG1 of its magic 0x1950a86a20f9469cfc6c. */
  private static final byte[] LEGACY_MAGIC = {
    (byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20,
    0x6a, (byte) 0xa8, 0x50, 0x19
  };

  private TorchZip() {}

  /**
   * The object a checkpoint holds: maps, lists, {@link PickleTuple}s, scalars and {@link
   * TorchTensor}s (see {@link RestrictedUnpickler} for the Java types).
   *
   * @throws UnsafeCheckpointException when its pickle names a global outside the allow-list
   * @throws CheckpointFormatException when it is not a readable PyTorch zip checkpoint
   */
  public static Object read(Path file) throws IOException {
    checkMagic(file);
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new CheckpointFormatException(
          file, "truncated or damaged zip archive, not a readable PyTorch checkpoint (" + e.getMessage() + ")", e);
    }
    try (zip) {
      String prefix = archivePrefix(file, zip);
      checkByteOrder(file, zip, prefix);
      checkVersion(file, zip, prefix);
      ZipEntry pickleEntry = zip.getEntry(prefix + "data.pkl");
      byte[] pickle = readEntry(file, zip, pickleEntry, MAX_PICKLE_BYTES);
      Storages storages = new Storages(Files.size(file));
      RestrictedUnpickler unpickler =
          new RestrictedUnpickler(file, pickle, pid -> storage(file, zip, prefix, pid, storages));
      return unpickler.load();
    } catch (ZipException e) {
      throw new CheckpointFormatException(file, "damaged zip entry (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The one tensor a file holds, as in the reference MHIM-MIL's {@code pt_files/<slide>.pt} bags.
   *
   * @throws CheckpointFormatException when the file holds something else (a dict, for instance)
   */
  public static TorchTensor readSingleTensor(Path file) throws IOException {
    Object root = read(file);
    if (root instanceof TorchTensor tensor) {
      return tensor;
    }
    throw new CheckpointFormatException(
        file, "holds " + StateDict.describe(root) + ", not a single tensor");
  }

  private static void checkMagic(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(LEGACY_MAGIC.length);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    if (startsWith(head, ZIP_MAGIC)) {
      return;
    }
    if (startsWith(head, LEGACY_MAGIC)) {
      throw new CheckpointFormatException(
          file,
          "is in the legacy (pre-1.6) torch.save format, which is not read here; re-save it in "
              + "Python with PyTorch >= 1.6: torch.save(torch.load(path), path)");
    }
    if (head.length == 0) {
      throw new CheckpointFormatException(file, "is empty, not a PyTorch zip checkpoint");
    }
    throw new CheckpointFormatException(file, "not a PyTorch zip checkpoint (no zip header)");
  }

  private static boolean startsWith(byte[] head, byte[] magic) {
    return head.length >= magic.length
        && Arrays.equals(Arrays.copyOf(head, magic.length), magic);
  }

  /** The top folder that holds data.pkl ("checkpoint/" for checkpoint.pt, but any name is valid). */
  private static String archivePrefix(Path file, ZipFile zip) throws CheckpointFormatException {
    String prefix = null;
    boolean torchScript = false;
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      String name = entries.nextElement().getName();
      int slash = name.indexOf('/');
      if (slash < 0) {
        continue;
      }
      String rest = name.substring(slash + 1);
      if (rest.equals("data.pkl") && prefix == null) {
        prefix = name.substring(0, slash + 1);
      }
      torchScript |= rest.equals("constants.pkl") || rest.startsWith("code/");
    }
    if (torchScript) {
      throw new CheckpointFormatException(
          file, "is a TorchScript module (torch.jit.save), not a torch.save checkpoint of tensors");
    }
    if (prefix == null) {
      throw new CheckpointFormatException(
          file, "zip archive holds no <archive>/data.pkl: not a PyTorch checkpoint");
    }
    return prefix;
  }

  private static void checkByteOrder(Path file, ZipFile zip, String prefix) throws IOException {
    ZipEntry entry = zip.getEntry(prefix + "byteorder");
    if (entry == null) {
      return; // written from PyTorch 2.1 on; older files are little-endian
    }
    String order = new String(readEntry(file, zip, entry, 16), StandardCharsets.US_ASCII).trim();
    if (!order.equals("little")) {
      throw new CheckpointFormatException(
          file, "stores its tensors with byte order '" + order + "'; only little-endian is read "
              + "(re-save it on a little-endian machine)");
    }
  }

  private static void checkVersion(Path file, ZipFile zip, String prefix) throws IOException {
    ZipEntry entry = zip.getEntry(prefix + "version");
    if (entry == null) {
      return;
    }
    String version = new String(readEntry(file, zip, entry, 16), StandardCharsets.US_ASCII).trim();
    if (!version.matches("[0-9]{1,4}")) {
      throw new CheckpointFormatException(file, "has an unreadable format version '" + version + "'");
    }
  }

  /** Resolves a persistent id ('storage', type, key, location, numel), reading each storage once. */
  private static StorageRef storage(
      Path file, ZipFile zip, String prefix, PickleTuple pid, Storages storages)
      throws CheckpointFormatException {
    if (pid.size() != 5
        || !"storage".equals(pid.get(0))
        || !(pid.get(1) instanceof PickleGlobals.StorageType type)
        || !(pid.get(2) instanceof String key)
        || !(pid.get(4) instanceof Long numel)) {
      // The id itself is not printed: a hostile one may nest too deep to print.
      throw new CheckpointFormatException(
          file, "unexpected persistent id (a tuple of " + pid.size() + " items)");
    }
    StorageRef known = storages.byKey.get(key);
    if (known != null) {
      if (known.dtype() != type.dtype() || known.numel() != numel) {
        throw new CheckpointFormatException(
            file, "storage '" + key + "' is named with two different types or sizes");
      }
      return known;
    }
    String name = prefix + "data/" + key;
    if (numel < 0 || numel > TorchTensor.MAX_BYTES / type.dtype().byteSize()) {
      throw new CheckpointFormatException(
          file, "storage '" + name + "' claims " + numel + " elements, more than can be read");
    }
    long bytes = numel * type.dtype().byteSize();
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new CheckpointFormatException(
          file, "storage entry '" + name + "' is missing from the zip (damaged checkpoint)");
    }
    if (entry.getSize() >= 0 && entry.getSize() < bytes) {
      throw new CheckpointFormatException(
          file, "storage entry '" + name + "' holds " + entry.getSize() + " bytes, but " + numel
              + " elements of " + type.dtype() + " need " + bytes);
    }
    boolean stored = entry.getMethod() == ZipEntry.STORED;
    if (stored) {
      // Uncompressed storages (all torch.save writes) lie in the file: together they cannot
      // exceed its size, so a lying zip directory cannot make us allocate more than the file holds.
      storages.storedBytes += bytes;
      if (storages.storedBytes > storages.fileSize) {
        throw new CheckpointFormatException(
            file, "storage entry '" + name + "' claims more bytes than the file holds (damaged checkpoint)");
      }
    }
    byte[] data;
    int read;
    try (InputStream in = zip.getInputStream(entry)) {
      if (stored) {
        data = new byte[(int) bytes];
        read = in.readNBytes(data, 0, data.length);
      } else {
        // Compressed (re-zipped by some tool): memory grows only with what really inflates.
        data = in.readNBytes((int) bytes);
        read = data.length;
      }
    } catch (IOException e) {
      throw new CheckpointFormatException(file, "cannot read storage entry '" + name + "'", e);
    }
    if (read < bytes) {
      throw new CheckpointFormatException(file, "storage entry '" + name + "' ends early");
    }
    StorageRef storage = new StorageRef(key, type.dtype(), numel, data);
    storages.byKey.put(key, storage);
    return storage;
  }

  /** The storages read so far from one file, each once. */
  private static final class Storages {
    final Map<String, StorageRef> byKey = new HashMap<>();
    final long fileSize;
    long storedBytes;

    Storages(long fileSize) {
      this.fileSize = fileSize;
    }
  }

  private static byte[] readEntry(Path file, ZipFile zip, ZipEntry entry, long limit)
      throws IOException {
    if (entry.getSize() > limit) {
      throw new CheckpointFormatException(
          file, "zip entry '" + entry.getName() + "' is implausibly large (" + entry.getSize() + " bytes)");
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readNBytes((int) limit);
    }
  }
}
