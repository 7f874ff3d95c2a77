package org.metergate.app;

import java.nio.file.Path;
import java.time.Clock;
import org.metergate.GatewayIdentity;
import org.metergate.admin.SystemLog;
import org.metergate.admin.UserService;
import org.metergate.config.GatewayConfig;
import org.metergate.schedule.GatewayScheduler;
import org.metergate.store.Database;
import org.metergate.store.SettingRepository;
import org.metergate.web.RequestAuthenticator;

/** The gateway's shared services, handed to every {@link GatewayModule} when it wires itself in. */
public record GatewayServices(
        GatewayConfig config,
        Path dataDir,
        Clock clock,
        Database db,
        SettingRepository settings,
        SystemLog systemLog,
        UserService users,
        RequestAuthenticator auth,
        GatewayIdentity identity,
        GatewayScheduler scheduler) {
}
