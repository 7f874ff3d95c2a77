package org.metergate.store;

/** The SQL engines the schema is kept portable for. */
public enum DatabaseEngine {
    DERBY("Apache Derby (embedded)"),
    POSTGRESQL("PostgreSQL");

    private final String displayName;

    DatabaseEngine(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public static DatabaseEngine fromUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:derby:")) {
            return DERBY;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new StoreException("unsupported JDBC URL '" + jdbcUrl
                + "': metergate runs on embedded Derby (default) or PostgreSQL (jdbc:postgresql://...)");
    }
}
