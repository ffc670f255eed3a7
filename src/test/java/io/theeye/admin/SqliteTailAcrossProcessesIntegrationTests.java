package io.theeye.admin;

import java.nio.file.Path;
import java.util.Map;

/** The API processes and the worker share one SQLite file, through SQLite's own locking. */
class SqliteTailAcrossProcessesIntegrationTests extends TailAcrossProcessesIntegrationTestCases {

    @Override
    Map<String, String> newDatabase(Path folder) {
        return Map.of("THE_EYE_DB_URL", "jdbc:sqlite:" + folder.resolve("data").resolve("the-eye.db"));
    }
}
