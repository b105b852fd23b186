package dev.ratelimit.benchmarks.multinode;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends requests for one client at a steady pace through the round-robin front, counts
 * how many are admitted, and compares the count with what a single shared token bucket
 * may admit: {@code burst + rate * elapsed}. Run as a single-file program: <pre>
 * java AdmissionRun.java --url=http://127.0.0.1:8080/api/resource --backend=redis \
 *     --requests=300 --pace=20 --burst=20 --limit=60 --period-seconds=60 --csv=redis.csv
 * </pre> For {@code --backend=redis} it passes when {@code burst <= admitted <= bound};
 * for {@code --backend=local} when {@code admitted > bound}, which is the over-admission
 * the naive per-node limiter is expected to show. The last line of output starts with
 * {@code RESULT} for scripts to read.
 */
public final class AdmissionRun {

	private static final int MAX_IN_FLIGHT = 16;

	private static final Pattern NODE = Pattern.compile("\"node\"\\s*:\\s*\"([^\"]+)\"");

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final Map<String, String> options;

	private AdmissionRun(Map<String, String> options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			options.put(pair[0], (pair.length > 1) ? pair[1] : "true");
		}
		System.exit(new AdmissionRun(options).run() ? 0 : 1);
	}

	private boolean run() throws Exception {
		URI url = URI.create(option("url"));
		String backend = option("backend");
		int requests = Integer.parseInt(option("requests"));
		String apiKey = this.options.getOrDefault("api-key", "demo-" + backend + "-" + System.nanoTime());
		System.out.println("front answers from " + nodesBehind(url.resolve("/api/ping")));
		warmUp(url, 30);
		List<Sample> samples = fire(url, requests, Double.parseDouble(option("pace")), apiKey);
		writeCsv(samples);
		return report(backend, samples);
	}

	private boolean report(String backend, List<Sample> samples) {
		long burst = Long.parseLong(option("burst"));
		double rate = Double.parseDouble(option("limit")) / Double.parseDouble(option("period-seconds"));
		// every decision falls between the first send and the last answer, so this
		// client-side span is at least the span the bucket refilled over
		double elapsed = (samples.get(samples.size() - 1).doneNanos
				- samples.stream().mapToLong(Sample::sentNanos).min().orElse(0)) / 1e9;
		long admitted = samples.stream().filter((sample) -> sample.status == 200).count();
		long denied = samples.stream().filter((sample) -> sample.status == 429).count();
		double bound = burst + rate * elapsed;
		boolean pass = backend.equals("local") ? admitted > bound
				: admitted >= Math.min(burst, samples.size()) && admitted <= Math.floor(bound + 1e-9);
		System.out.printf(Locale.ROOT, "backend=%s: %d requests in %.2f s, %d admitted, %d denied (429), %d other%n",
				backend, samples.size(), elapsed, admitted, denied, samples.size() - admitted - denied);
		System.out.println("  admitted per node: " + perNode(samples));
		System.out.printf(Locale.ROOT,
				"  one shared bucket admits at most burst + rate x elapsed = %d + %.3f/s x %.2f s = %.2f%n", burst,
				rate, elapsed, bound);
		System.out.printf(Locale.ROOT,
				"RESULT backend=%s requests=%d admitted=%d denied=%d elapsed_s=%.2f bound=%.2f ratio=%.2f verdict=%s%n",
				backend, samples.size(), admitted, denied, elapsed, bound, admitted / bound, pass ? "PASS" : "FAIL");
		return pass;
	}

	// sends on schedule without waiting for earlier answers, so slow answers cannot
	// stretch the run and the pace stays what was asked for; at most MAX_IN_FLIGHT wait
	// for an answer at once, which only a pace of 0 (as fast as possible) reaches
	private List<Sample> fire(URI url, int requests, double pace, String apiKey) throws Exception {
		List<CompletableFuture<Sample>> pending = new ArrayList<>(requests);
		Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
		long intervalNanos = (pace > 0) ? (long) (1e9 / pace) : 0;
		long start = System.nanoTime();
		for (int i = 0; i < requests; i++) {
			long wait = start + i * intervalNanos - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			inFlight.acquire();
			long sent = System.nanoTime() - start;
			pending.add(this.client.sendAsync(request(url, apiKey), HttpResponse.BodyHandlers.ofString())
				.whenComplete((response, failure) -> inFlight.release())
				.thenApply((response) -> new Sample(sent, System.nanoTime() - start, response.statusCode(),
						node(response))));
		}
		List<Sample> samples = new ArrayList<>(requests);
		for (CompletableFuture<Sample> sample : pending) {
			samples.add(sample.get());
		}
		samples.sort(Comparator.comparingLong(Sample::doneNanos));
		return samples;
	}

	// the first calls of a node are slow (connections, the script's first load); spend
	// them on another client so that the measured run starts warm
	private void warmUp(URI url, int calls) throws Exception {
		for (int i = 0; i < calls; i++) {
			get(url, "warm-up-" + System.nanoTime());
		}
	}

	private TreeSet<String> nodesBehind(URI ping) throws Exception {
		TreeSet<String> nodes = new TreeSet<>();
		for (int i = 0; i < 6; i++) {
			nodes.add(node(get(ping, "ping")));
		}
		return nodes;
	}

	private HttpResponse<String> get(URI url, String apiKey) throws IOException, InterruptedException {
		return this.client.send(request(url, apiKey), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest request(URI url, String apiKey) {
		return HttpRequest.newBuilder(url).header("X-API-Key", apiKey).timeout(Duration.ofSeconds(10)).build();
	}

	private static String node(HttpResponse<String> response) {
		Matcher matcher = NODE.matcher(response.body());
		return matcher.find() ? matcher.group(1) : "-";
	}

	private static Map<String, Long> perNode(List<Sample> samples) {
		Map<String, Long> admitted = new TreeMap<>();
		samples.stream()
			.filter((sample) -> sample.status == 200)
			.forEach((sample) -> admitted.merge(sample.node, 1L, Long::sum));
		return admitted;
	}

	private void writeCsv(List<Sample> samples) throws IOException {
		String csv = this.options.get("csv");
		if (csv == null) {
			return;
		}
		try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(csv)))) {
			out.println("sent_ms,done_ms,status,node");
			for (Sample sample : samples) {
				out.printf(Locale.ROOT, "%.3f,%.3f,%d,%s%n", sample.sentNanos / 1e6, sample.doneNanos / 1e6,
						sample.status, sample.node);
			}
		}
	}

	private String option(String name) {
		String value = this.options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("missing --" + name + "=...");
		}
		return value;
	}

	/**
	 * One request: when it was sent and answered, relative to the first, and its outcome.
	 */
	private record Sample(long sentNanos, long doneNanos, int status, String node) {
	}

}
