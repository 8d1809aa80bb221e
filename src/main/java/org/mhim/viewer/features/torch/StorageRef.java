package org.mhim.viewer.features.torch;

/**
 * One storage of a checkpoint, as its persistent id names it and its zip entry holds it. Tensors that
 * share a storage get the same instance; the bytes are never changed once read.
 */
record StorageRef(String key, TorchDType dtype, long numel, byte[] bytes) {}
