/** Datasets, splits, the training loop, metrics and checkpoints. */
package org.mhim.viewer.train;
