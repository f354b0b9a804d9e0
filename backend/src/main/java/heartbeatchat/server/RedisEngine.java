package heartbeatchat.server;

import heartbeatchat.server.cluster.Broker;
import heartbeatchat.server.cluster.RedisBroker;

/**
 * Connects the Redis broker for {@code --redis}. Its own class, so that a server without the flag
 * never loads Lettuce's or Netty's classes: only calling {@link #connect} does.
 */
final class RedisEngine {
    private RedisEngine() {
    }

    /** The broker, or a one-line reason with exit code 2 when Redis cannot be reached or the URL used. */
    static Broker connect(String url, String node) throws StartupException {
        try {
            return RedisBroker.connect(url, node);
        } catch (RuntimeException e) {
            Throwable t = e;
            while (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            String why = t == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + t.getMessage();
            throw new StartupException("cannot connect to Redis at " + withoutPassword(url) + ": " + why, e, 2);
        }
    }

    static String withoutPassword(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }
}
