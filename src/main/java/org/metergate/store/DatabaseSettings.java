package org.metergate.store;

import java.nio.file.Path;

/** Where the database is: a JDBC URL with credentials, or empty for embedded Derby in the data dir. */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

    public static String derbyUrl(Path dbDir) {
        return "jdbc:derby:" + dbDir.toAbsolutePath() + ";create=true";
    }

    public DatabaseEngine engine() {
        return DatabaseEngine.fromUrl(url);
    }

    /** The URL without credentials or options, for display. */
    public String displayUrl() {
        int semi = url.indexOf(';');
        int query = url.indexOf('?');
        int cut = semi >= 0 ? semi : query >= 0 ? query : url.length();
        return url.substring(0, cut);
    }
}
