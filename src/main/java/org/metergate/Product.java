package org.metergate;

/** Product identity shown in the API, reports and the User-Agent. */
public final class Product {
    public static final String NAME = "metergate";

    private Product() {}

    public static String version() {
        String v = Product.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
