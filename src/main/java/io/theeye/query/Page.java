package io.theeye.query;

import java.util.List;

/**
 * One page of results and the cursor of the next, null on the last page.
 */
record Page<T>(List<T> results, String next) {}
