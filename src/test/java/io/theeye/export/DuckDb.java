package io.theeye.export;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DuckDB in memory, through its JDBC driver, reading what the export wrote: an engine nobody here wrote. It loads no
 * extension from the network.
 */
public final class DuckDb implements AutoCloseable {

    private final Connection connection;

    public DuckDb() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions = false");
        }
    }

    /** {@code read_parquet} over every Parquet file under the folder, its partitions as columns. */
    public static String filesUnder(Path folder) {
        return "read_parquet('" + folder.toAbsolutePath() + "/**/*.parquet', hive_partitioning = true)";
    }

    /** The rows of a query, each as column name to value, in order. */
    public List<Map<String, Object>> rows(String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= columns; column++) {
                    row.put(result.getMetaData().getColumnLabel(column), result.getObject(column));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** The first column of every row. */
    public List<Object> column(String sql) throws SQLException {
        return rows(sql).stream().map(row -> row.values().iterator().next()).toList();
    }

    /** Column name to DuckDB's type name, as DESCRIBE gives them. */
    Map<String, String> types(String sql) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> row : rows("DESCRIBE " + sql)) {
            types.put((String) row.get("column_name"), (String) row.get("column_type"));
        }
        return types;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
