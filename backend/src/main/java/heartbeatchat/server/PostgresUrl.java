package heartbeatchat.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code --postgres} as the JDBC driver takes it. Both spellings people have are accepted: the JDBC
 * one, {@code jdbc:postgresql://host:port/db?user=…&password=…}, as it is, and libpq's,
 * {@code postgresql://user:password@host:port/db?…} (or {@code postgres://}), turned into the first.
 * Anything else is a usage error that names the problem and never shows the password.
 */
final class PostgresUrl {
    private static final String JDBC = "jdbc:postgresql://";

    private PostgresUrl() {
    }

    static String toJdbc(String url) throws ServerOptions.UsageException {
        String u = url.trim();
        boolean jdbc = u.startsWith(JDBC);
        if (!jdbc && !u.startsWith("postgresql://") && !u.startsWith("postgres://")) {
            throw bad(u, "it must start with jdbc:postgresql://, postgresql:// or postgres://");
        }
        URI uri;
        try {
            uri = new URI(jdbc ? u.substring("jdbc:".length()) : u);
        } catch (URISyntaxException e) {
            throw bad(u, "it is not a URL");
        }
        String host = uri.getHost();
        String path = uri.getRawPath();
        if (host == null || host.isEmpty()) {
            throw bad(u, "it names no host");
        }
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw bad(u, "it names no database (…/dbname)");
        }
        if (jdbc) {
            return u;
        }
        StringBuilder query = new StringBuilder();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            query.append("user=").append(encode(user));
            if (colon >= 0) {
                query.append("&password=").append(encode(decode(userInfo.substring(colon + 1))));
            }
        }
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            query.append(query.length() > 0 ? "&" : "").append(uri.getRawQuery());
        }
        return JDBC + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + path + (query.length() > 0 ? "?" + query : "");
    }

    /** The URL with any password left out, for messages and logs. */
    static String withoutSecrets(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//[^/@:]*:[^/@]*@", "//***@");
    }

    private static ServerOptions.UsageException bad(String url, String why) {
        return new ServerOptions.UsageException("--postgres " + withoutSecrets(url) + " cannot be used: " + why);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
