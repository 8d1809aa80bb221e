package org.mhim.viewer.slide;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A streaming little-endian TIFF (classic or BigTIFF) writer: image data is appended as it is
 * produced, directories are collected and written at the end, then the header is pointed at the
 * first. Nothing but the offsets tables is held in memory, so files of any size can be written.
 */
final class TiffFileWriter {

  static final int ASCII = 2;
  static final int SHORT = 3;
  static final int LONG = 4;
  static final int RATIONAL = 5;
  static final int LONG8 = 16;

  /** One tag of a directory; values are unsigned integers (or ASCII bytes, or rational pairs). */
  record Entry(int tag, int type, long[] values) {
    static Entry ascii(int tag, String text) {
      byte[] bytes = (text + "\0").getBytes(StandardCharsets.US_ASCII);
      long[] values = new long[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        values[i] = bytes[i] & 0xFF;
      }
      return new Entry(tag, ASCII, values);
    }

    /** Count as TIFF counts it (a rational is one value made of two longs). */
    long count() {
      return type == RATIONAL ? values.length / 2 : values.length;
    }

    int byteSize() {
      int unit =
          switch (type) {
            case ASCII -> 1;
            case SHORT -> 2;
            case LONG -> 4;
            case RATIONAL, LONG8 -> 8;
            default -> throw new IllegalArgumentException("TIFF type " + type);
          };
      return (int) (unit * count());
    }
  }

  private final FileChannel channel;
  private final boolean bigTiff;
  private final List<List<Entry>> directories = new ArrayList<>();
  private long position;

  TiffFileWriter(FileChannel channel, boolean bigTiff) throws IOException {
    this.channel = channel;
    this.bigTiff = bigTiff;
    ByteBuffer header = buffer(bigTiff ? 16 : 8);
    header.put((byte) 'I').put((byte) 'I');
    if (bigTiff) {
      header.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(0);
    } else {
      header.putShort((short) 42).putInt(0);
    }
    write(header.flip());
  }

  boolean bigTiff() {
    return bigTiff;
  }

  /** The type to use for offsets and byte counts: LONG8 in BigTIFF, LONG in classic TIFF. */
  int offsetType() {
    return bigTiff ? LONG8 : LONG;
  }

  /** Appends image data (a tile or a strip); returns its offset in the file. */
  long append(byte[] data) throws IOException {
    long offset = position;
    if (!bigTiff && offset + data.length > 0xFFFF_FFFFL) {
      throw new IOException("a classic TIFF cannot exceed 4 GiB; write a BigTIFF instead");
    }
    write(ByteBuffer.wrap(data));
    if ((position & 1) != 0) {
      write(ByteBuffer.wrap(new byte[1])); // TIFF wants word-aligned offsets
    }
    return offset;
  }

  /** Adds a directory; directories are linked in the order added. */
  void addDirectory(List<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingInt(Entry::tag));
    directories.add(sorted);
  }

  /** Writes every directory and links the header to the first. */
  void finish() throws IOException {
    long first = position;
    for (int d = 0; d < directories.size(); d++) {
      List<Entry> entries = directories.get(d);
      long start = position;
      long next = d + 1 < directories.size() ? start + directorySize(entries) : 0;
      write(serialize(entries, start, next).flip());
    }
    ByteBuffer link = buffer(8);
    if (bigTiff) {
      link.putLong(first);
      channel.write(link.flip(), 8);
    } else {
      link.putInt((int) first);
      channel.write(link.flip(), 4);
    }
  }

  private int inlineBytes() {
    return bigTiff ? 8 : 4;
  }

  private long directorySize(List<Entry> entries) {
    int entrySize = bigTiff ? 20 : 12;
    long size = (bigTiff ? 8 : 2) + (long) entries.size() * entrySize + (bigTiff ? 8 : 4);
    for (Entry entry : entries) {
      if (entry.byteSize() > inlineBytes()) {
        size += align(entry.byteSize());
      }
    }
    return size;
  }

  private ByteBuffer serialize(List<Entry> entries, long start, long next) {
    ByteBuffer out = buffer(Math.toIntExact(directorySize(entries)));
    int entrySize = bigTiff ? 20 : 12;
    long overflow = start + (bigTiff ? 8 : 2) + (long) entries.size() * entrySize + (bigTiff ? 8 : 4);
    ByteBuffer extra = buffer(Math.toIntExact(directorySize(entries)));
    if (bigTiff) {
      out.putLong(entries.size());
    } else {
      out.putShort((short) entries.size());
    }
    for (Entry entry : entries) {
      out.putShort((short) entry.tag()).putShort((short) entry.type());
      if (bigTiff) {
        out.putLong(entry.count());
      } else {
        out.putInt((int) entry.count());
      }
      if (entry.byteSize() <= inlineBytes()) {
        ByteBuffer inline = buffer(inlineBytes());
        putValues(inline, entry);
        out.put(inline.array());
      } else {
        long offset = overflow + extra.position();
        if (bigTiff) {
          out.putLong(offset);
        } else {
          out.putInt((int) offset);
        }
        putValues(extra, entry);
        if ((extra.position() & 1) != 0) {
          extra.put((byte) 0);
        }
      }
    }
    if (bigTiff) {
      out.putLong(next);
    } else {
      out.putInt((int) next);
    }
    out.put(extra.array(), 0, extra.position());
    return out;
  }

  private static void putValues(ByteBuffer out, Entry entry) {
    for (long v : entry.values()) {
      switch (entry.type()) {
        case ASCII -> out.put((byte) v);
        case SHORT -> out.putShort((short) v);
        case LONG, RATIONAL -> out.putInt((int) v);
        case LONG8 -> out.putLong(v);
        default -> throw new IllegalArgumentException("TIFF type " + entry.type());
      }
    }
  }

  private static long align(long n) {
    return (n + 1) & ~1L;
  }

  private static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private void write(ByteBuffer data) throws IOException {
    int length = data.remaining();
    while (data.hasRemaining()) {
      channel.write(data, position + (length - data.remaining()));
    }
    position += length;
  }

  @Override
  public String toString() {
    return "TiffFileWriter[" + (bigTiff ? "BigTIFF" : "TIFF") + ", " + directories.size()
        + " directories, " + position + " bytes]";
  }
}
