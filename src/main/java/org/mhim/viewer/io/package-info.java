/**
 * File helpers every layer shares: atomic writes, one-line descriptions of unreadable JSON. Depends
 * on no other package of ours: the JDK and Jackson only.
 */
package org.mhim.viewer.io;
