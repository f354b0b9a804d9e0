package heartbeatchat.server;

import heartbeatchat.server.store.StoreException;

/** {@code java -jar heartbeat-chat.jar [--port N] [--host H] …}; {@code --help} lists every option. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServerOptions options;
        try {
            options = ServerOptions.parse(args, System.getenv());
        } catch (ServerOptions.UsageException e) {
            System.err.println("heartbeat-chat: " + e.getMessage());
            System.err.print(ServerOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(ServerOptions.USAGE);
            return;
        }
        if (options.jsonLogs()) {
            // before the first logger exists: Logback reads its configuration once, when first used
            System.setProperty("logback.configurationFile", "logback-json.xml");
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
