/** The MHIM-MIL model as DJL blocks: scoring, masking, recycling, checkpoint import, model bundles. */
package org.mhim.viewer.mil;
