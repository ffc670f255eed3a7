/** The read API: events by session, category, name and time, sessions, rejected events; each client sees its own. */
package io.theeye.query;
