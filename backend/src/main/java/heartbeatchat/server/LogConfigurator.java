package heartbeatchat.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The server's Logback configuration, in code (found through {@code META-INF/services}) rather than
 * in an XML file: reading XML loaded some 600 classes and took about a third of a second of a cold
 * start (docs/bench/PROFILE.md, section 9). Standard output, INFO and up, the libraries' chatter at
 * WARN; as text lines (time, level, the class that logged, the message) or, with the system property
 * {@value #FORMAT_PROPERTY} set to {@code json} ({@code --log-format json}), one JSON object per line
 * from Logback's {@link JsonEncoder} (timestamp, level, threadName, loggerName, formattedMessage,
 * throwable). A configuration file named with {@code -Dlogback.configurationFile} still wins.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    /** {@code json} for JSON lines; anything else, or unset, for text. */
    public static final String FORMAT_PROPERTY = "heartbeatchat.logFormat";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(context);
        out.setName("out");
        out.setEncoder("json".equals(System.getProperty(FORMAT_PROPERTY)) ? json(context) : text(context));
        out.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(out);
        for (String quiet : new String[] {"org.eclipse.jetty", "io.javalin", "io.netty", "io.lettuce"}) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        // %isoTime writes what %d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} would, formatting the second once
        Map<String, Supplier<DynamicConverter>> words = new HashMap<>();
        words.put("isoTime", IsoTimeConverter::new);
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, words);
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%isoTime %level %logger{0} - %msg%n");
        text.start();
        return text;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithFormattedMessage(true);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithContext(false);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.start();
        return json;
    }
}
