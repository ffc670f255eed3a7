/**
 * Deletion on request and suppression: removing a client's events by filter ({@code DELETE /events}, the command line
 * and the admin UI share {@link io.theeye.store.EventDeletions}), and each client's list of session ids and data
 * values whose future events are refused at the door and never stored ({@link io.theeye.deletion.Suppressions}).
 */
package io.theeye.deletion;
