package heartbeatchat.server;

import heartbeatchat.server.store.StoreException;

/** {@code java -jar heartbeat-chat.jar [--port N] [--host H] …}; {@code --help} lists every option. */
public final class Main {
    private static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    private Main() {
    }

    public static void main(String[] args) {
        ServerOptions options;
        try {
            options = ServerOptions.parse(args, System.getenv());
        } catch (ServerOptions.UsageException e) {
            System.err.println("heartbeat-chat: " + e.getMessage());
            System.err.print(ServerOptions.usage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(ServerOptions.usage());
            return;
        }
        if (options.jsonLogs()) {
            // before the first logger exists: Logback is configured once, when first used
            System.setProperty(LogConfigurator.FORMAT_PROPERTY, "json");
        }
        // Jetty asks the JVM through JMX whether references are compressed, to pad its queues to a
        // cache line; starting JMX for that was a tenth of a second of a cold start (PROFILE.md,
        // section 9). They are compressed on a heap under 32 GB unless switched off.
        if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, Runtime.getRuntime().maxMemory() < (32L << 30) ? "16" : "8");
        }
        ChatServer server;
        try {
            server = ChatServer.start(options);
        } catch (StoreException e) {
            System.err.println("heartbeat-chat: " + e.getMessage());
            System.exit(1);
            return;
        } catch (StartupException e) {
            System.err.println("heartbeat-chat: " + e.getMessage());
            System.exit(e.exitCode());
            return;
        }
        // SIGTERM and SIGINT: store what is queued, close every connection with 1012, exit
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    }
}
