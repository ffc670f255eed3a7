/** Value types for events, shared by every feature; no Spring here. */
package io.theeye.event;
