package gongkai.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.Version;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.MockNode;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

/**
 * A single-node OpenSearch on 127.0.0.1 for development and gongkai's OpenSearch tests: no security plugin,
 * no distribution to unpack, only the jars of Maven Central. Not for production (docs/deployment.md).
 *
 * <p>Arguments: the HTTP port (9200) and the node's home directory (its data and logs live there).
 */
public final class OpenSearchDevNode {

    private OpenSearchDevNode() {}

    public static void main(String[] args) throws Exception {
        String port = args.length > 0 ? args[0] : "9200";
        Path home = Path.of(args.length > 1 ? args[1] : "target/node").toAbsolutePath();
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "gongkai-dev")
            .put("node.name", "gongkai-dev")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("transport.port", "9300-9399")
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            // A developer's disk is often fuller than a server's: never turn the indexes read-only for it.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
        LogConfigurator.configureWithoutConfig(settings);

        List<Class<? extends Plugin>> plugins = List.of(
            plugin("org.opensearch.transport.Netty4ModulePlugin", "org.opensearch.transport.Netty4Plugin"),
            plugin("org.opensearch.analysis.common.CommonAnalysisModulePlugin", "org.opensearch.analysis.common.CommonAnalysisPlugin")
        );
        Node node = new MockNode(settings, plugins);
        node.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(node)));
        System.out.println("OpenSearch " + Version.CURRENT + " is listening on http://127.0.0.1:" + port + " (Ctrl-C stops it)");
        new CountDownLatch(1).await();
    }

    /** The plugin class under the first of its names that exists (the module classes were renamed across releases). */
    @SuppressWarnings("unchecked")
    private static Class<? extends Plugin> plugin(String... names) throws ClassNotFoundException {
        for (String name : names) {
            try {
                return (Class<? extends Plugin>) Class.forName(name);
            } catch (ClassNotFoundException notThisName) {
                // try the next name
            }
        }
        throw new ClassNotFoundException(String.join(" or ", names));
    }

    private static void close(Node node) {
        try {
            node.close();
        } catch (IOException e) {
            e.printStackTrace();
        }
    }
}
