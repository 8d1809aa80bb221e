/** File helpers every layer shares (atomic writes). JDK only; depends on no other package. */
package org.mhim.viewer.io;
