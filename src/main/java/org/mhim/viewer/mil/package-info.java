/**
 * The MHIM-MIL model as DJL blocks (PyTorch engine), identical in its arithmetic to the reference
 * implementation (DearCaat/MHIM-MIL, {@code modules/mhim.py}); the shared parity fixtures decide.
 *
 * <h2>Blocks</h2>
 *
 * <ul>
 *   <li>{@link org.mhim.viewer.mil.MhimNetwork}: one network (student or teacher) — children
 *       {@code feature} ({@link org.mhim.viewer.mil.InstanceProjection}), {@code online_encoder}
 *       (a {@link org.mhim.viewer.mil.MilAggregator}: {@link org.mhim.viewer.mil.AbmilAggregator},
 *       {@link org.mhim.viewer.mil.TransmilAggregator} with {@link
 *       org.mhim.viewer.mil.TransLayer}/{@link org.mhim.viewer.mil.NystromAttention}/{@link
 *       org.mhim.viewer.mil.Ppeg}, {@link org.mhim.viewer.mil.DsmilAggregator}) and {@code
 *       predictor} (Linear), plus optional extra blocks (the recycle network, {@code merge}).
 *   <li>Stages for training: {@code project} → (masking, recycling) → {@code aggregate} → {@code
 *       logits}; {@code evidence} gives the class-aware instance probabilities; {@code teacher}
 *       gives the teacher's embedding and scores. Single bag, no batch axis: {@code [N, D]}.
 *   <li>{@link org.mhim.viewer.mil.MhimNetwork#referenceParameters()} names every parameter as the
 *       reference's state_dict does ({@link org.mhim.viewer.mil.ReferenceNames}).
 * </ul>
 *
 * <h2>Inference and files</h2>
 *
 * {@link org.mhim.viewer.mil.MhimModel} (student + teacher, {@code predict} → {@link
 * org.mhim.viewer.mil.Prediction}); {@link org.mhim.viewer.mil.ReferenceCheckpoints} and {@link
 * org.mhim.viewer.mil.MhimConfig} import the reference's checkpoints and config.json; {@link
 * org.mhim.viewer.mil.ModelBundle} is our format; {@link org.mhim.viewer.mil.ModelFiles} opens
 * either; {@link org.mhim.viewer.mil.BagFiles} reads {@code .pt}/{@code .h5} bags.
 */
package org.mhim.viewer.mil;
