package org.metergate.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.metergate.store.Database;
import org.metergate.store.Jdbc;
import org.metergate.store.StoreException;

/** SQL for the app_user table. */
final class UserRepository {

    record StoredUser(UserInfo info, String passwordHash) {}

    private final Database db;

    UserRepository(Database db) {
        this.db = db;
    }

    List<UserInfo> list() {
        List<UserInfo> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM app_user ORDER BY username");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs).info());
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot list users", e);
        }
    }

    Optional<StoredUser> find(String username) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM app_user WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read user " + username, e);
        }
    }

    long count() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM app_user");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count users", e);
        }
    }

    long countAdmins() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM app_user WHERE role = ?")) {
            ps.setString(1, Role.ADMIN.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count users", e);
        }
    }

    /** Inserts; false when the name is taken. */
    boolean insert(String username, String hash, Role role, boolean mustChange, Instant now) {
        String sql = "INSERT INTO app_user (username, password_hash, role, must_change_password, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, username);
            ps.setString(2, hash);
            ps.setString(3, role.id());
            ps.setInt(4, mustChange ? 1 : 0);
            Jdbc.setInstant(ps, 5, now);
            Jdbc.setInstant(ps, 6, now);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw new StoreException("cannot create user " + username, e);
        }
    }

    void updatePassword(String username, String hash, boolean mustChange, Instant now) {
        update("UPDATE app_user SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE username = ?",
                ps -> {
                    ps.setString(1, hash);
                    ps.setInt(2, mustChange ? 1 : 0);
                    Jdbc.setInstant(ps, 3, now);
                    ps.setString(4, username);
                }, username);
    }

    void updateRole(String username, Role role, Instant now) {
        update("UPDATE app_user SET role = ?, updated_at = ? WHERE username = ?", ps -> {
            ps.setString(1, role.id());
            Jdbc.setInstant(ps, 2, now);
            ps.setString(3, username);
        }, username);
    }

    boolean delete(String username) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM app_user WHERE username = ?")) {
            ps.setString(1, username);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot delete user " + username, e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder, String username) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot update user " + username, e);
        }
    }

    private static StoredUser row(ResultSet rs) throws SQLException {
        UserInfo info = new UserInfo(rs.getString("username"), Role.parse(rs.getString("role")),
                rs.getInt("must_change_password") != 0, Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "updated_at"));
        return new StoredUser(info, rs.getString("password_hash"));
    }
}
