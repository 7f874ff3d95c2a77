package org.metergate.cli;

import java.util.concurrent.Callable;
import org.metergate.Product;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the product version.")
final class VersionCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println(Product.NAME + " " + Product.version());
        return 0;
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Product.NAME + " " + Product.version()};
        }
    }
}
