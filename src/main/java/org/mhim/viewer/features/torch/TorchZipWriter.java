package org.mhim.viewer.features.torch;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.io.FileNames;

/**
 * Writes files {@code torch.load} opens: the zip layout of {@code torch.save} (archive folder named
 * after the file's stem, {@code data.pkl} as a protocol-2 pickle, one {@code data/<key>} entry per
 * tensor, {@code byteorder} and {@code version}), entries stored uncompressed with their data
 * 64-byte aligned as PyTorch's own writer does. Files are written atomically.
 */
public final class TorchZipWriter {

  /** PyTorch aligns every record's data to this many bytes (so it can map them directly). */
  static final int ALIGNMENT = 64;

  private static final int LOCAL_HEADER_BYTES = 30;
  private static final int PADDING_FIELD_ID = 0x4246; // "FB", the extra field PyTorch pads with
  /** A fixed time within the DOS range keeps the output reproducible and free of extra fields. */
  private static final long ENTRY_TIME = 315_532_800_000L + 86_400_000L; // 1980-01-02

  private TorchZipWriter() {}

  /** Writes one tensor, as the reference MHIM-MIL's {@code pt_files/<slide>.pt} bags are. */
  public static void writeTensor(Path file, TorchTensor tensor) throws IOException {
    write(file, (Object) tensor);
  }

  /** Writes named tensors as a state_dict (a {@code collections.OrderedDict}, in map order). */
  public static void writeStateDict(Path file, Map<String, TorchTensor> tensors) throws IOException {
    write(file, (Object) tensors);
  }

  /**
   * Writes any tree of maps (as {@code OrderedDict}), lists, {@link PickleTuple}s, strings, numbers,
   * booleans, nulls and tensors, for example {@code {"model": …, "teacher": …, "epoch": 7}}.
   */
  public static void write(Path file, Object root) throws IOException {
    PickleWriter writer = new PickleWriter();
    byte[] pickle = writer.pickle(root);
    List<TorchTensor> storages = writer.storages();
    String archive = archiveName(file);
    AtomicFiles.writeStream(
        file,
        out -> {
          CountingStream counting = new CountingStream(new BufferedOutputStream(out, 1 << 16));
          try (ZipOutputStream zip = new ZipOutputStream(counting, StandardCharsets.UTF_8)) {
            zip.setMethod(ZipOutputStream.STORED);
            entry(zip, counting, archive + "/data.pkl", pickle);
            entry(zip, counting, archive + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < storages.size(); i++) {
              entry(zip, counting, archive + "/data/" + i, storages.get(i).rawBytes());
            }
            entry(zip, counting, archive + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
          }
        });
  }

  /** The file name without its extension, as torch.save names the archive folder. */
  static String archiveName(Path file) {
    String stem = FileNames.stem(file);
    return stem.isEmpty() ? "archive" : stem;
  }

  private static void entry(ZipOutputStream zip, CountingStream counting, String name, byte[] data)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setTime(ENTRY_TIME);
    entry.setSize(data.length);
    entry.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    entry.setCrc(crc.getValue());
    // The previous entry is complete once its data is written, so the count is where this header starts.
    int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
    long dataStart = counting.count + LOCAL_HEADER_BYTES + nameBytes + 4;
    int padding = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
    byte[] extra = new byte[4 + padding];
    extra[0] = (byte) PADDING_FIELD_ID;
    extra[1] = (byte) (PADDING_FIELD_ID >>> 8);
    extra[2] = (byte) padding;
    extra[3] = (byte) (padding >>> 8);
    entry.setExtra(extra);
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }

  /** Counts the bytes written, to know where the next local header begins. */
  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
