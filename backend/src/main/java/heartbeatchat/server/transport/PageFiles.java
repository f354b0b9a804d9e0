package heartbeatchat.server.transport;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The page's files (classpath {@code /public}), read into memory at start and served from there with
 * a strong ETag, revalidated on every load ({@code Cache-Control: max-age=0}, {@code 304} when the
 * ETag still matches). Javalin's static files would mount the whole server jar as a zip file system
 * to find five files, a fifth of a second of a cold start (docs/bench/PROFILE.md, section 9).
 * {@link #NAMES} lists them; a test checks it against what the build put under {@code public}.
 */
public final class PageFiles {
    /** Every file under classpath {@code /public}; {@code /} serves {@code index.html}. */
    public static final List<String> NAMES = List.of("index.html", "start.js", "sw.js", "style.css", "js/chat.js");

    private PageFiles() {
    }

    /** Adds GET and HEAD routes for each file, and {@code /} for the page. */
    public static void addTo(JavalinConfig config) {
        for (String name : NAMES) {
            File file = read(name);
            for (String path : name.equals("index.html") ? List.of("/", "/index.html") : List.of("/" + name)) {
                config.routes.get(path, file::serve);
                config.routes.head(path, file::serve);
            }
        }
    }

    private record File(byte[] bytes, String contentType, String etag) {
        void serve(Context ctx) {
            ctx.header("Cache-Control", "max-age=0");
            ctx.header("ETag", etag);
            if (etag.equals(ctx.header("If-None-Match"))) {
                ctx.status(304);
                return;
            }
            ctx.contentType(contentType).result(bytes);
        }
    }

    private static File read(String name) {
        try (InputStream in = PageFiles.class.getResourceAsStream("/public/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the page file public/" + name + " is missing from the server's jar");
            }
            byte[] bytes = in.readAllBytes();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new File(bytes, contentType(name), "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        throw new IllegalArgumentException("no content type for " + name);
    }
}
