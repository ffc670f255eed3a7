/**
 * Who may call the API: clients' HS256 tokens checked against an in-memory cache of clients, CORS, passwords; who may
 * read the metrics.
 */
package io.theeye.auth;
