/** What every feature shares: the clock and the API's error bodies. */
package io.theeye.system;
