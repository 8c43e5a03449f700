package ci.opensearch;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts one embedded OpenSearch node for CI and blocks until the JVM is told to stop.
 *
 * <pre>
 * java -cp 'target/classes:target/lib/*' ci.opensearch.Node [PORT] [BASE_DIR]
 * </pre>
 *
 * PORT defaults to $OPENSEARCH_PORT or 9200; BASE_DIR (node home, data, logs) defaults
 * to $OPENSEARCH_BASE_DIR or ./opensearch-node. The node binds 127.0.0.1 only, forms a
 * single-node cluster, has no security plugin (plain HTTP, no auth) and loads the
 * optional analysis plugins named in $OPENSEARCH_PLUGINS (comma list out of
 * "smartcn", "icu"; default both; "none" for neither).
 */
public final class Node {

    private static final String SMARTCN = "org.opensearch.plugin.analysis.smartcn.AnalysisSmartChinesePlugin";
    private static final String ICU = "org.opensearch.plugin.analysis.icu.AnalysisICUPlugin";

    private Node() {
    }

    public static void main(final String[] args) throws Exception {
        final int port = Integer.parseInt(args.length > 0 ? args[0] : env("OPENSEARCH_PORT", "9200"));
        final Path base = Paths.get(args.length > 1 ? args[1] : env("OPENSEARCH_BASE_DIR", "opensearch-node"))
                .toAbsolutePath();

        final List<String> plugins = new ArrayList<>();
        for (final String name : env("OPENSEARCH_PLUGINS", "smartcn,icu").split(",")) {
            final String n = name.trim();
            if (n.equals("smartcn")) {
                addIfPresent(plugins, SMARTCN);
            } else if (n.equals("icu")) {
                addIfPresent(plugins, ICU);
            }
        }

        final OpenSearchRunner runner = new OpenSearchRunner();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final Exception e) {
                System.err.println("ci-opensearch: error while closing: " + e);
            } finally {
                stopped.countDown();
            }
        }, "ci-opensearch-shutdown"));

        runner.onBuild((number, settings) -> {
            settings.put("http.port", port);
            settings.put("network.host", "127.0.0.1");
            // transport is only used inside this JVM; keep it off the usual 9300 so that a
            // second node (other port) or a stray OpenSearch does not clash.
            settings.put("transport.port", Integer.toString(port + 100) + "-" + Integer.toString(port + 199));
            settings.putList("node.roles", "cluster_manager", "data", "ingest");
            // CI disks may be fairly full: never flip indices to read-only because of that.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            settings.put("bootstrap.memory_lock", false);
            settings.put("action.destructive_requires_name", false);
        });

        final OpenSearchRunner.Configs configs = newConfigs()
                .basePath(base.toString())
                .numOfNode(1)
                .clusterName("ci-opensearch")
                .printOnFailure();
        if (!plugins.isEmpty()) {
            configs.pluginTypes(String.join(",", plugins));
        }
        try {
            runner.build(configs);
            runner.ensureYellow();
        } catch (final Throwable t) {
            System.err.println("ci-opensearch: failed to start the node");
            t.printStackTrace();
            System.exit(1);
        }
        System.out.println("ci-opensearch: node up on http://127.0.0.1:" + port + " plugins=" + plugins
                + " base=" + base);
        stopped.await();
    }

    private static void addIfPresent(final List<String> plugins, final String className) {
        try {
            Class.forName(className);
            plugins.add(className);
        } catch (final ClassNotFoundException e) {
            System.err.println("ci-opensearch: plugin class not on the classpath, skipped: " + className);
        }
    }

    private static String env(final String name, final String fallback) {
        final String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
