/**
 * What every feature shares: the clock, the order of the lifecycle's phases and the periodic tasks, the API's error
 * bodies, the OpenAPI document (and whether it is served), the metrics token's setting.
 */
package io.theeye.system;
