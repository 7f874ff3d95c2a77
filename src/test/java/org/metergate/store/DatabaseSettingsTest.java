package org.metergate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void engineFollowsTheUrl() {
        assertThat(new DatabaseSettings("jdbc:derby:/x/db;create=true", "", "", 2).engine()).isEqualTo(DatabaseEngine.DERBY);
        assertThat(new DatabaseSettings("jdbc:postgresql://h/db?ssl=true", "u", "p", 2).engine()).isEqualTo(DatabaseEngine.POSTGRESQL);
    }

    @Test
    void displayUrlHidesOptions() {
        assertThat(new DatabaseSettings("jdbc:postgresql://h/db?password=secret", "", "", 2).displayUrl())
                .isEqualTo("jdbc:postgresql://h/db");
        assertThat(new DatabaseSettings("jdbc:derby:/x/db;create=true", "", "", 2).displayUrl()).isEqualTo("jdbc:derby:/x/db");
    }

    @Test
    void otherEnginesAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> DatabaseEngine.fromUrl("jdbc:mysql://h/db"))
                .isInstanceOf(StoreException.class).hasMessageContaining("Derby").hasMessageContaining("PostgreSQL");
    }
}
