package heartbeatchat.server.e2e;

import heartbeatchat.server.engines.HaproxyServer;
import heartbeatchat.server.engines.PostgresServer;
import heartbeatchat.server.engines.RedisServer;
import heartbeatchat.server.it.ServerProcess;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chaos test on a cluster: two servers on one PostgreSQL and one Redis behind HAProxy, configured
 * by {@code docs/haproxy.cfg} as it is. Ann and Bob's pages and the scripted client are spread over
 * both servers (HAProxy gives each new WebSocket to the server with fewest); messages in the direct
 * conversation, the room and the lobby cross between them. One server is killed with SIGKILL
 * mid-stream: its clients come back through HAProxy on the other; it is started again later. Every
 * message is stored once, shown once, in order, in its room only.
 */
class ClusterChaosE2EIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final class Cluster implements ChaosE2EIT.Deployment {
        private final PostgresServer postgres;
        private final RedisServer redis;
        private final String database;
        private final ServerProcess a;
        private ServerProcess b;
        private final int portB;
        private final HaproxyServer haproxy;

        Cluster() throws Exception {
            postgres = PostgresServer.start();
            redis = RedisServer.start();
            database = postgres.newDatabase();
            a = node("a", 0);
            b = node("b", 0);
            portB = b.port();
            haproxy = HaproxyServer.start(Path.of(System.getProperty("chat.docsDir", "../docs"), "haproxy.cfg"),
                    a.port(), portB);
        }

        private ServerProcess node(String name, int port) throws Exception {
            return ServerProcess.start(port, "--postgres", database, "--redis", redis.url(), "--node-name", name,
                    "--trust-proxy", "127.0.0.1");
        }

        @Override
        public String httpUrl() {
            return haproxy.httpUrl();
        }

        @Override
        public String wsUrl(String path) {
            return haproxy.wsUrl(path);
        }

        @Override
        public void beforeFailure() throws Exception {
            double onA = connections(a);
            double onB = connections(b);
            System.out.printf("cluster chaos: %d connections on a, %d on b before b is killed%n", (int) onA, (int) onB);
            assertTrue(onA >= 1 && onB >= 1, "clients on both servers: " + onA + " and " + onB);
        }

        @Override
        public void fail() throws Exception {
            b.kill();
        }

        @Override
        public void recover() throws Exception {
            b = node("b", portB);
        }

        @Override
        public void close() {
            haproxy.close();
            a.close();
            b.close();
            redis.close();
            postgres.close();
        }

        private static double connections(ServerProcess node) throws Exception {
            String text = HTTP.send(HttpRequest.newBuilder(URI.create(node.httpUrl() + "metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^chat_connections\\{[^}]*\\} ([0-9.]+)$").matcher(text);
            return m.find() ? Double.parseDouble(m.group(1)) : -1;
        }
    }

    @Test
    void nothingIsLostOrDoubledWhenOneServerOfTheClusterIsKilledMidStream() throws Exception {
        try (Cluster cluster = new Cluster()) {
            ChaosE2EIT.run(cluster, "cluster chaos");
        }
    }
}
