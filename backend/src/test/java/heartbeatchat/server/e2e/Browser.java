package heartbeatchat.server.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;

/**
 * One headless Debian Chromium with a fresh profile (so a fresh openid), driven through the page
 * the way a person uses it. The driver and browser paths are given explicitly so Selenium Manager
 * never goes to the network.
 */
final class Browser implements AutoCloseable {
    private static final Path TARGET = Path.of(System.getProperty("chat.targetDir", "target"));

    private final ChromeDriver driver;
    private final List<LogEntry> consoleLog = new ArrayList<>();

    Browser(int width, int height) throws IOException {
        this(width, height, List.of());
    }

    /** @param extraArguments more Chromium switches, e.g. to trust a test certificate */
    Browser(int width, int height, List<String> extraArguments) throws IOException {
        String chromium = System.getProperty("chromium.binary", "/usr/bin/chromium");
        String chromedriver = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");
        if (!new File(chromium).canExecute() || !new File(chromedriver).canExecute()) {
            throw new IllegalStateException("end-to-end tests need Debian's chromium and chromium-driver: "
                    + "apt-get install -y chromium chromium-driver");
        }
        Path profile = Files.createDirectories(TARGET.resolve("chrome-profiles").resolve(UUID.randomUUID().toString()));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic",
                // the page must keep its timers running at full rate although nobody looks at it
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding");
        options.addArguments(extraArguments);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        if (width < MIN_WINDOW_WIDTH) { // headless Chromium's windows are never narrower: emulate the phone's screen
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    java.util.Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
        }
    }

    /** The narrowest window headless Chromium makes; narrower sizes are emulated. */
    private static final int MIN_WINDOW_WIDTH = 500;

    void open(String url) {
        driver.get(url);
    }

    /** Fills the login form and waits for the chat view. */
    void join(String name) {
        WebElement input = waitFor(By.id("name-input"), Duration.ofSeconds(10));
        input.clear();
        input.sendKeys(name);
        driver.findElements(By.cssSelector("#avatar-picker button")).get(2).click();
        driver.findElement(By.id("join-button")).click();
        waitUntil(Duration.ofSeconds(10), "chat view shown", () -> driver.findElement(By.id("chat-view")).isDisplayed());
    }

    /** Opens the page, joins with the name and waits until the page is online. */
    void enter(String url, String name) {
        open(url);
        join(name);
        waitForState("online", Duration.ofSeconds(10));
    }

    String state() {
        return driver.findElement(By.id("status")).getAttribute("data-state");
    }

    /** Whether the status bar and the list of who is online are on screen. */
    boolean statusAndRosterVisible() {
        return driver.findElement(By.id("status")).isDisplayed()
                && driver.findElement(By.id("online-list")).isDisplayed();
    }

    String statusText() {
        return driver.findElement(By.id("status")).getText();
    }

    void waitForState(String state, Duration timeout) {
        waitUntil(timeout, "status " + state, () -> state.equals(state()));
    }

    /** Types into the message box and presses Enter. */
    void say(String text) {
        WebElement input = driver.findElement(By.id("message-input"));
        input.sendKeys(text);
        input.sendKeys("\n");
    }

    /** The stored messages on the page, in page order: seq, text, name, and whether marked as one's own. */
    List<Shown> messages() {
        List<Shown> shown = new ArrayList<>();
        for (WebElement li : driver.findElements(By.cssSelector("#messages li.message[data-seq]"))) {
            shown.add(new Shown(Long.parseLong(li.getAttribute("data-seq")),
                    li.findElement(By.cssSelector(".text")).getText(),
                    li.findElement(By.cssSelector(".name")).getText(),
                    li.getAttribute("class").contains("mine")));
        }
        return shown;
    }

    record Shown(long seq, String text, String name, boolean mine) {
    }

    /** Messages typed here and not yet confirmed by the server. */
    long pendingCount() {
        return (Long) script("return document.querySelectorAll('#messages li.pending').length");
    }

    /** The same as {@link #messages()} in page order, read in one script call (textContent, not rendered text). */
    List<Shown> messagesFast() {
        List<Shown> shown = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<List<Object>> rows = (List<List<Object>>) script("return Array.from(document.querySelectorAll("
                + "'#messages li.message[data-seq]')).map(li => [li.getAttribute('data-seq'),"
                + " li.querySelector('.text').textContent, li.querySelector('.name').textContent,"
                + " li.classList.contains('mine')])");
        for (List<Object> r : rows) {
            shown.add(new Shown(Long.parseLong((String) r.get(0)), (String) r.get(1), (String) r.get(2), (Boolean) r.get(3)));
        }
        return shown;
    }

    void waitForMessage(String text, Duration timeout) {
        waitUntil(timeout, "message '" + text + "' shown",
                () -> messagesFast().stream().anyMatch(m -> m.text().equals(text))); // one script call, however long the list
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    ChromeDriver driver() {
        return driver;
    }

    Path screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(TARGET.resolve("screenshots"));
        Path file = dir.resolve(name + ".png");
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** Console entries at SEVERE level since the last call, minus those the filter accepts as expected. */
    List<String> consoleErrors(java.util.function.Predicate<String> expected) {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            consoleLog.add(e);
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !expected.test(e.getMessage())) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    private WebElement waitFor(By by, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(d -> {
            List<WebElement> found = d.findElements(by);
            return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
        });
    }

    void waitUntil(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, timeout).withMessage(what).pollingEvery(Duration.ofMillis(50))
                .until(d -> condition.getAsBoolean());
    }

    @Override
    public void close() {
        driver.quit();
    }
}
