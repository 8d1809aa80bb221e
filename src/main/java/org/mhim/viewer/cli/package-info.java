/** picocli commands; runs on a machine with no display. */
package org.mhim.viewer.cli;
