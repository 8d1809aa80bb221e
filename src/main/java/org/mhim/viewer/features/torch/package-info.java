/**
 * PyTorch's zip tensor format (what {@code torch.save} writes since PyTorch 1.6), read and written
 * without Python.
 *
 * <p>A checkpoint is untrusted input: its pickle is read by a restricted unpickler that only builds
 * plain Java values (maps, lists, tuples, numbers, strings, tensors) and refuses every global outside
 * the few a state_dict needs. Nothing in a file is ever executed. JDK only, so every layer can use it.
 */
package org.mhim.viewer.features.torch;
