package org.mhim.viewer.mil;

import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Names every parameter of a block tree as the reference's PyTorch {@code state_dict} would: the
 * blocks of this package register their children under the reference's module names (e.g.
 * {@code to_out.0}), DJL prefixes them with a two-digit position which is dropped here, and DJL's
 * layer-norm {@code gamma}/{@code beta} become {@code weight}/{@code bias}. Order: a block's own
 * parameters, then its children in registration order, as PyTorch enumerates them.
 */
public final class ReferenceNames {

  private ReferenceNames() {}

  /** All parameters under {@code root}, keyed {@code prefix + reference name}. */
  public static SequencedMap<String, Parameter> of(Block root, String prefix) {
    LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
    collect(root, prefix, out);
    return Collections.unmodifiableSequencedMap(out);
  }

  private static void collect(Block block, String prefix, Map<String, Parameter> out) {
    for (Pair<String, Parameter> p : block.getDirectParameters()) {
      String name = prefix + parameterName(p.getKey());
      if (out.put(name, p.getValue()) != null) {
        throw new IllegalStateException("two parameters named " + name);
      }
    }
    BlockList children = block.getChildren();
    for (int i = 0; i < children.size(); i++) {
      collect(children.get(i).getValue(), prefix + childName(i, children.get(i).getKey()) + ".", out);
    }
  }

  private static String childName(int index, String djlName) {
    String position = String.format(Locale.ROOT, "%02d", index + 1);
    return djlName.startsWith(position) ? djlName.substring(position.length()) : djlName;
  }

  private static String parameterName(String djlName) {
    return switch (djlName) {
      case "gamma" -> "weight";
      case "beta" -> "bias";
      default -> djlName;
    };
  }
}
