/** Internals of the network layer: wire layouts and transport implementation details. Not API. */
package io.objsync.net.internal;
