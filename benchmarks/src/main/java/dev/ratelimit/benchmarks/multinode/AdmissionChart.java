package dev.ratelimit.benchmarks.multinode;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Draws the cumulative admitted requests over time of the two runs of the multi-node
 * demonstration (CSV files written by {@code AdmissionRun}) against the ceilings of one
 * shared bucket and of one bucket per node. Run headless as a single-file program: <pre>
 * java -Djava.awt.headless=true AdmissionChart.java --local=local.csv --redis=redis.csv \
 *     --burst=20 --limit=60 --period-seconds=60 --nodes=3 --out=admitted.png
 * </pre>
 */
public final class AdmissionChart {

	private static final int WIDTH = 960;

	private static final int HEIGHT = 560;

	private static final int LEFT = 80;

	private static final int RIGHT = 30;

	private static final int TOP = 60;

	private static final int BOTTOM = 70;

	private static final Color LOCAL = new Color(0xD9, 0x5F, 0x02);

	private static final Color REDIS = new Color(0x1B, 0x6A, 0xC9);

	private static final Color CEILING = new Color(0x55, 0x55, 0x55);

	private final double maxSeconds;

	private final double maxAdmitted;

	private AdmissionChart(double maxSeconds, double maxAdmitted) {
		this.maxSeconds = maxSeconds;
		this.maxAdmitted = maxAdmitted;
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			options.put(pair[0], pair[1]);
		}
		List<double[]> local = admissions(Path.of(options.get("local")));
		List<double[]> redis = admissions(Path.of(options.get("redis")));
		double burst = Double.parseDouble(options.get("burst"));
		double rate = Double.parseDouble(options.get("limit")) / Double.parseDouble(options.get("period-seconds"));
		int nodes = Integer.parseInt(options.get("nodes"));
		double seconds = Math.max(last(local)[0], last(redis)[0]);
		double top = Math.max(last(local)[1], nodes * (burst + rate * seconds)) * 1.1;
		BufferedImage image = new AdmissionChart(seconds, top).draw(local, redis, burst, rate, nodes);
		ImageIO.write(image, "png", Path.of(options.get("out")).toFile());
		System.out.println("chart written to " + options.get("out"));
	}

	// (time in seconds, admitted so far) at each admission, from the CSV's done_ms column
	private static List<double[]> admissions(Path csv) throws IOException {
		List<double[]> points = new ArrayList<>();
		points.add(new double[] { 0, 0 });
		int admitted = 0;
		double seconds = 0;
		List<String> lines = Files.readAllLines(csv);
		for (String line : lines.subList(1, lines.size())) {
			String[] fields = line.split(",");
			seconds = Double.parseDouble(fields[1]) / 1000;
			if (fields[2].equals("200")) {
				admitted++;
				points.add(new double[] { seconds, admitted });
			}
		}
		points.add(new double[] { seconds, admitted });
		return points;
	}

	private static double[] last(List<double[]> points) {
		return points.get(points.size() - 1);
	}

	private BufferedImage draw(List<double[]> local, List<double[]> redis, double burst, double rate, int nodes) {
		BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, WIDTH, HEIGHT);
		axes(g);
		Stroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 8, 6 },
				0);
		Stroke dotted = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 2, 4 },
				0);
		line(g, CEILING, dotted, nodes * burst, nodes * (burst + rate * this.maxSeconds));
		line(g, CEILING, dashed, burst, burst + rate * this.maxSeconds);
		steps(g, LOCAL, local);
		steps(g, REDIS, redis);
		String rateText = String.format(Locale.ROOT, "%.2f", rate);
		legend(g, new Object[][] {
				{ LOCAL, new BasicStroke(3), "backend=local (naive, per node): " + (int) last(local)[1] + " admitted" },
				{ REDIS, new BasicStroke(3), "backend=redis (distributed): " + (int) last(redis)[1] + " admitted" },
				{ CEILING, dashed, "one shared bucket: " + (int) burst + " + " + rateText + "/s \u00d7 t" },
				{ CEILING, dotted, nodes + " buckets, one per node: " + nodes + " \u00d7 (" + (int) burst + " + "
						+ rateText + "/s \u00d7 t)" } });
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
		g.drawString("Admitted requests of one client through a " + nodes + "-node round robin", LEFT, 35);
		g.dispose();
		return image;
	}

	private void axes(Graphics2D g) {
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		double yStep = niceStep(this.maxAdmitted);
		for (double y = 0; y <= this.maxAdmitted; y += yStep) {
			g.setColor(new Color(0xE6, 0xE6, 0xE6));
			g.drawLine(LEFT, py(y), WIDTH - RIGHT, py(y));
			g.setColor(Color.DARK_GRAY);
			String label = String.valueOf((int) y);
			g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py(y) + 4);
		}
		double xStep = niceStep(this.maxSeconds);
		for (double x = 0; x <= this.maxSeconds + 1e-9; x += xStep) {
			g.setColor(Color.DARK_GRAY);
			g.drawLine(px(x), HEIGHT - BOTTOM, px(x), HEIGHT - BOTTOM + 5);
			String label = String.valueOf((int) x);
			g.drawString(label, px(x) - g.getFontMetrics().stringWidth(label) / 2, HEIGHT - BOTTOM + 20);
		}
		g.setColor(Color.BLACK);
		g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
		g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
		g.drawString("seconds since the first request", (WIDTH - 200) / 2, HEIGHT - 25);
		Graphics2D rotated = (Graphics2D) g.create();
		rotated.rotate(-Math.PI / 2);
		rotated.drawString("requests admitted (HTTP 200)", -(HEIGHT + 180) / 2, 25);
		rotated.dispose();
	}

	private void steps(Graphics2D g, Color color, List<double[]> points) {
		Path2D path = new Path2D.Double();
		path.moveTo(px(points.get(0)[0]), py(points.get(0)[1]));
		for (int i = 1; i < points.size(); i++) {
			path.lineTo(px(points.get(i)[0]), py(points.get(i - 1)[1]));
			path.lineTo(px(points.get(i)[0]), py(points.get(i)[1]));
		}
		g.setColor(color);
		g.setStroke(new BasicStroke(3));
		g.draw(path);
	}

	private void line(Graphics2D g, Color color, Stroke stroke, double from, double to) {
		g.setColor(color);
		g.setStroke(stroke);
		g.drawLine(px(0), py(from), px(this.maxSeconds), py(to));
	}

	private void legend(Graphics2D g, Object[][] entries) {
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		int x = LEFT + 20;
		int y = TOP + 20;
		g.setColor(new Color(255, 255, 255, 230));
		g.fillRect(x - 10, y - 16, 420, entries.length * 22 + 10);
		for (Object[] entry : entries) {
			g.setColor((Color) entry[0]);
			g.setStroke((Stroke) entry[1]);
			g.drawLine(x, y - 4, x + 36, y - 4);
			g.setColor(Color.BLACK);
			g.drawString((String) entry[2], x + 46, y);
			y += 22;
		}
	}

	private int px(double seconds) {
		return LEFT + (int) Math.round(seconds / this.maxSeconds * (WIDTH - LEFT - RIGHT));
	}

	private int py(double admitted) {
		return HEIGHT - BOTTOM - (int) Math.round(admitted / this.maxAdmitted * (HEIGHT - TOP - BOTTOM));
	}

	private static double niceStep(double range) {
		double raw = range / 8;
		double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
		for (double factor : new double[] { 1, 2, 5, 10 }) {
			if (factor * magnitude >= raw) {
				return factor * magnitude;
			}
		}
		return 10 * magnitude;
	}

}
