/**
 * Retention: which events and refused events have expired (the default, clients' own, refused events' own), and
 * their removal, in the background and on demand, one process at a time.
 */
package io.theeye.retention;
