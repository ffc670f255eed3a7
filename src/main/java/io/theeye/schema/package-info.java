/**
 * Payload schemas: a JSON Schema (draft 2020-12) per event type (category, name), compiled once and checked against
 * every event of that type at the door; their versions, the API and the refresh that brings changes to every process.
 */
package io.theeye.schema;
