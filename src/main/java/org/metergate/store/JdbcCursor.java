package org.metergate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.NoSuchElementException;

/**
 * A {@link Cursor} over one query: rows are mapped as they are read through a forward-only result
 * set with a fetch size, in a read-only transaction (PostgreSQL streams only outside auto-commit).
 */
public final class JdbcCursor<T> implements Cursor<T> {

    /** Sets the statement's parameters. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final boolean autoCommit;
    private final ResultSet rs;
    private final RowMapper<T> mapper;
    private final String what;
    private T next;
    private boolean closed;

    private JdbcCursor(Connection connection, boolean autoCommit, ResultSet rs, RowMapper<T> mapper, String what) {
        this.connection = connection;
        this.autoCommit = autoCommit;
        this.rs = rs;
        this.mapper = mapper;
        this.what = what;
    }

    /** Runs the query and returns the cursor over its rows; {@code what} names them in errors ("system log"). */
    public static <T> JdbcCursor<T> open(Database db, String sql, Binder binder, RowMapper<T> mapper, String what) {
        Connection c = null;
        try {
            c = db.connection();
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(500);
            binder.bind(ps);
            return new JdbcCursor<>(c, autoCommit, ps.executeQuery(), mapper, what);
        } catch (SQLException | RuntimeException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // reported below
                }
            }
            throw new StoreException("cannot read " + what, e);
        }
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (closed) {
            return false;
        }
        try {
            if (rs.next()) {
                next = mapper.map(rs);
                return true;
            }
        } catch (SQLException e) {
            close();
            throw new StoreException("cannot read " + what, e);
        }
        close();
        return false;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T t = next;
        next = null;
        return t;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            rs.close();
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            // the connection is closed below either way; a read-only transaction loses nothing
        } finally {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }
}
