package org.mhim.viewer.features.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the pickle of a PyTorch checkpoint into plain Java values: {@code Map} (insertion-ordered),
 * {@code List}, {@link PickleTuple}, {@code Set}, {@code Long}, {@code Double}, {@code String},
 * {@code Boolean}, {@code byte[]}, {@code null} and {@link TorchTensor}. Globals are resolved through
 * {@link PickleGlobals}' allow-list; nothing is ever executed.
 */
final class RestrictedUnpickler {

  /** Turns a persistent id (the tuple torch.save writes for every storage) into a storage. */
  @FunctionalInterface
  interface PersistentLoader {
    StorageRef load(PickleTuple pid) throws CheckpointFormatException;
  }

  private static final int MAX_PROTOCOL = 5;

  private final Path file;
  private final ByteBuffer in;
  private final PersistentLoader loader;
  private final List<Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Long, Object> memo = new HashMap<>();
  private int opcodeAt;

  RestrictedUnpickler(Path file, byte[] pickle, PersistentLoader loader) {
    this.file = file;
    this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    this.loader = loader;
  }

  /** Runs the pickle to its STOP opcode and returns the value it built. */
  Object load() throws CheckpointFormatException {
    while (true) {
      opcodeAt = in.position();
      int op = u8();
      switch (op) {
        case 0x80 -> { // PROTO
          int protocol = u8();
          if (protocol > MAX_PROTOCOL) {
            throw fail("pickle protocol " + protocol + " is not supported");
          }
        }
        case 0x95 -> skip(8); // FRAME: protocol 4 framing, the frames are read as one stream
        case '.' -> { // STOP
          Object result = pop();
          if (!stack.isEmpty() || !marks.isEmpty()) {
            throw fail("pickle stopped with values left on its stack");
          }
          return result;
        }
        case '(' -> marks.add(stack.size()); // MARK
        case '0' -> pop(); // POP
        case '1' -> popMark(); // POP_MARK
        case '2' -> push(peek()); // DUP
        case 'N' -> push(null);
        case 0x88 -> push(Boolean.TRUE);
        case 0x89 -> push(Boolean.FALSE);
        case 'J' -> push((long) in32()); // BININT
        case 'K' -> push((long) u8()); // BININT1
        case 'M' -> push((long) u16()); // BININT2
        case 0x8a -> push(long1(u8())); // LONG1
        case 0x8b -> push(long1(count(in32()))); // LONG4
        case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in64()))); // BINFLOAT, big-endian
        case 'X' -> push(utf8(count(in32()))); // BINUNICODE
        case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
        case 0x8d -> push(utf8(count(in64()))); // BINUNICODE8
        case 'B' -> push(bytes(count(in32()))); // BINBYTES
        case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
        case 0x8e -> push(bytes(count(in64()))); // BINBYTES8
        case '}' -> push(new LinkedHashMap<Object, Object>()); // EMPTY_DICT
        case ']' -> push(new ArrayList<Object>()); // EMPTY_LIST
        case ')' -> push(new PickleTuple(List.of())); // EMPTY_TUPLE
        case 0x8f -> push(new LinkedHashSet<Object>()); // EMPTY_SET
        case 't' -> push(new PickleTuple(popMark())); // TUPLE
        case 0x85 -> push(tupleOf(1)); // TUPLE1
        case 0x86 -> push(tupleOf(2)); // TUPLE2
        case 0x87 -> push(tupleOf(3)); // TUPLE3
        case 'l' -> push(new ArrayList<>(popMark())); // LIST
        case 'd' -> push(dictOf(popMark())); // DICT
        case 'a' -> { // APPEND
          Object item = pop();
          listOnTop().add(item);
        }
        case 'e' -> { // APPENDS
          List<Object> items = popMark();
          listOnTop().addAll(items);
        }
        case 's' -> { // SETITEM
          Object value = pop();
          Object key = pop();
          dictOnTop().put(hashable(key), value);
        }
        case 'u' -> { // SETITEMS
          List<Object> items = popMark();
          Map<Object, Object> dict = dictOnTop();
          dict.putAll(dictOf(items));
        }
        case 0x90 -> { // ADDITEMS
          List<Object> items = popMark();
          if (!(peek() instanceof Set<?>)) {
            throw fail("ADDITEMS on a value that is not a set");
          }
          @SuppressWarnings("unchecked")
          Set<Object> set = (Set<Object>) peek();
          for (Object item : items) {
            set.add(hashable(item));
          }
        }
        case 'q' -> memo.put((long) u8(), peek()); // BINPUT
        case 'r' -> memo.put(Integer.toUnsignedLong(in32()), peek()); // LONG_BINPUT
        case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
        case 'h' -> push(memoGet(u8())); // BINGET
        case 'j' -> push(memoGet(Integer.toUnsignedLong(in32()))); // LONG_BINGET
        case 'c' -> push(PickleGlobals.resolve(file, line(), line())); // GLOBAL
        case 0x93 -> { // STACK_GLOBAL
          Object name = pop();
          Object module = pop();
          if (!(module instanceof String m) || !(name instanceof String n)) {
            throw fail("STACK_GLOBAL needs two strings");
          }
          push(PickleGlobals.resolve(file, m, n));
        }
        case 'i' -> { // INST: module and class inline, called at once; never allowed
          String module = line();
          throw new UnsafeCheckpointException(file, module + "." + line());
        }
        case 'R' -> { // REDUCE
          Object args = pop();
          Object callable = pop();
          push(reduce(callable, args));
        }
        case 'b' -> { // BUILD
          Object state = pop();
          build(peek(), state);
        }
        case 'Q' -> { // BINPERSID
          Object pid = pop();
          if (!(pid instanceof PickleTuple tuple)) {
            throw fail("persistent id is not a tuple");
          }
          push(loader.load(tuple));
        }
        default ->
            throw fail(String.format(
                "pickle opcode 0x%02x is not one a PyTorch checkpoint uses; refused", op));
      }
    }
  }

  private Object reduce(Object callable, Object args) throws CheckpointFormatException {
    if (!(callable instanceof PickleGlobals.Callable c)) {
      throw fail("REDUCE on " + describe(callable) + ", which is not an allowed callable");
    }
    if (!(args instanceof PickleTuple tuple)) {
      throw fail("REDUCE arguments are not a tuple");
    }
    List<Object> a = tuple.items();
    return switch (c) {
      case ORDERED_DICT -> {
        if (a.isEmpty()) {
          yield new LinkedHashMap<Object, Object>();
        }
        throw fail("OrderedDict built from arguments is not supported");
      }
      case TORCH_SIZE -> {
        if (a.size() != 1 || !(a.get(0) instanceof PickleTuple dims)) {
          throw fail("torch.Size expects one tuple");
        }
        yield dims;
      }
      case SET, FROZENSET -> {
        Set<Object> set = new LinkedHashSet<>();
        if (a.size() == 1 && a.get(0) instanceof List<?> items) {
          for (Object item : items) {
            set.add(hashable(item));
          }
        } else if (!a.isEmpty()) {
          throw fail(c.name + " expects one list");
        }
        yield c == PickleGlobals.Callable.SET ? set : Collections.unmodifiableSet(set);
      }
      case REBUILD_TENSOR_V2, REBUILD_TENSOR -> {
        int min = c == PickleGlobals.Callable.REBUILD_TENSOR ? 4 : 6;
        if (a.size() < min || a.size() > min + 1) {
          throw fail(c.name + " called with " + a.size() + " arguments");
        }
        if (!(a.get(0) instanceof StorageRef storage)) {
          throw fail(c.name + " called without a storage");
        }
        yield TensorLayout.view(
            file, storage, integer(a.get(1), "storage offset"), longs(a.get(2), "size"),
            longs(a.get(3), "stride"));
      }
      case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE -> {
        if (a.isEmpty() || !(a.get(0) instanceof TorchTensor tensor)) {
          throw fail(c.name + " called without a tensor");
        }
        yield tensor; // requires_grad and hooks mean nothing to a reader
      }
    };
  }

  /** BUILD sets an object's state: only an OrderedDict's attributes (a state_dict's _metadata). */
  private void build(Object target, Object state) throws CheckpointFormatException {
    if (target instanceof Map<?, ?> && (state == null || state instanceof Map<?, ?>)) {
      return; // the version metadata of a state_dict; its entries are what matter
    }
    throw fail("BUILD on " + describe(target) + " is not supported");
  }

  private Object memoGet(long index) throws CheckpointFormatException {
    if (!memo.containsKey(index)) {
      throw fail("memo entry " + index + " read before it was written");
    }
    return memo.get(index);
  }

  private PickleTuple tupleOf(int n) throws CheckpointFormatException {
    if (stack.size() - currentMarkFloor() < n) {
      throw fail("stack underflow");
    }
    List<Object> top = stack.subList(stack.size() - n, stack.size());
    PickleTuple tuple = new PickleTuple(top);
    top.clear();
    return tuple;
  }

  private Map<Object, Object> dictOf(List<Object> items) throws CheckpointFormatException {
    if (items.size() % 2 != 0) {
      throw fail("odd number of items for a dict");
    }
    Map<Object, Object> dict = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i += 2) {
      dict.put(hashable(items.get(i)), items.get(i + 1));
    }
    return dict;
  }

  /** Python refuses unhashable keys; so do we, which also keeps cyclic lists out of hash codes. */
  private Object hashable(Object key) throws CheckpointFormatException {
    if (key == null
        || key instanceof String
        || key instanceof Long
        || key instanceof Double
        || key instanceof Boolean
        || key instanceof TorchTensor) {
      return key;
    }
    if (key instanceof PickleTuple tuple && depth(tuple, 0) <= 32) {
      for (Object item : tuple.items()) {
        hashable(item);
      }
      return key;
    }
    throw fail(describe(key) + " cannot be a dict key or set element");
  }

  private static int depth(PickleTuple tuple, int level) {
    int deepest = level + 1;
    for (Object item : tuple.items()) {
      if (item instanceof PickleTuple inner && deepest <= 32) {
        deepest = Math.max(deepest, depth(inner, level + 1));
      }
    }
    return deepest;
  }

  @SuppressWarnings("unchecked")
  private List<Object> listOnTop() throws CheckpointFormatException {
    if (!(peek() instanceof List<?> list)) {
      throw fail("APPEND on a value that is not a list");
    }
    return (List<Object>) list;
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> dictOnTop() throws CheckpointFormatException {
    if (!(peek() instanceof Map<?, ?> map)) {
      throw fail("SETITEM on a value that is not a dict");
    }
    return (Map<Object, Object>) map;
  }

  private long integer(Object value, String what) throws CheckpointFormatException {
    if (value instanceof Long l) {
      return l;
    }
    throw fail(what + " is " + describe(value) + ", not an integer");
  }

  private long[] longs(Object value, String what) throws CheckpointFormatException {
    if (!(value instanceof PickleTuple tuple)) {
      throw fail(what + " is " + describe(value) + ", not a tuple");
    }
    long[] out = new long[tuple.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = integer(tuple.get(i), what);
    }
    return out;
  }

  private void push(Object value) {
    stack.add(value);
  }

  private int currentMarkFloor() {
    return marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
  }

  private Object pop() throws CheckpointFormatException {
    if (stack.size() <= currentMarkFloor()) {
      throw fail("stack underflow");
    }
    return stack.remove(stack.size() - 1);
  }

  private Object peek() throws CheckpointFormatException {
    if (stack.size() <= currentMarkFloor()) {
      throw fail("stack underflow");
    }
    return stack.get(stack.size() - 1);
  }

  private List<Object> popMark() throws CheckpointFormatException {
    if (marks.isEmpty()) {
      throw fail("no MARK on the stack");
    }
    int from = marks.remove(marks.size() - 1);
    List<Object> top = stack.subList(from, stack.size());
    List<Object> items = new ArrayList<>(top);
    top.clear();
    return items;
  }

  private int u8() throws CheckpointFormatException {
    need(1);
    return Byte.toUnsignedInt(in.get());
  }

  private int u16() throws CheckpointFormatException {
    need(2);
    return Short.toUnsignedInt(in.getShort());
  }

  private int in32() throws CheckpointFormatException {
    need(4);
    return in.getInt();
  }

  private long in64() throws CheckpointFormatException {
    need(8);
    return in.getLong();
  }

  private void skip(int n) throws CheckpointFormatException {
    need(n);
    in.position(in.position() + n);
  }

  /** A length read from the pickle, refused when negative or past the end of the pickle. */
  private int count(long length) throws CheckpointFormatException {
    if (length < 0 || length > in.remaining()) {
      throw fail("length " + length + " runs past the end of the pickle (truncated file?)");
    }
    return (int) length;
  }

  private Long long1(int n) throws CheckpointFormatException {
    if (n > 8) {
      throw fail("integer of " + n + " bytes is too large");
    }
    byte[] b = bytes(n);
    long value = 0;
    for (int i = n - 1; i >= 0; i--) {
      value = (value << 8) | (b[i] & 0xff);
    }
    if (n > 0 && n < 8 && b[n - 1] < 0) {
      value -= 1L << (8 * n); // two's complement of n bytes
    }
    return value;
  }

  private String utf8(int n) throws CheckpointFormatException {
    return new String(bytes(n), StandardCharsets.UTF_8);
  }

  private byte[] bytes(int n) throws CheckpointFormatException {
    need(n);
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  private String line() throws CheckpointFormatException {
    int start = in.position();
    for (int i = start; i < in.limit(); i++) {
      if (in.get(i) == '\n') {
        byte[] b = new byte[i - start];
        in.get(b);
        in.get();
        return new String(b, StandardCharsets.UTF_8);
      }
    }
    throw fail("unterminated name in GLOBAL (truncated file?)");
  }

  private void need(int n) throws CheckpointFormatException {
    if (in.remaining() < n) {
      throw fail("the pickle ends early (truncated file?)");
    }
  }

  private static String describe(Object value) {
    return value == null ? "None" : "a " + value.getClass().getSimpleName();
  }

  private CheckpointFormatException fail(String problem) {
    return new CheckpointFormatException(file, problem + " (data.pkl offset " + opcodeAt + ")");
  }
}
