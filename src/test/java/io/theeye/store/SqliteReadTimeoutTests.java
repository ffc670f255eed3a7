package io.theeye.store;

import io.theeye.support.TestDatabases;
import java.time.Duration;

class SqliteReadTimeoutTests extends ReadTimeoutTestCases {

    @Override
    DatabaseProperties database() {
        return TestStores.properties(TestDatabases.newSqliteUrl(), "", "", Duration.ofSeconds(60));
    }

    @Override
    String endlessQuery() {
        return "with recursive n(x) as (select 1 union all select x + 1 from n) select count(*) from n";
    }

    /**
     * Many more virtual machine steps than a progress handler lets pass before it looks at the clock: a bound left
     * behind, whose time is up, would end it at once.
     */
    @Override
    String longQuery() {
        return "with recursive n(x) as (select 1 union all select x + 1 from n where x < 200000) select count(*) from n";
    }
}
