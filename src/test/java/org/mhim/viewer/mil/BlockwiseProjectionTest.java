package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.features.NoGradient;

/** Projecting a bag block by block gives the projection of the whole bag, for every network. */
class BlockwiseProjectionTest {

  @Test
  void blocksGiveTheWholeBagsProjectionForEachNetwork() throws Exception {
    int dim = 24;
    int n = 103; // 7 rows per block below: 14 full blocks and a short last one
    MhimConfig config =
        new MhimConfig(AggregatorKind.ABMIL, dim, 16, MhimConfig.defaultClassNames(2),
            ActivationKind.RELU, ActivationKind.GELU, 8, 0.25f, 0f, 0.03, 1.0, true, 1, 0.9999,
            0.8, 0.1, 0.5, 0.9997);
    Bag bag = BagSizeTest.randomBag(n, dim, 7);
    try (NDManager manager = NDManager.newBaseManager();
        NoGradient _ = NoGradient.enter()) {
      MhimNetwork a = MhimNetwork.of(config);
      a.initialize(manager, DataType.FLOAT32, new Shape(1, dim));
      MhimNetwork b = MhimNetwork.of(config);
      b.initialize(manager, DataType.FLOAT32, new Shape(1, dim));
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray whole = manager.create(bag.features(), new Shape(n, dim));

      List<NDList> parts = List.of(new NDList(), new NDList());
      BlockwiseProjection.forEachBlock(
          manager, ps, bag, List.of(a, b),
          parts.stream().map(p -> (BlockSink) h -> {
            h.attach(manager);
            p.add(h);
          }).toList(),
          7 * dim,
          null);
      List<NDArray> blocks = parts.stream().map(p -> NDArrays.concat(p, 0)).toList();

      assertEquals(15, parts.get(0).size());
      assertEquals(2, blocks.size());
      assertEquals(new Shape(n, 16), blocks.get(0).getShape());
      assertArrayEquals(a.project(ps, whole, false).toFloatArray(), blocks.get(0).toFloatArray(), 1e-5f);
      assertArrayEquals(b.project(ps, whole, false).toFloatArray(), blocks.get(1).toFloatArray(), 1e-5f);
    }
  }
}
