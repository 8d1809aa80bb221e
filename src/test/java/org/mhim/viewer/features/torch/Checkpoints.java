package org.mhim.viewer.features.torch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test inputs: committed resources, the shared fixtures, and hand-made zips and pickles. */
final class Checkpoints {

  private Checkpoints() {}

  /** A committed resource made by make_fixtures.py. */
  static Path resource(String name) {
    try {
      return Path.of(Checkpoints.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The shared fixture folder (system property mhim.shared, set by surefire). */
  static Path shared() {
    String shared = System.getProperty("mhim.shared");
    if (shared == null) {
      throw new IllegalStateException("system property mhim.shared is not set");
    }
    return Path.of(shared, "fixtures");
  }

  /** Writes a zip with the given entries, in order. */
  static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  /**
   * Writes a zip of stored entries by hand, each declaring {@code declaredSizes[i]} bytes whatever
   * it holds (java.util.zip only writes honest sizes).
   */
  static Path lyingZip(Path file, List<String> names, List<byte[]> contents, long[] declaredSizes)
      throws IOException {
    ByteBuffer out = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    int[] offsets = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      offsets[i] = out.position();
      byte[] name = names.get(i).getBytes(StandardCharsets.UTF_8);
      out.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0);
      out.putInt(0).putInt(crc(contents.get(i)));
      out.putInt((int) declaredSizes[i]).putInt((int) declaredSizes[i]);
      out.putShort((short) name.length).putShort((short) 0).put(name).put(contents.get(i));
    }
    int central = out.position();
    for (int i = 0; i < names.size(); i++) {
      byte[] name = names.get(i).getBytes(StandardCharsets.UTF_8);
      out.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0);
      out.putShort((short) 0).putInt(0).putInt(crc(contents.get(i)));
      out.putInt((int) declaredSizes[i]).putInt((int) declaredSizes[i]);
      out.putShort((short) name.length).putShort((short) 0).putShort((short) 0);
      out.putShort((short) 0).putShort((short) 0).putInt(0).putInt(offsets[i]).put(name);
    }
    int end = out.position();
    out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    out.putShort((short) names.size()).putShort((short) names.size());
    out.putInt(end - central).putInt(central).putShort((short) 0);
    Files.write(file, Arrays.copyOf(out.array(), out.position()));
    return file;
  }

  private static int crc(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return (int) crc.getValue();
  }

  /** A protocol-2 pickle assembled opcode by opcode. */
  static final class Pickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pickle() {
      out.write(0x80);
      out.write(2);
    }

    Pickle op(char opcode) {
      out.write(opcode);
      return this;
    }

    Pickle op(int opcode) {
      out.write(opcode);
      return this;
    }

    Pickle global(String module, String name) {
      out.write('c');
      out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /** Raw text, for opcodes with inline arguments. */
    Pickle text(String s) {
      out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Pickle string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.write('X');
      out.writeBytes(new byte[] {(byte) b.length, (byte) (b.length >> 8), (byte) (b.length >> 16), 0});
      out.writeBytes(b);
      return this;
    }

    Pickle int1(int v) {
      out.write('K');
      out.write(v);
      return this;
    }

    Pickle binint(int v) {
      out.write('J');
      out.writeBytes(new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)});
      return this;
    }

    /** A _rebuild_tensor_v2 call on storage {@code key} of {@code numel} floats. */
    Pickle floatTensor(String key, int numel, int offset, int[] size, int[] stride) {
      global("torch._utils", "_rebuild_tensor_v2").op('(');
      op('(').string("storage").global("torch", "FloatStorage").string(key).string("cpu").binint(numel).op('t');
      op('Q').binint(offset);
      op('(');
      for (int s : size) binint(s);
      op('t').op('(');
      for (int s : stride) binint(s);
      op('t').op(0x89).global("collections", "OrderedDict").op(')').op('R');
      return op('t').op('R');
    }

    byte[] stop() {
      out.write('.');
      return out.toByteArray();
    }
  }
}
