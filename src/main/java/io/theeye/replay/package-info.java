/**
 * Replay of refused events: each is sent through the checks of the door again (the ingest rules and the payload
 * schemas in force), those that now pass are stored as they were sent and leave the rejected list.
 */
package io.theeye.replay;
