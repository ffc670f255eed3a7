/**
 * What every feature shares: the clock, the API's error bodies, the OpenAPI document (and whether it is served), the
 * metrics token's setting.
 */
package io.theeye.system;
