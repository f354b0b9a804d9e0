package heartbeatchat.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** p99 latency against offered load for each server, log-log, as a PNG drawn with AWT. */
final class Plot {
    private static final Color[] COLORS = {new Color(0x0f766e), new Color(0xb45309)};

    private Plot() {
    }

    @SuppressWarnings("unchecked")
    static void latencyAgainstLoad(Map<String, Map<String, Object>> results, Path file) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int w = 900;
        int h = 560;
        int left = 90;
        int right = 30;
        int top = 50;
        int bottom = 70;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double minX = 1e3;
        double maxX = 1e7;
        double minY = 1e2;
        double maxY = 1e7; // 100 µs to 10 s
        g.setColor(new Color(0xdddddd));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double x = minX; x <= maxX; x *= 10) {
            int px = xPix(x, minX, maxX, left, w - right);
            g.setColor(new Color(0xdddddd));
            g.drawLine(px, top, px, h - bottom);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%,.0f", x), px - 20, h - bottom + 18);
        }
        String[] yLabels = {"100 µs", "1 ms", "10 ms", "100 ms", "1 s", "10 s"};
        int li = 0;
        for (double y = minY; y <= maxY; y *= 10) {
            int py = yPix(y, minY, maxY, top, h - bottom);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, py, w - right, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(yLabels[li++], 20, py + 4);
        }
        int py50 = yPix(50_000, minY, maxY, top, h - bottom);
        g.setColor(new Color(0xb91c1c));
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 6}, 0));
        g.drawLine(left, py50, w - right, py50);
        g.drawString("p99 = 50 ms", w - right - 90, py50 - 6);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Fan-out to 1000 receivers: p99 latency against offered deliveries per second", left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("offered deliveries per second", w / 2 - 80, h - 25);
        int series = 0;
        for (Map.Entry<String, Map<String, Object>> e : results.entrySet()) {
            Color c = COLORS[series % COLORS.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(2.5f));
            Map<String, Object> f = (Map<String, Object>) e.getValue().get("fanout");
            int prevX = -1;
            int prevY = -1;
            for (Map<String, Object> s : (List<Map<String, Object>>) f.get("steps")) {
                double x = ((Number) s.get("offeredPerSecond")).doubleValue();
                double y = Math.max(minY, Math.min(maxY, ((Number) s.get("p99Micros")).doubleValue()));
                int px = xPix(x, minX, maxX, left, w - right);
                int pyy = yPix(y, minY, maxY, top, h - bottom);
                g.fillOval(px - 4, pyy - 4, 8, 8);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, pyy);
                }
                prevX = px;
                prevY = pyy;
            }
            g.fillRect(left + 10, top + 10 + series * 20, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), left + 30, top + 20 + series * 20);
            series++;
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static int xPix(double x, double min, double max, int from, int to) {
        return from + (int) ((Math.log10(x) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) * (to - from));
    }

    private static int yPix(double y, double min, double max, int top, int bottomY) {
        return bottomY - (int) ((Math.log10(y) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) * (bottomY - top));
    }
}
