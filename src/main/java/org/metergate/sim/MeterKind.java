package org.metergate.sim;

import java.util.List;

/**
 * What a simulated meter measures. The medium code goes into the telegram header (EN 13757-3
 * table 3); the manufacturers are real flags of companies that build that kind of meter, so a
 * simulated fleet looks like a real installation in scan results.
 */
public enum MeterKind {
    HEAT(0x04, List.of("KAM", "LUG", "ZRI", "DME", "SON")),
    WATER(0x07, List.of("SEN", "ZRI", "DME", "ITW", "APA")),
    ELECTRICITY(0x02, List.of("ABB", "EMH", "KAM", "ISK", "LGB")),
    GAS(0x03, List.of("ELS", "ITW", "APA", "PIP"));

    private final int medium;
    private final List<String> manufacturers;

    MeterKind(int medium, List<String> manufacturers) {
        this.medium = medium;
        this.manufacturers = manufacturers;
    }

    /** Medium code of the header byte. */
    public int medium() {
        return medium;
    }

    /** Manufacturer flags typical for this kind of meter. */
    public List<String> manufacturers() {
        return manufacturers;
    }
}
