package org.mhim.viewer.mil;

/**
 * Where a model's input features come from, so a bag made otherwise is not fed to it.
 *
 * @param id the patch encoder's id (e.g. {@code resnet50-trunc}), or null when unknown
 * @param patchSize patch side in pixels at {@code magnification}, or null when unknown
 * @param magnification objective magnification of the patches (e.g. 20.0), or null when unknown
 */
public record EncoderInfo(String id, Integer patchSize, Double magnification) {

  public static final EncoderInfo UNKNOWN = new EncoderInfo(null, null, null);
}
