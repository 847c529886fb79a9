/**
 * The internal backend SPI: what the pure-Java, JNI and FFM backends implement. Public only so that the
 * bindings jar can implement it; applications use the public API packages instead.
 */
package io.objsync.spi;
