package heartbeatchat.server.transport;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which browser pages may open a WebSocket here. A browser always sends {@code Origin}; a page from
 * another site is refused unless its origin is allowed. Clients that send no {@code Origin}
 * (mini-programs, tools, servers) are not browsers pages on another site, so they are let in.
 */
public final class OriginPolicy {
    private final List<String> allowed;
    private final boolean any;

    public OriginPolicy(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalize).toList();
        this.any = allowed.contains("*");
    }

    /** @param host the request's {@code Host} header */
    boolean allows(String origin, String host) {
        if (origin == null || any) {
            return true;
        }
        String normalized = normalize(origin);
        if (allowed.contains(normalized)) {
            return true;
        }
        try {
            URI uri = new URI(normalized);
            if (uri.getHost() == null || host == null) {
                return false;
            }
            String originHost = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            return originHost.equalsIgnoreCase(host.trim()) || (uri.getPort() == -1
                    && defaultPortHost(uri).equalsIgnoreCase(host.trim()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** "http://h" is also "h:80" to a Host header. */
    private static String defaultPortHost(URI uri) {
        return uri.getHost() + ("https".equals(uri.getScheme()) ? ":443" : ":80");
    }

    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
