package org.mhim.viewer.features.torch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Writes a value as the protocol-2 pickle torch.save makes: tensors as {@code _rebuild_tensor_v2}
 * calls whose storages are persistent ids, collected here in the order they get their keys.
 */
final class PickleWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final List<TorchTensor> storages = new ArrayList<>();

  /** Pickles {@code root}; every map becomes a {@code collections.OrderedDict}. */
  byte[] pickle(Object root) {
    out.write(0x80); // PROTO 2
    out.write(2);
    value(root);
    out.write('.'); // STOP
    return out.toByteArray();
  }

  /** The tensors whose storages the pickle names, storage key i at index i. */
  List<TorchTensor> storages() {
    return Collections.unmodifiableList(storages);
  }

  private void value(Object v) {
    switch (v) {
      case null -> out.write('N');
      case Boolean b -> out.write(b ? 0x88 : 0x89);
      case Long l -> integer(l);
      case Integer i -> integer(i);
      case Short s -> integer(s);
      case Byte b -> integer(b);
      case Double d -> binfloat(d);
      case Float f -> binfloat(f);
      case String s -> string(s);
      case TorchTensor t -> tensor(t);
      case PickleTuple t -> tuple(t.items());
      case Map<?, ?> m -> dict(m);
      case List<?> l -> list(l);
      default ->
          throw new IllegalArgumentException(
              "cannot write a " + v.getClass().getName() + " into a PyTorch checkpoint");
    }
  }

  private void tensor(TorchTensor t) {
    String key = Integer.toString(storages.size());
    storages.add(t);
    global("torch._utils", "_rebuild_tensor_v2");
    out.write('(');
    // persistent id: ('storage', torch.<Type>Storage, key, location, numel)
    out.write('(');
    string("storage");
    global("torch", t.dtype().storageClass());
    string(key);
    string("cpu");
    integer(t.numel());
    out.write('t');
    out.write('Q'); // BINPERSID
    integer(0); // storage offset
    long[] shape = t.shape();
    tuple(boxed(shape));
    tuple(boxed(contiguousStrides(shape)));
    out.write(0x89); // requires_grad = False
    global("collections", "OrderedDict"); // backward hooks: OrderedDict()
    out.write(')');
    out.write('R');
    out.write('t');
    out.write('R');
  }

  private void dict(Map<?, ?> m) {
    global("collections", "OrderedDict");
    out.write(')');
    out.write('R');
    if (m.isEmpty()) {
      return;
    }
    out.write('(');
    for (Map.Entry<?, ?> e : m.entrySet()) {
      value(e.getKey());
      value(e.getValue());
    }
    out.write('u'); // SETITEMS
  }

  private void list(List<?> l) {
    out.write(']');
    if (l.isEmpty()) {
      return;
    }
    out.write('(');
    l.forEach(this::value);
    out.write('e'); // APPENDS
  }

  private void tuple(List<?> items) {
    switch (items.size()) {
      case 0 -> out.write(')');
      case 1, 2, 3 -> {
        items.forEach(this::value);
        out.write(0x84 + items.size()); // TUPLE1..3
      }
      default -> {
        out.write('(');
        items.forEach(this::value);
        out.write('t');
      }
    }
  }

  private void global(String module, String name) {
    out.write('c');
    out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  private void integer(long v) {
    if (v >= 0 && v < 0x100) {
      out.write('K');
      out.write((int) v);
    } else if (v >= 0 && v < 0x10000) {
      out.write('M');
      out.writeBytes(le(2, v));
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      out.write('J');
      out.writeBytes(le(4, v));
    } else {
      out.write(0x8a); // LONG1, 8 bytes of two's complement
      out.write(8);
      out.writeBytes(le(8, v));
    }
  }

  private void binfloat(double d) {
    out.write('G');
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(d).array());
  }

  private void string(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.write('X');
    out.writeBytes(le(4, utf8.length));
    out.writeBytes(utf8);
  }

  private static byte[] le(int n, long v) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }

  private static long[] contiguousStrides(long[] shape) {
    long[] stride = new long[shape.length];
    long step = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      stride[d] = step;
      step *= shape[d];
    }
    return stride;
  }

  private static List<Long> boxed(long[] values) {
    List<Long> list = new ArrayList<>(values.length);
    for (long v : values) {
      list.add(v);
    }
    return list;
  }
}
