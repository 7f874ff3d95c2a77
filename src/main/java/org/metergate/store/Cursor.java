package org.metergate.store;

import java.util.Iterator;

/**
 * A forward-only pass over query results that holds a database connection until closed: rows are
 * fetched as they are consumed, never all at once. Close it (try-with-resources) even when not
 * read to the end. Read failures surface as {@link StoreException}.
 */
public interface Cursor<T> extends Iterator<T>, AutoCloseable {

    @Override
    void close();
}
